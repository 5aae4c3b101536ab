import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { leakyBackward as coreLeakyBackward, leakyForward as coreLeakyForward, slopeGradient as coreSlopeGradient, type FloatArray } from '@rectify/core';
import { bitEqual } from '@rectify/testing';
import { createSimd, type KernelPath } from '../src/index.js';
import { fastLeaky, fastLeakyBackward, fastMaxout, fastMaxoutBackward, fastMultiply, fastPreluRows, fastPreluRowsBackward, fastRelu, fastReluBackward, fastSlopeGradient, getKernelPath, setKernelPath } from './ops.js';
import { blank, place, release } from './placement.js';

// Oracles: the definitions of each operation, written as plainly as possible.
const oracle = {
  relu: (x: FloatArray, y: FloatArray) => x.forEach((v, i) => (y[i] = v < 0 ? 0 : v)),
  reluBackward: (x: FloatArray, dy: FloatArray, dx: FloatArray) => x.forEach((v, i) => (dx[i] = v <= 0 ? 0 : (dy[i] as number))),
  /** Channels-last PReLU; slopes already rounded to the dtype. */
  preluRows: (x: FloatArray, y: FloatArray, c: number, w: Float64Array) => x.forEach((v, i) => (y[i] = v > 0 ? v : v * (w[i % c] as number))),
  preluRowsBackward: (x: FloatArray, dy: FloatArray, dx: FloatArray, c: number, w: Float64Array, sums: Float64Array) =>
    x.forEach((v, i) => {
      const g = dy[i] as number;
      dx[i] = v > 0 ? g : g * (w[i % c] as number);
      if (!(v > 0)) sums[i % c] = (sums[i % c] as number) + v * g;
    }),
  /** Index in x of the winner of output o: first maximum, first NaN. */
  winner: (x: FloatArray, o: number, k: number, inner: number) => {
    const first = Math.floor(o / inner) * k * inner + (o % inner);
    let at = first;
    for (let p = 1; p < k; p++) {
      const best = x[at] as number;
      if (best !== best) break;
      const candidate = first + p * inner;
      const v = x[candidate] as number;
      if (v > best || v !== v) at = candidate;
    }
    return at;
  },
};

const EDGES = [-0, 0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, 1, -1, 2, 2, -2, -2, 5e-324];

function values(f64: boolean): fc.Arbitrary<number> {
  return fc.oneof(
    f64 ? fc.double() : fc.float().map(Math.fround),
    fc.constantFrom(...EDGES).map((v) => (f64 ? v : Math.fround(v))),
    fc.integer({ min: -3, max: 3 }),
  );
}

function arrayOf(f64: boolean, length: fc.Arbitrary<number>): fc.Arbitrary<FloatArray> {
  return length.chain((n) => fc.array(values(f64), { minLength: n, maxLength: n })).map((a) => (f64 ? Float64Array.from(a) : Float32Array.from(a)));
}

const initial = getKernelPath();
afterEach(() => void setKernelPath(initial));

// Long enough to reach each kernel's loop over four vectors (16 float32 or 8 float64 elements), its loop over one vector and its scalar tail.
const lengths = fc.integer({ min: 0, max: 70 });

