import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RectifyError, createRng, uniform01, type FloatArray, type SeededRandom } from '@rectify/core';
import { bitEqual } from '@rectify/testing';
import { allocateTensor, createArena, releaseTensor, startThreads, stopThreads, threadCount, wakeThreads, type Arena } from '../src/index.js';
import { fastLeaky, fastLeakyBackward, fastMaxout, fastMaxoutBackward, fastMultiply, fastPreluRows, fastRelu, fastReluBackward, fastRreluTrain } from './ops.js';
import { splitCount } from '../src/thread-split.js';

const EDGES = [-0, 0, Number.NaN, -Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, 5e-324, -5e-324, 3.4e38, -3.4e38, 1, -1, 2, -2];

/** A pattern of values (edge cases among them) spread over n elements in a seeded order, in one arena. */
function filled(arena: Arena, pattern: number[], seed: number, n: number, f64: boolean): FloatArray {
  const t = arena.allocate([n], f64 ? 'float64' : 'float32');
  if (t === undefined) throw new Error('arena full');
  let h = seed >>> 0;
  for (let i = 0; i < n; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    t.data[i] = pattern[h % pattern.length] as number;
  }
  return t.data;
}

function blankIn(arena: Arena, n: number, f64: boolean): FloatArray {
  const t = arena.allocate([n], f64 ? 'float64' : 'float32');
  if (t === undefined) throw new Error('arena full');
  return t.data;
}

type Inputs = { x: FloatArray; b: FloatArray; c: FloatArray; out: FloatArray };
/** Each splittable call, given x, two more inputs of x's length, an output, and x's length in groups of 64 channels. */
const CALLS: [string, (i: Inputs) => boolean][] = [
  ['relu', ({ x, out }) => fastRelu(x, out)],
  ['relu backward', ({ x, b, out }) => fastReluBackward(x, b, out)],
  ['leaky', ({ x, out }) => fastLeaky(x, out, 0.01)],
  ['leaky backward', ({ x, b, out }) => fastLeakyBackward(x, b, out, -0.3)],
  ['product', ({ x, b, out }) => fastMultiply(x, b, out)],
  ['prelu rows', ({ x, out }) => fastPreluRows(x, out, 64, Float64Array.from({ length: 64 }, (_, j) => (j % 7) / 10 - 0.3))],
  ['maxout pairs', ({ x, out }) => fastMaxout(x, out.subarray(0, x.length / 2), 2, 1)],
  ['maxout pairs backward', ({ x, b, out }) => fastMaxoutBackward(x, b.subarray(0, x.length / 2), out, 2, 1)],
  ['maxout groups of 3 × 8', ({ x, out }) => fastMaxout(x, out.subarray(0, x.length / 3), 3, 8)],
  ['maxout groups of 3 × 8 backward', ({ x, b, out }) => fastMaxoutBackward(x, b.subarray(0, x.length / 3), out, 3, 8)],
];

/**
 * Runs a call (which writes the same output each time) until the threads take their shares of it, up to 20
 * times: filling the inputs lets the workers fall asleep, and on a loaded machine the calling thread can be
 * held up between waking them and the call for longer than they check for work.
 */
function callSplit(call: () => boolean): boolean {
  for (let tries = 0; tries < 20; tries++) {
    const before = splitCount();
    if (!wakeThreads()) return false;
    const ran = call();
    if (!ran || splitCount() > before) return ran;
  }
  return true;
}

