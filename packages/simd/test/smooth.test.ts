import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitEqual } from '@rectify/testing';
import { smooth } from '../src/ops/smooth.js';
import type { KernelPath } from '../src/runtime.js';
import { blank, place, release } from './placement.js';
import { EDGES, SMOOTH_CASES as cases } from './smooth-cases.js';

const values = fc.oneof(fc.float({ noDefaultInfinity: false }), fc.constantFrom(...EDGES), fc.float({ min: -20, max: 20, noNaN: true }));
const arrays = (length: fc.Arbitrary<number>) => length.chain((n) => fc.array(values, { minLength: n, maxLength: n })).map((a) => Float32Array.from(a));

describe.each([
  ['wasm', false],
  ['wasm', true],
  ['auto', false],
  ['auto', true],
] as const)('the smooth float32 kernels on the %s path (arena: %s)', (path: KernelPath, inArena: boolean) => {
  it.each(cases)('should give the bits of core’s float32 definition: $label', ({ kernel, backward, c, scalar }) => {
    // Lengths past a whole number of vectors reach the tail, where the last 1–3 elements run as lanes of one more vector.
    fc.assert(
      fc.property(arrays(fc.integer({ min: 0, max: 41 })), fc.float(), (x, dyValue) => {
        const dy = new Float32Array(x.length).map((_, i) => (i % 3 === 0 ? dyValue : 1 - i / 7));
        const a = place(x, inArena);
        const g = place(dy, inArena);
        const out = blank(x, x.length, inArena);
        const ran = smooth(path, kernel, a, backward ? g : null, out, ...c);
        const want = Float32Array.from(x, (v, i) => scalar(v, dy[i] as number));
        const got = Float32Array.from(out);
        release(a, g, out);
        // The auto path leaves inputs under 64 elements outside an arena to the activation's loop, having written nothing.
        if (!ran) return path === 'auto' && !inArena && x.length < 64 && got.every((v) => Object.is(v, 0));
        return bitEqual(got, want);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the smooth float32 kernels on large plain arrays', () => {
  it.each(cases)('should stream chunk after chunk with the bits of core’s definition: $label', ({ kernel, backward, c, scalar }) => {
    const n = 8192 * 2 + 37;
    const x = new Float32Array(n).map((_, i) => (i < EDGES.length ? (EDGES[i] as number) : Math.fround(Math.sin(i * 12.9898) * 60)));
    const dy = new Float32Array(n).map((_, i) => Math.fround(Math.cos(i)));
    const out = new Float32Array(n);
    expect(smooth('auto', kernel, x, backward ? dy : null, out, ...c)).toBe(true);
    expect(bitEqual(out, Float32Array.from(x, (v, i) => scalar(v, dy[i] as number)))).toBe(true);
  });

  it('should leave float64 arrays and the typescript path to the activation’s loop', () => {
    const x = new Float64Array(100);
    const y = new Float64Array(100);
    expect(smooth('auto', 'sigmoid_f32', x, null, y)).toBe(false);
    expect(smooth('typescript', 'sigmoid_f32', new Float32Array(100), null, new Float32Array(100))).toBe(false);
  });
});
