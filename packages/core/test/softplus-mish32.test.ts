import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXP32, MISH32, SOFTPLUS32, expF32, mishF32, mishGradF32, softplusF32, softplusGradF32 } from '../src/index.js';
import { floats, isFloat32, ulps } from './float32-error.js';
import { mishGateWide } from '../src/mish32.js';

const f = Math.fround;

/** log1p(e^b), in float64 without overflow or cancellation. */
const softplusExact = (b: number): number => Math.max(b, 0) + Math.log1p(Math.exp(-Math.abs(b)));

/** tanh(log1p(eˣ)) in float64, as a rational function of e^(−|x|). */
function gateExact(x: number): number {
  if (x >= 0) {
    const v = Math.exp(-x);
    return 1 - (2 * v * v) / (1 + 2 * v + 2 * v * v);
  }
  const w = Math.exp(x);
  return (w * (w + 2)) / (w * (w + 2) + 2);
}

// The budgets are those scripts/sweeps/smooth32.mjs establishes over every float32 (β = 1, threshold 20); these
// samples hold a wrong coefficient or a dropped rounding to them.
describe('the float32 softplus', () => {
  it('should give log1p(eˣ) within 3 ulps for β = 1, as a float32 value', () => {
    fc.assert(
      fc.property(fc.oneof(floats(-87.3, 20), floats(-2, 2)), (x) => {
        const got = softplusF32(x, 1, 20);
        return isFloat32(got) && ulps(got, softplusExact(x)) <= 3;
      }),
      { numRuns: 20_000 },
    );
  });

  it('should give log1p(e^(βx))/β within 4 ulps for other β, βx rounded to float32 first as PyTorch rounds it', () => {
    fc.assert(
      fc.property(floats(-40, 40), fc.constantFrom(0.5, 2, 3.7, 0.1, 10).map(f), (t, beta) => {
        const x = f(t / beta);
        const b = f(x * beta);
        const got = softplusF32(x, beta, 20);
        return isFloat32(got) && (b > 20 || ulps(got, softplusExact(b) / beta) <= 4);
      }),
      { numRuns: 20_000 },
    );
  });

  it('should switch to x itself exactly where βx, rounded to float32, passes the threshold', () => {
    fc.assert(
      fc.property(floats(-1e6, 1e6), fc.constantFrom(0.5, 1, 2).map(f), fc.constantFrom(0, 5, 20).map(f), (x, beta, threshold) => {
        const above = f(x * beta) > threshold;
        return above ? Object.is(softplusF32(x, beta, threshold), x) && Object.is(softplusGradF32(x, -3, beta, threshold), -3) : softplusF32(x, beta, threshold) >= 0;
      }),
      { numRuns: 5_000 },
    );
  });

  it('should give PyTorch’s special values: +0 at −∞ and below the flush point, +∞ where e^(βx) overflows below the threshold, NaN for NaN', () => {
    expect([softplusF32(-Infinity, 1, 20), softplusF32(Infinity, 1, 20), softplusF32(-0, 1, 20), softplusF32(f(-87.34), 1, 20)]).toEqual([0, Infinity, f(Math.LN2), 0]);
    expect(Object.is(softplusF32(-1e30, 1, 20), 0) && Number.isNaN(softplusF32(Number.NaN, 1, 20))).toBe(true);
    expect(softplusF32(SOFTPLUS32.overflow, 1, 100)).toBe(Infinity);
    expect(softplusF32(f(88.7228), 1, 100)).toBe(f(88.7228));
    expect(expF32(SOFTPLUS32.overflow) === Infinity && Number.isFinite(expF32(f(88.7228)))).toBe(true);
    expect(EXP32.sigmoidLow).toBe(f(-87.33654));
  });

  it('should compute the gradient with PyTorch’s float32 formula, step by step', () => {
    fc.assert(
      fc.property(floats(-120, 120), floats(-4, 4), fc.constantFrom(0.5, 1, 2).map(f), (x, dy, beta) => {
        const b = f(x * beta);
        const z = expF32(b);
        return Object.is(softplusGradF32(x, dy, beta, 20), b > 20 ? dy : f(f(dy * z) / f(z + 1)));
      }),
      { numRuns: 20_000 },
    );
    expect(Number.isNaN(softplusGradF32(89, 1, 1, 100)) && Object.is(softplusGradF32(-200, -1, 1, 20), -0) && softplusGradF32(0, 1, 1, 20) === 0.5).toBe(true);
  });
});

describe('the float32 mish', () => {
  it('should give x·tanh(softplus(x)) within 2 ulps, as a float32 value, subnormals included', () => {
    fc.assert(
      fc.property(fc.oneof(floats(-110, 30), floats(-2, 2), floats(-1e-30, 1e-30)), (x) => {
        const want = x * gateExact(x);
        const got = mishF32(x);
        return isFloat32(got) && (f(want) === 0 ? Object.is(got, f(want)) : ulps(got, want) <= 2);
      }),
      { numRuns: 20_000 },
    );
  });

  it('should keep the gate, before its last rounding, within 2⁻²⁴ relative of tanh(softplus(x))', () => {
    fc.assert(
      fc.property(floats(-120, 40), (x) => Math.abs(mishGateWide(x) - gateExact(x)) <= gateExact(x) * 2 ** -24),
      { numRuns: 20_000 },
    );
  });

  it('should give PyTorch’s special values: ±0 kept, +∞ at +∞, NaN at −∞ (−∞·0) and for NaN, −0 far left', () => {
    expect(Object.is(mishF32(-0), -0) && Object.is(mishF32(0), 0) && mishF32(Infinity) === Infinity).toBe(true);
    expect(Number.isNaN(mishF32(-Infinity)) && Number.isNaN(mishF32(Number.NaN))).toBe(true);
    expect(Object.is(mishF32(-121), -0) && Object.is(mishF32(-3e38), -0) && mishF32(-100) < 0).toBe(true);
    expect([mishF32(1), mishF32(-1), mishF32(100)]).toEqual([f(0.8650983882673103), f(-0.3034014613741089), 100]);
  });

  it('should compute the gradient with PyTorch’s float32 formula, step by step, exactly 1 from where the gate rounds to 1', () => {
    fc.assert(
      fc.property(floats(-130, 130), floats(-4, 4), (x, dy) => {
        const t = x >= MISH32.saturate ? 1 : f(mishGateWide(x));
        const s = f(1 / f(1 + expF32(-x)));
        return Object.is(mishGradF32(x, dy), f(dy * f(t + f(f(x * s) * f(1 - t * t)))));
      }),
      { numRuns: 20_000 },
    );
    expect([mishGradF32(9.1, 1), mishGradF32(50, -2), mishGradF32(0, 1), mishGradF32(MISH32.saturate, 3)]).toEqual([1, -2, f(0.6), 3]);
    // Just below, t is the correctly rounded 1 − 2⁻²⁴, as PyTorch's is.
    const below = f(MISH32.saturate - 2 ** -20);
    expect(f(mishGateWide(below))).toBe(1 - 2 ** -24);
    expect(mishGradF32(below, 1)).toBeGreaterThan(1);
    expect(Number.isNaN(mishGradF32(Infinity, 1)) && Number.isNaN(mishGradF32(-Infinity, 1)) && Object.is(mishGradF32(-200, -1), -0)).toBe(true);
  });
});