describe.each([
  ['wasm', false],
  ['wasm', true],
  ['auto', false],
  ['auto', true],
  ['typescript', false],
] as [KernelPath, boolean][])('kernels on the %s path (wasm memory: %s)', (path, inArena) => {
  describe.each([
    ['float32', false],
    ['float64', true],
  ] as const)('%s', (_, f64) => {
    it('should give relu and its backward bit for bit, -0 and NaN included', () => {
      setKernelPath(path);
      fc.assert(
        fc.property(arrayOf(f64, lengths), fc.integer(), (x0, seed) => {
          const x = place(x0, inArena);
          const dy = place(x0.map((_, i) => ((i * 7 + seed) % 5) - 2), inArena);
          const y = blank(x, x.length, inArena);
          const dx = blank(x, x.length, inArena);
          const want = x0.slice();
          const wantDx = x0.slice();
          oracle.relu(x0, want);
          oracle.reluBackward(x0, dy, wantDx);
          const ran = fastRelu(x, y) && fastReluBackward(x, dy, dx);
          const ok = !ran || (bitEqual(y, want) && bitEqual(dx, wantDx));
          release(x, dy, y, dx);
          return ok;
        }),
      );
    });

    it("should give core's leaky kernels and slope gradient bit for bit, on any sub-range", () => {
      setKernelPath(path);
      fc.assert(
        fc.property(arrayOf(f64, lengths), values(f64), fc.nat(), fc.nat(), (x0, slope, a, b) => {
          fc.pre(Number.isFinite(slope));
          const start = x0.length === 0 ? 0 : a % x0.length;
          const end = start + (x0.length === 0 ? 0 : b % (x0.length - start + 1));
          const x = place(x0, inArena);
          const dy = place(x0.map((v, i) => (i % 3) - v), inArena);
          const y = blank(x, x.length, inArena);
          const dx = blank(x, x.length, inArena);
          const want = blank(x, x.length, false);
          const wantDx = blank(x, x.length, false);
          coreLeakyForward(x0, want, slope, start, end);
          coreLeakyBackward(x0, dy, wantDx, slope, start, end);
          const ranForward = fastLeaky(x, y, slope, start, end);
          const ranBackward = fastLeakyBackward(x, dy, dx, slope, start, end);
          const sum = fastSlopeGradient(x, dy, start, end);
          const ok =
            (!ranForward || bitEqual(y, want)) &&
            (!ranBackward || bitEqual(dx, wantDx)) &&
            (sum === undefined || Object.is(sum, coreSlopeGradient(x0, dy, start, end)));
          release(x, dy, y, dx);
          return ok;
        }),
      );
    });

    it('should give products bit for bit', () => {
      setKernelPath(path);
      fc.assert(
        fc.property(arrayOf(f64, lengths), (x0) => {
          const x = place(x0, inArena);
          const r = place(x0.map((_, i) => 0.125 + i / 97), inArena);
          const dy = place(x0.map((v, i) => v * 0.5 - i), inArena);
          const p = blank(x, x.length, inArena);
          const wantP = dy.map((g, i) => g * (r[i] as number));
          const ok = !fastMultiply(dy, r, p) || bitEqual(p, wantP);
          release(x, r, dy, p);
          return ok;
        }),
      );
    });

    it('should give channels-last PReLU and its float64 channel sums bit for bit', () => {
      setKernelPath(path);
      // Up to 37 channels: rows of whole groups of four vectors, single vectors and a scalar rest.
      const shapes = fc.tuple(fc.integer({ min: 1, max: 37 }), fc.integer({ min: 0, max: 7 }));
      fc.assert(
        fc.property(shapes.chain(([c, rows]) => fc.tuple(fc.constant(c), arrayOf(f64, fc.constant(c * rows)))), ([c, x0]) => {
          // Slopes of both signs on every part of a row, so that a zero x taking the wrong branch shows as -0.
          const w = Float64Array.from({ length: c }, (_, j) => (f64 ? 0.1 * ((j * 5) % 7) - 0.3 : Math.fround(0.1 * ((j * 5) % 7) - 0.3)));
          const x = place(x0, inArena);
          const dy = place(x0.map((v, i) => 1 - v * (i % 4)), inArena);
          const y = blank(x, x.length, inArena);
          const dx = blank(x, x.length, inArena);
          const sums = Float64Array.from({ length: c }, (_, j) => j / 3);
          const want = blank(x, x.length, false);
          const wantDx = blank(x, x.length, false);
          const wantSums = sums.slice();
          oracle.preluRows(x0, want, c, w);
          oracle.preluRowsBackward(x0, dy, wantDx, c, w, wantSums);
          const ok = (!fastPreluRows(x, y, c, w) || bitEqual(y, want)) && (!fastPreluRowsBackward(x, dy, dx, c, w, sums) || (bitEqual(dx, wantDx) && bitEqual(sums, wantSums)));
          release(x, dy, y, dx);
          return ok;
        }),
      );
    });

    it('should give maxout and its backward bit for bit: first maximum wins ties, first NaN wins', () => {
      setKernelPath(path);
      // Pairs (k = 2, inner = 1) run their own kernel: up to 21 groups reach its loop over two output vectors.
      const shapes = fc.oneof(
        fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 5 })),
        fc.tuple(fc.constant(2), fc.constant(1), fc.integer({ min: 0, max: 21 })),
      );
      fc.assert(
        fc.property(shapes.chain(([k, inner, blocks]) => fc.tuple(fc.constant(k), fc.constant(inner), arrayOf(f64, fc.constant(k * inner * blocks)))), ([k, inner, x0]) => {
          const m = x0.length / k;
          const x = place(x0, inArena);
          const dy = place(blank(x0, m, false).map((_, i) => i - 2.5), inArena);
          const y = blank(x, m, inArena);
          const dx = blank(x, x.length, inArena);
          const want = blank(x, m, false);
          const wantDx = blank(x, x.length, false);
          for (let o = 0; o < m; o++) {
            const at = oracle.winner(x0, o, k, inner);
            want[o] = x0[at] as number;
            wantDx[at] = dy[o] as number;
          }
          const ok = (!fastMaxout(x, y, k, inner) || bitEqual(y, want)) && (!fastMaxoutBackward(x, dy, dx, k, inner) || bitEqual(dx, wantDx));
          release(x, dy, y, dx);
          return ok;
        }),
      );
    });
  });
});