describe('kernel threads', () => {
  let shared: Arena;
  let single: Arena;
  beforeAll(async () => {
    expect(await startThreads(2)).toBe(2);
    shared = createArena(16 * 2 ** 20, { shared: true });
    single = createArena(16 * 2 ** 20);
  });
  afterAll(async () => {
    await stopThreads();
  });

  describe.each([
    ['float32', false],
    ['float64', true],
  ] as const)('%s', (_, f64) => {
    it.each(CALLS)('should split %s across the threads and give the bits of one thread', (_name, call) => {
      const before = splitCount();
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.constantFrom(...EDGES), f64 ? fc.double() : fc.float()), { minLength: 1, maxLength: 48 }),
          fc.integer(),
          // Whole groups of 192 (64 channels, groups of 3 × 8 and pairs), above the size from which calls are split, ragged in blocks.
          fc.integer({ min: 400, max: 800 }).map((groups) => groups * 192),
          (pattern, seed, n) => {
            const values = pattern.map((v) => (f64 ? v : Math.fround(v)));
            const run = (arena: Arena) => {
              const inputs = { x: filled(arena, values, seed, n, f64), b: filled(arena, values, seed + 1, n, f64), c: filled(arena, values, seed + 2, n, f64), out: blankIn(arena, n, f64) };
              return { ran: arena.shared ? callSplit(() => call(inputs)) : call(inputs), inputs };
            };
            const threaded = run(shared);
            const alone = run(single);
            const same = threaded.ran && alone.ran && bitEqual(threaded.inputs.out, alone.inputs.out);
            for (const a of Object.values(threaded.inputs)) shared.release(a);
            for (const a of Object.values(alone.inputs)) single.release(a);
            return same;
          },
        ),
        { numRuns: 15 },
      );
      // Every run was large enough to split: the threads really took shares.
      expect(splitCount() - before).toBeGreaterThan(0);
    });
  });

  it.each([2, 3])("should split RReLU's training forward with createRng's generator over %i threads, giving the scalar loop's y, slopes and final state", async (count) => {
    expect(await startThreads(count)).toBe(count);
    const before = splitCount();
    try {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.constantFrom(...EDGES), fc.double()), { minLength: 1, maxLength: 48 }),
          fc.integer(),
          // Ragged lengths above the size from which calls are split.
          fc.integer({ min: 70_000, max: 140_000 }),
          fc.boolean(),
          (pattern, seed, n, f64) => {
            const values = pattern.map((v) => (f64 ? v : Math.fround(v)));
            const lo = f64 ? 0.125 : Math.fround(0.125);
            const range = (f64 ? 1 / 3 : Math.fround(1 / 3)) - lo;
            const x = filled(shared, values, seed, n, f64);
            const y = blankIn(shared, n, f64);
            const noise = blankIn(shared, n, f64);
            let rng: SeededRandom = createRng(seed);
            const ran = callSplit(() => {
              rng = createRng(seed);
              return fastRreluTrain(x, y, noise, lo, range, rng);
            });
            // The contract, written plainly: one uniform01 draw per element x <= 0, in index order.
            const want = createRng(seed);
            const wantY = y.slice();
            const wantNoise = noise.slice();
            x.forEach((v, i) => {
              wantNoise[i] = v <= 0 ? uniform01(want) * range + lo : 1;
              wantY[i] = v <= 0 ? v * (wantNoise[i] as number) : v;
            });
            const same = ran && bitEqual(y, wantY) && bitEqual(noise, wantNoise) && rng.getState().every((w, i) => w === want.getState()[i]);
            for (const a of [x, y, noise]) shared.release(a);
            return same;
          },
        ),
        { numRuns: 10 },
      );
      expect(splitCount() - before).toBeGreaterThan(0);
    } finally {
      expect(await startThreads(2)).toBe(2);
    }
  });

  it('should leave calls below the split size, and plain arrays, to the calling thread', () => {
    const before = splitCount();
    const x = allocateTensor([1000]);
    const y = allocateTensor([1000]);
    expect(fastRelu(x.data, y.data)).toBe(true);
    expect(fastRelu(new Float32Array(1 << 18), new Float32Array(1 << 18))).toBe(true);
    expect(splitCount()).toBe(before);
    releaseTensor(x);
    releaseTensor(y);
  });

  it('should place allocateTensor tensors in shared memory while threads run, and in ordinary memory after', async () => {
    const t = allocateTensor([16]);
    expect(threadCount()).toBe(2);
    expect(t.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    releaseTensor(t);
    await stopThreads();
    expect(threadCount()).toBe(1);
    const u = allocateTensor([16]);
    expect(u.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    releaseTensor(u);
    expect(await startThreads(2)).toBe(2);
  });

  it('should reject a bad thread count or arena option with the field and the value, changing nothing', async () => {
    for (const count of [0, 1.5, 65, Number.NaN, '2']) {
      const error = await startThreads(count as number).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RectifyError);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'count', value: count });
    }
    expect(threadCount()).toBe(2);
    expect(() => createArena(1024, { shared: 'yes' as unknown as boolean })).toThrow(/shared must be a boolean, got "yes"/);
    expect(() => createArena(1024, { share: true } as never)).toThrow(/unknown option "share"/);
    expect(createArena(1024, { shared: true }).shared).toBe(true);
    expect(createArena(1024).shared).toBe(false);
  });

  it('should run a call that finds a thread asleep alone, waking the thread for the next', async () => {
    const x = filled(shared, EDGES, 9, 1 << 17, false);
    const y = blankIn(shared, 1 << 17, false);
    // Well past the time a worker checks for work before it sleeps.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = splitCount();
    fastRelu(x, y);
    expect(splitCount()).toBe(before);
    for (let tries = 0; tries < 50 && splitCount() === before; tries++) {
      expect(wakeThreads()).toBe(true);
      fastRelu(x, y);
    }
    expect(splitCount()).toBeGreaterThan(before);
    shared.release(x);
    shared.release(y);
  });

  it('should run on one thread again after stopThreads, with the same bits', async () => {
    const x = filled(shared, EDGES, 5, 1 << 17, false);
    const y = blankIn(shared, 1 << 17, false);
    const z = blankIn(shared, 1 << 17, false);
    fastRelu(x, y);
    await stopThreads();
    const before = splitCount();
    fastRelu(x, z);
    expect(splitCount()).toBe(before);
    expect(bitEqual(y, z)).toBe(true);
    expect(await startThreads(2)).toBe(2);
    expect(await startThreads(1)).toBe(1);
    expect(threadCount()).toBe(1);
    shared.release(x);
    shared.release(y);
    shared.release(z);
  });
});
