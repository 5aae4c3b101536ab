import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitEqual } from '@rectify/testing';
import { smooth } from '../src/ops/smooth.js';
import type { KernelPath } from '../src/runtime.js';
import { blank, place, release } from './placement.js';
import { EDGES64, SMOOTH64_CASES as cases } from './smooth64-cases.js';

const values = fc.oneof(
  fc.double(),
  fc.constantFrom(...EDGES64),
  fc.double({ min: -40, max: 40, noNaN: true }),
  fc.double({ min: -800, max: 800, noNaN: true }),
);
const arrays = (length: fc.Arbitrary<number>) => length.chain((n) => fc.array(values, { minLength: n, maxLength: n })).map((a) => Float64Array.from(a));

describe.each([
  ['wasm', false],
  ['wasm', true],
  ['auto', false],
  ['auto', true],
] as const)('the smooth float64 kernels on the %s path (arena: %s)', (path: KernelPath, inArena: boolean) => {
  it.each(cases)('should give the bits of core’s float64 definition: $label', ({ kernel, backward, c, scalar }) => {
    // Every length from 0 to 41: whole groups of four vectors, single vectors and the odd last element.
    fc.assert(
      fc.property(arrays(fc.integer({ min: 0, max: 41 })), fc.double(), (x, dyValue) => {
        const dy = new Float64Array(x.length).map((_, i) => (i % 3 === 0 ? dyValue : 1 - i / 7));
        const a = place(x, inArena);
        const g = place(dy, inArena);
        const out = blank(x, x.length, inArena);
        const ran = smooth(path, kernel, a, backward ? g : null, out, ...c);
        const want = Float64Array.from(x, (v, i) => scalar(v, dy[i] as number));
        const got = Float64Array.from(out);
        release(a, g, out);
        // The auto path leaves inputs under 64 elements outside an arena to the activation's loop, having written nothing.
        if (!ran) return path === 'auto' && !inArena && x.length < 64 && got.every((v) => Object.is(v, 0));
        return bitEqual(got, want);
      }),
      { numRuns: 60 },
    );
  });

  it.each(cases)('should give the bits of core’s definition at each edge value, in every lane: $label', ({ kernel, backward, c, scalar }) => {
    // Every edge value at every position of a group of four vectors and of the tail, next to every other.
    for (let shift = 0; shift < 9; shift++) {
      const x = Float64Array.from({ length: EDGES64.length + 9 }, (_, i) => EDGES64[(i + shift) % EDGES64.length] as number);
      const dy = Float64Array.from(x, (_, i) => [1, -0, 0.5, -3, Infinity, 1e-300][i % 6] as number);
      const a = place(x, inArena);
      const g = place(dy, inArena);
      const out = blank(x, x.length, inArena);
      expect(smooth(path, kernel, a, backward ? g : null, out, ...c)).toBe(true);
      const got = Float64Array.from(out);
      release(a, g, out);
      expect(bitEqual(got, Float64Array.from(x, (v, i) => scalar(v, dy[i] as number)))).toBe(true);
    }
  });
});

describe('the smooth float64 kernels on large plain arrays', () => {
  it.each(cases)('should stream chunk after chunk with the bits of core’s definition: $label', ({ kernel, backward, c, scalar }) => {
    const n = 8192 * 2 + 37;
    const x = new Float64Array(n).map((_, i) => (i < EDGES64.length ? (EDGES64[i] as number) : Math.sin(i * 12.9898) * (i % 5 === 0 ? 800 : 60)));
    const dy = new Float64Array(n).map((_, i) => Math.cos(i));
    const out = new Float64Array(n);
    expect(smooth('auto', kernel, x, backward ? dy : null, out, ...c)).toBe(true);
    expect(bitEqual(out, Float64Array.from(x, (v, i) => scalar(v, dy[i] as number)))).toBe(true);
  });

  it('should leave float32 arrays to the float32 kernels and the typescript path to the activation’s loop', () => {
    expect(smooth('auto', 'sigmoid_f64', new Float32Array(100), null, new Float32Array(100))).toBe(false);
    expect(smooth('typescript', 'sigmoid_f64', new Float64Array(100), null, new Float64Array(100))).toBe(false);
  });
});
