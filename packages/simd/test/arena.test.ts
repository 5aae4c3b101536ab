import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateBeside, allocateTensor, createArena, isWasmResident, releaseTensor } from '../src/index.js';

describe('arena', () => {
  it('should hand out zero-filled, aligned, non-overlapping tensors and take them back', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.boolean(), fc.boolean()), { maxLength: 40 }), (plan) => {
        const arena = createArena(256 * 1024);
        const live: { data: Float32Array | Float64Array; id: number }[] = [];
        let id = 0;
        for (const [n, f64, free] of plan) {
          if (free && live.length > 0) {
            arena.release((live.shift() as { data: Float32Array }).data);
            continue;
          }
          const t = arena.allocate([n], f64 ? 'float64' : 'float32');
          if (t === undefined) continue;
          if (t.data.byteOffset % 64 !== 0 || t.data.some((v) => v !== 0)) return false;
          id++;
          t.data.fill(id);
          live.push({ data: t.data, id });
        }
        // Every live tensor still holds its own fill: no allocation overlapped another.
        const intact = live.every((t) => t.data.every((v) => v === t.id));
        for (const t of live) arena.release(t.data);
        return intact && arena.used === 0;
      }),
    );
  });

  it('should reuse released memory, merging neighbours', () => {
    const arena = createArena(64 * 1024);
    expect(arena.capacity).toBe(64 * 1024);
    const a = arena.allocate([8192]);
    const b = arena.allocate([8192]);
    expect(a && b).toBeTruthy();
    expect(arena.allocate([1])).toBeUndefined();
    arena.release(a!);
    arena.release(b!);
    expect(arena.used).toBe(0);
    expect(arena.allocate([16384])).toBeDefined();
  });

  it('should refuse a double release and a foreign tensor with a RectifyError', () => {
    const arena = createArena(64 * 1024);
    const t = arena.allocate([10])!;
    arena.release(t);
    expect(() => arena.release(t)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'tensor' }));
    expect(() => arena.release(new Float32Array(4))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('should reject bad sizes, shapes and dtypes, naming the field', () => {
    expect(() => createArena(0)).toThrow(expect.objectContaining({ field: 'bytes' }));
    expect(() => createArena(2 ** 40)).toThrow(expect.objectContaining({ field: 'bytes' }));
    const arena = createArena(1024);
    expect(() => arena.allocate([-1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => arena.allocate([2], 'int8' as 'float32')).toThrow(expect.objectContaining({ field: 'dtype' }));
  });

  it('should keep earlier tensors usable when allocateTensor needs a new arena', () => {
    const first = allocateTensor([1000], 'float64');
    first.data.fill(3);
    const big = allocateTensor([20 * 2 ** 20]); // 80 MB: more than one default arena
    expect(isWasmResident(first.data) && isWasmResident(big.data)).toBe(true);
    expect(first.data.length).toBe(1000);
    expect(first.data.every((v) => v === 3)).toBe(true);
    expect(big.shape).toEqual([20 * 2 ** 20]);
    releaseTensor(big);
    releaseTensor(first);
    expect(() => releaseTensor(first)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('should give tensors too large for a default arena an arena that four of them share', () => {
    const n = 17 * 2 ** 20; // 68 MB each, more than a default arena holds
    const tensors = [0, 1, 2, 3].map(() => allocateTensor([n]));
    expect(new Set(tensors.map((t) => t.data.buffer)).size).toBe(1);
    tensors.forEach((t) => releaseTensor(t));
  });

  it('should not treat a plain typed array as resident', () => {
    expect(isWasmResident(new Float32Array(8))).toBe(false);
  });
});

describe('allocateBeside', () => {
  it('should allocate in the arena of its model when there is room, of its dtype, and an ordinary array otherwise', () => {
    const arena = createArena(64 * 1024);
    const x = arena.allocate([1000], 'float64') as { data: Float64Array };
    const beside = allocateBeside(x.data, 1000);
    expect(beside).toBeInstanceOf(Float64Array);
    expect(arena.owns(beside)).toBe(true);
    expect(beside.every((v) => v === 0)).toBe(true);
    // No room left for another: an ordinary array of the same dtype.
    const plain = allocateBeside(x.data, 8000);
    expect(arena.owns(plain)).toBe(false);
    expect(plain).toBeInstanceOf(Float64Array);
    expect(isWasmResident(allocateBeside(new Float32Array(4), 4))).toBe(false);
    // An explicit release returns the block, once.
    arena.release(beside);
    expect(() => arena.release(beside)).toThrow(/released already/);
    expect(arena.owns(allocateBeside(x.data, 1000))).toBe(true);
  });

  it('should return an array to its arena once the array is garbage-collected, without an explicit release', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'tests run with --expose-gc').toBeTypeOf('function');
    const arena = createArena(64 * 1024);
    const x = arena.allocate([1000], 'float64') as { data: Float64Array };
    // 32 KB each: only one fits at a time, so each round's array is in the arena only if the last one came back.
    const placedBeside = (): boolean => arena.owns(allocateBeside(x.data, 4000));
    for (let round = 0; round < 4; round++) {
      let placed = placedBeside();
      // Finalization callbacks run some time after a collection: collect and wait a few times.
      for (let tries = 0; !placed && tries < 20; tries++) {
        (gc as () => void)();
        await new Promise((resolve) => setTimeout(resolve, 10));
        placed = placedBeside();
      }
      expect(placed).toBe(true);
    }
  });

  it('should reject a bad model or length with the field and the value', () => {
    expect(() => allocateBeside([1, 2] as unknown as Float32Array, 2)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'like' }));
    for (const length of [-1, 1.5, Number.NaN, '3']) {
      expect(() => allocateBeside(new Float32Array(1), length as number)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'length', value: length }));
    }
  });
});
