import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, roundTo, uniform01, type FloatArray, type RandomSource } from '@rectify/core';
import { bitEqual } from '@rectify/testing';
import type { KernelPath } from '../src/runtime.js';
import { fastRreluTrain, getKernelPath, setKernelPath } from './ops.js';
import { blank, place, release } from './placement.js';

/**
 * A generator that hands out a given list of 32-bit integers (then zeros) and
 * counts its calls: any integers at all, so that the kernel meets every value
 * a `pure-rand` generator can return, masks' edges included.
 */
class Scripted implements RandomSource {
  calls = 0;
  constructor(private readonly values: readonly number[]) {}
  next(): number {
    const v = this.values[this.calls] ?? 0;
    this.calls++;
    return v;
  }
  clone(): Scripted {
    const twin = new Scripted(this.values);
    twin.calls = this.calls;
    return twin;
  }
  getState(): readonly number[] {
    return [this.calls];
  }
}

/** The contract, written plainly: one `uniform01` draw per element x ≤ 0, in index order. */
function oracle(x: FloatArray, y: FloatArray, noise: FloatArray, lo: number, range: number, rng: RandomSource): void {
  x.forEach((v, i) => {
    if (v <= 0) {
      noise[i] = uniform01(rng) * range + lo;
      y[i] = v * (noise[i] as number);
    } else {
      noise[i] = 1;
      y[i] = v;
    }
  });
}

const EDGES = [-0, 0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, 5e-324, -5e-324, 3.4028234663852886e38, -3.4028234663852886e38, -1, 1];

function values(f64: boolean): fc.Arbitrary<number> {
  return fc.oneof(f64 ? fc.double() : fc.float().map(Math.fround), fc.constantFrom(...EDGES).map((v) => (f64 ? v : Math.fround(v))));
}

/** Lengths: ragged small ones, and some around the chunk sizes (4,096 elements, and 8,192 for float32 views of a region). */
const lengths = fc.oneof(fc.integer({ min: 0, max: 70 }), fc.constantFrom(4095, 4096, 4097, 8191, 8192, 8193, 12_289));

/** An input: a few values repeated to the length, so that long inputs stay cheap to generate but keep every sign and edge. */
function inputOf(f64: boolean): fc.Arbitrary<FloatArray> {
  return fc.tuple(lengths, fc.array(values(f64), { minLength: 1, maxLength: 37 })).map(([n, pool]) => {
    const x = f64 ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = pool[(i * 7 + (i >> 5)) % pool.length] as number;
    return x;
  });
}

/** Integers a generator may return, with the masks' edges (26 and 27 bits) and the extremes favoured. */
const int32 = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 0x3ffffff, 0x4000000, 0x7ffffff, 0x8000000, -0x4000000, -0x8000000),
);

/** Bounds as the caller gives them: lo rounded to the dtype, range = upper (rounded) − lo in float64; equal and far-apart bounds included. */
function boundsOf(f64: boolean): fc.Arbitrary<{ lo: number; range: number }> {
  const like = f64 ? new Float64Array(0) : new Float32Array(0);
  const bound = fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(-0, 0, 1 / 8, 1 / 3, 3e38, -3e38, 1e300, -1e300));
  return fc.tuple(bound, bound).map(([a, b]) => {
    const lo = roundTo(Math.min(a, b), like);
    return { lo, range: roundTo(Math.max(a, b), like) - lo };
  });
}

const initial = getKernelPath();
afterEach(() => void setKernelPath(initial));

describe.each([
  ['wasm', false],
  ['wasm', true],
  ['auto', false],
  ['auto', true],
  ['typescript', true],
  ['scalar', false],
] as [KernelPath, boolean][])('fastRreluTrain on the %s path (wasm memory: %s)', (path, inArena) => {
  describe.each([
    ['float32', false],
    ['float64', true],
  ] as const)('%s', (_, f64) => {
    it("should give uniform01's slopes, y, noise and generator position bit for bit, for any integers the generator returns", () => {
      setKernelPath(path);
      fc.assert(
        fc.property(inputOf(f64), boundsOf(f64), fc.array(int32, { maxLength: 600 }), (x0, { lo, range }, ints) => {
          const x = place(x0, inArena);
          const y = blank(x0, x0.length, inArena);
          const noise = blank(x0, x0.length, inArena);
          const wantY = blank(x0, x0.length, false);
          const wantNoise = blank(x0, x0.length, false);
          const rng = new Scripted(ints);
          const twin = new Scripted(ints);
          oracle(x0, wantY, wantNoise, lo, range, twin);
          const ran = fastRreluTrain(x, y, noise, lo, range, rng);
          const ok = ran ? bitEqual(y, wantY) && bitEqual(noise, wantNoise) && rng.calls === twin.calls && bitEqual(x, x0) : rng.calls === 0;
          release(x, y, noise);
          return ok;
        }),
        { numRuns: 60 },
      );
    });

    it('should advance createRng\'s generator (drawn in WebAssembly on the wasm paths) exactly as the scalar loop does, and draw what it draws', () => {
      setKernelPath(path);
      fc.assert(
        fc.property(inputOf(f64), boundsOf(f64), fc.integer(), (x0, { lo, range }, seed) => {
          const x = place(x0, inArena);
          const y = blank(x0, x0.length, inArena);
          const noise = blank(x0, x0.length, inArena);
          const wantY = blank(x0, x0.length, false);
          const wantNoise = blank(x0, x0.length, false);
          const rng = createRng(seed);
          const twin = createRng(seed);
          oracle(x0, wantY, wantNoise, lo, range, twin);
          const ran = fastRreluTrain(x, y, noise, lo, range, rng);
          const ok = ran ? bitEqual(y, wantY) && bitEqual(noise, wantNoise) && bitEqual(rng.getState(), twin.getState()) : bitEqual(rng.getState(), createRng(seed).getState());
          release(x, y, noise);
          return ok;
        }),
        { numRuns: 40 },
      );
    });
  });
});

describe('fastRreluTrain', () => {
  it('should take every input on the wasm path and decline every input on the typescript and scalar paths', () => {
    const x = new Float32Array([-1, 2, -0]);
    const y = new Float32Array(3);
    const noise = new Float32Array(3);
    setKernelPath('wasm');
    expect(fastRreluTrain(x, y, noise, 0.125, 0.25, createRng(1))).toBe(true);
    for (const path of ['typescript', 'scalar'] as const) {
      setKernelPath(path);
      expect(fastRreluTrain(x, y, noise, 0.125, 0.25, createRng(1))).toBe(false);
    }
  });

  it('should turn the extreme pairs of integers into u = 0 and the largest u below 1, as uniform01 does', () => {
    setKernelPath('wasm');
    const x = new Float64Array([-1, -1, -1]);
    const y = new Float64Array(3);
    const noise = new Float64Array(3);
    // (0, 0) → 0; (−1, −1) → all 53 bits set; (0x4000000, 0x8000000) → both masked to 0.
    fastRreluTrain(x, y, noise, 0, 1, new Scripted([0, 0, -1, -1, 0x4000000, 0x8000000]));
    expect(Array.from(noise)).toEqual([0, 1 - 2 ** -53, 0]);
    expect(Array.from(y)).toEqual([-0, -(1 - 2 ** -53), -0]);
  });
});