// Float32 bit patterns at the edges of the masks' classes: ±0, the smallest
// subnormals, the largest finite values, ±Infinity, the first and last NaNs of
// each sign (signalling and quiet), and the extremes of the int32 range.
const BOUNDARY_BITS = [
  0x00000000, 0x00000001, 0x007fffff, 0x00800000, 0x3f800000, 0x7f7fffff, 0x7f800000, 0x7f800001, 0x7fbfffff, 0x7fc00000, 0x7fffffff,
  0x80000000, 0x80000001, 0x807fffff, 0x80800000, 0xbf800000, 0xff7fffff, 0xff800000, 0xff800001, 0xffbfffff, 0xffc00000, 0xffffffff,
];

/** Float32 values with the given bits, NaN payloads and signalling NaNs included. */
function fromBits(patterns: readonly number[]): Float32Array {
  return new Float32Array(Int32Array.from(patterns, (b) => b | 0).buffer);
}

/** The bits the scalar kernels' branches pick, copied as bits: y = x < 0 ? +0 : x, dx = x <= 0 ? +0 : dy. */
function expectedBits(x: Float32Array, dy: Float32Array): { y: Int32Array; dx: Int32Array } {
  const xb = new Int32Array(x.buffer, x.byteOffset, x.length);
  const gb = new Int32Array(dy.buffer, dy.byteOffset, dy.length);
  return {
    y: xb.map((b, i) => ((x[i] as number) < 0 ? 0 : b)),
    dx: gb.map((g, i) => ((x[i] as number) <= 0 ? 0 : g)),
  };
}

describe.each([
  ['typescript', false],
  ['wasm', false],
  ['wasm', true],
] as [KernelPath, boolean][])('float32 ReLU bit masks on the %s path (wasm memory: %s)', (path, inArena) => {
  function run(patterns: readonly number[], dyBits: readonly number[]): boolean {
    setKernelPath(path);
    const x0 = fromBits(patterns);
    const dy0 = fromBits(dyBits);
    const x = place(x0, inArena);
    const dy = place(dy0, inArena);
    const y = blank(x, x.length, inArena);
    const dx = blank(x, x.length, inArena);
    const want = expectedBits(x0, dy0);
    const ran = fastRelu(x, y) && fastReluBackward(x, dy, dx);
    const ok =
      ran &&
      new Int32Array(y.buffer, y.byteOffset, y.length).every((b, i) => b === want.y[i]) &&
      new Int32Array(dx.buffer, dx.byteOffset, dx.length).every((b, i) => b === want.dx[i]);
    release(x, dy, y, dx);
    return ok;
  }

  it('should keep or zero each boundary bit pattern as the scalar comparison decides, copying bits', () => {
    // All-ones dy makes dx the mask itself; the second dy is an ordinary value.
    expect(run(BOUNDARY_BITS, BOUNDARY_BITS.map(() => -1))).toBe(true);
    expect(run(BOUNDARY_BITS, BOUNDARY_BITS.map(() => 0x40490fdb))).toBe(true);
  });

  it('should agree with the scalar comparison on any 32-bit patterns', () => {
    const word = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    const words = fc.array(fc.oneof(word, fc.constantFrom(...BOUNDARY_BITS)), { maxLength: 70 });
    fc.assert(fc.property(words, (patterns) => run(patterns, patterns.map((b) => ~b))));
  });
});

