import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GELU32, geluF32, geluGradF32, geluTanhF32, geluTanhGradF32, tensor } from '@rectify/core';
import { gelu } from '../src/index.js';

// Core's float32 GELU (the float32 loops' and the kernels' arithmetic) against this package's float64 GELU, whose
// erfc is accurate to about an ulp of float64. The budgets are those scripts/sweeps/smooth32.mjs establishes over
// every float32; these samples hold a wrong coefficient, a dropped term or a changed order to them.

const exact64 = gelu.create({});
const tanh64 = gelu.create({ approximate: 'tanh' });

/** The float64 plugin's value (or, with `dy`, its dx) at one input. */
function reference(activation: typeof exact64, x: number, dy?: number): number {
  const { y, backward } = activation.forward(tensor(new Float64Array([x])));
  return dy === undefined ? (y.data[0] as number) : (backward(tensor(new Float64Array([dy]))).data[0] as number);
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);
/** A float32 ulp at |v|: 2^(e − 23) in [2^e, 2^(e+1)), 2^−149 in the subnormals. */
function ulpAt(v: number): number {
  scratch[0] = Math.abs(v);
  const e = (scratchBits[0] as number) >>> 23;
  return e <= 1 ? 2 ** -149 : 2 ** (e - 150);
}
/** The error in float32 ulps of max(|want|, floor). */
const ulps = (got: number, want: number, floor = 0): number => Math.abs(got - want) / ulpAt(Math.max(Math.abs(want), floor));
/** PyTorch's mixed error: |got − want| / max(1, |want|). */
const mixed = (got: number, want: number): number => Math.abs(got - want) / Math.max(1, Math.abs(want));

const floats = (min: number, max: number): fc.Arbitrary<number> => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true });
const isFloat32 = (v: number): boolean => Number.isNaN(v) || Math.fround(v) === v;

describe('the float32 exact GELU', () => {
  it('should give x·Φ(x) within 6 ulps, as a float32 value, in both tails', () => {
    fc.assert(
      fc.property(fc.oneof(floats(-2, 2), floats(-14.4, 16), floats(-14.4, -5)), (x) => {
        const got = geluF32(x);
        return isFloat32(got) && ulps(got, reference(exact64, x)) <= 6;
      }),
      { numRuns: 20_000 },
    );
  });

  it('should keep the negative tail where 1 + erf would cancel: gelu(−10) and gelu(−13.1) to a few ulps', () => {
    for (const x of [-10, -12, -13.1, -14]) expect(ulps(geluF32(Math.fround(x)), reference(exact64, Math.fround(x)))).toBeLessThanOrEqual(6);
    expect(geluF32(-10)).toBeLessThan(-7.6e-23);
  });

  it('should follow PyTorch at the special values: ±0 kept, x or −0 beyond the clamp, NaN at −∞ and for NaN', () => {
    expect(Object.is(geluF32(0), 0)).toBe(true);
    expect(Object.is(geluF32(-0), -0)).toBe(true);
    expect(geluF32(Infinity)).toBe(Infinity);
    expect(geluF32(-Infinity)).toBeNaN();
    expect(geluF32(Number.NaN)).toBeNaN();
    for (const x of [GELU32.clamp, 20, 3.4028234663852886e38]) expect(geluF32(x)).toBe(x);
    for (const x of [-14.5, -GELU32.clamp, -20, -3.4028234663852886e38]) expect(Object.is(geluF32(x), -0)).toBe(true);
  });

  it('should give PyTorch’s gradient Φ(x) + x·φ(x) within a mixed error of 3e-7, NaN at ±∞', () => {
    fc.assert(
      fc.property(fc.oneof(floats(-2, 2), floats(-16, 16)), (x) => {
        const got = geluGradF32(x, 1);
        return isFloat32(got) && mixed(got, reference(exact64, x, 1)) <= 3e-7;
      }),
      { numRuns: 20_000 },
    );
    expect(geluGradF32(Infinity, 1)).toBeNaN();
    expect(geluGradF32(-Infinity, 1)).toBeNaN();
    expect(geluGradF32(-0, 2)).toBe(1);
    expect(Object.is(geluGradF32(-40, 1), 0)).toBe(true);
  });
});

describe('the float32 tanh-form GELU', () => {
  it('should give ½x·(1 + tanh u) within 3 ulps of max(|y|, 1), as a float32 value', () => {
    fc.assert(
      fc.property(fc.oneof(floats(-2, 2), floats(-12, 12), floats(-1e4, 1e4)), (x) => {
        const got = geluTanhF32(x);
        return isFloat32(got) && ulps(got, reference(tanh64, x), 1) <= 3;
      }),
      { numRuns: 20_000 },
    );
  });

  it('should equal x·σ(w): −0 in the far negative tail and where x² overflows, x above, NaN at −∞', () => {
    expect(Object.is(geluTanhF32(-0), -0)).toBe(true);
    expect(Object.is(geluTanhF32(-11), -0)).toBe(true);
    expect(Object.is(geluTanhF32(-2e19), -0)).toBe(true);
    expect(geluTanhF32(2e19)).toBe(Math.fround(2e19));
    expect(geluTanhF32(Infinity)).toBe(Infinity);
    expect(geluTanhF32(-Infinity)).toBeNaN();
  });

  it('should give the gradient in PyTorch’s order within a mixed error of 8e-7 of the float64 slope, NaN where x² overflows', () => {
    fc.assert(
      fc.property(fc.oneof(floats(-2, 2), floats(-12, 12)), (x) => {
        const got = geluTanhGradF32(x, 1);
        return isFloat32(got) && mixed(got, reference(tanh64, x, 1)) <= 8e-7;
      }),
      { numRuns: 20_000 },
    );
    expect(geluTanhGradF32(2e19, 1)).toBeNaN();
    expect(geluTanhGradF32(-Infinity, 1)).toBeNaN();
    expect(geluTanhGradF32(0, 3)).toBe(1.5);
  });
});