describe('kernel paths', () => {
  it('should run the WebAssembly kernels on the wasm path and the branchless float32 ReLU on the typescript path', () => {
    const x = Float32Array.of(-1, 2);
    setKernelPath('wasm');
    expect(fastLeaky(x, new Float32Array(2), 0.5)).toBe(true);
    setKernelPath('typescript');
    expect(fastRelu(x, new Float32Array(2))).toBe(true);
    expect(fastRelu(Float64Array.from(x), new Float64Array(2))).toBe(false);
    expect(fastLeaky(x, new Float32Array(2), 0.5)).toBe(false);
  });

  it('should run the typescript ReLU on views at any offset of a shared buffer, including views of a buffer seen before', () => {
    setKernelPath('typescript');
    fc.assert(
      fc.property(fc.array(values(false), { minLength: 1, maxLength: 90 }), fc.nat(), fc.nat(), fc.nat(), (all, a, b, c) => {
        const buffer = Float32Array.from(all);
        const grads = buffer.map((_, i) => i - 3);
        const out = new Float32Array(all.length + 8).fill(7);
        const start = a % all.length;
        const length = b % (all.length - start + 1);
        const at = c % (out.length - length + 1);
        // The same buffers at other offsets first, so that views kept from earlier calls are in play.
        fastRelu(buffer.subarray(0, all.length >> 1), out.subarray(1, 1 + (all.length >> 1)));
        out.fill(7);
        const x = buffer.subarray(start, start + length);
        const y = out.subarray(at, at + length);
        const want = x.slice();
        oracle.relu(x, want);
        const wantDx = x.slice();
        oracle.reluBackward(x, grads.subarray(start, start + length), wantDx);
        const dx = new Float32Array(out.length).fill(7).subarray(at, at + length);
        const ran = fastRelu(x, y) && fastReluBackward(x, grads.subarray(start, start + length), dx);
        // Nothing outside y is written.
        const untouched = out.every((v, i) => (i >= at && i < at + length) || v === 7);
        return ran && bitEqual(y, want) && bitEqual(dx, wantDx) && untouched;
      }),
    );
  });

  it('should follow a length-tracking array on the typescript path when its resizable buffer grows', () => {
    setKernelPath('typescript');
    // Resizable buffers are ES2024, beyond the library types this package compiles against.
    const Resizable = ArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(bytes: number): void };
    const buffer = new Resizable(16, { maxByteLength: 64 });
    const x = new Float32Array(buffer);
    x.set([-1, 2, -0, 3]);
    const y = new Float32Array(16);
    expect(fastRelu(x, y.subarray(0, x.length))).toBe(true);
    buffer.resize(32);
    x.set([-5, 6, -7, 8], 4);
    expect(fastRelu(x, y.subarray(0, x.length))).toBe(true);
    expect(Array.from(y.subarray(0, 8))).toEqual([0, 2, -0, 3, 0, 6, 0, 8]);
  });

  it('should leave short plain inputs to the caller on the auto path, and take them on the wasm and typescript paths', () => {
    const x = Float32Array.of(-1, 0, 1);
    const y = new Float32Array(3).fill(7);
    setKernelPath('auto');
    expect(fastRelu(x, y)).toBe(false);
    expect(fastReluBackward(x, x, y)).toBe(false);
    expect(fastLeaky(x, y, 0.5)).toBe(false);
    expect(Array.from(y)).toEqual([7, 7, 7]);
    setKernelPath('typescript');
    expect(fastRelu(x, y)).toBe(true);
    setKernelPath('wasm');
    expect(fastLeaky(x, y, 0.5)).toBe(true);
  });

  it('should leave everything to the caller on the scalar path, writing nothing', () => {
    setKernelPath('scalar');
    const y = new Float32Array(3).fill(7);
    expect(fastRelu(Float32Array.of(-1, 0, 1), y)).toBe(false);
    expect(fastSlopeGradient(Float32Array.of(-1), Float32Array.of(1), 0, 1)).toBeUndefined();
    expect(Array.from(y)).toEqual([7, 7, 7]);
  });

  it('should stream inputs longer than one chunk, with a ragged end, bit for bit', () => {
    setKernelPath('wasm');
    const n = 3 * 8192 + 13;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 3);
    const y = new Float32Array(n);
    const want = new Float32Array(n);
    coreLeakyForward(x, want, 0.01);
    expect(fastLeaky(x, y, 0.01)).toBe(true);
    expect(bitEqual(y, want)).toBe(true);
    const w = Float64Array.from({ length: 5 }, (_, j) => Math.fround(0.05 * (j + 1)));
    const rows = new Float32Array(n - (n % 5));
    const wantRows = new Float32Array(rows.length);
    oracle.preluRows(x.subarray(0, rows.length), wantRows, 5, w);
    expect(fastPreluRows(x.subarray(0, rows.length), rows, 5, w)).toBe(true);
    expect(bitEqual(rows, wantRows)).toBe(true);
  });

  it('should refuse an unknown path or option with a RectifyError naming it', () => {
    expect(() => createSimd({ path: 'gpu' as KernelPath })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.path', value: 'gpu' }));
    expect(() => createSimd({ route: 'wasm' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.route' }));
    expect(createSimd({ path: 'typescript' }).path).toBe('typescript');
  });
});
