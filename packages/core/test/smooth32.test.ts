import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXP32,
  SELU_ALPHA,
  SELU_SCALE,
  eluCoefficients,
  eluF32,
  eluGradF32,
  expF32,
  expWide,
  expm1F32,
  log1pUnitF32,
  logsigmoidF32,
  logsigmoidGradF32,
  sigmoidF32,
  sigmoidGradF32,
  siluF32,
  siluGradF32,
  tanhF32,
  tanhGradF32,
} from '../src/index.js';
import { floats, isFloat32, ulps } from './float32-error.js';

// Each budget is what scripts/sweeps/smooth32.mjs establishes over every float32; these samples hold a wrong
// coefficient or a dropped rounding to it (the sweep runs in CI on a stride).
describe('the float32 exponential', () => {
  it('should give e^x within 1 ulp, as a float32 value', () => {
    fc.assert(
      fc.property(floats(-103, 88.7), (x) => {
        const got = expF32(x);
        return isFloat32(got) && ulps(got, Math.exp(x)) <= 1;
      }),
      { numRuns: 20_000 },
    );
  });

  it('should give e^x − 1 within 2 ulps, keeping the relative precision near 0', () => {
    fc.assert(
      fc.property(fc.oneof(floats(-30, 88), floats(-1e-6, 1e-6)), (x) => {
        const got = expm1F32(x);
        return isFloat32(got) && ulps(got, Math.expm1(x)) <= 2;
      }),
      { numRuns: 20_000 },
    );
  });

  it('should keep e^x, before its last rounding, within 0.75·2^−24 relative in float64', () => {
    fc.assert(
      fc.property(floats(-100, 0), (x) => Math.abs(expWide(x) - Math.exp(x)) / (Math.exp(x) * 2 ** -24) <= 0.75),
      { numRuns: 20_000 },
    );
  });

  it('should give the special values: 0 and ∞ at the ends, NaN for NaN, 1 at ±0, the sign of zero in expm1', () => {
    expect([expF32(-Infinity), expF32(Infinity), expF32(-104), expF32(89), expF32(0), expF32(-0)]).toEqual([0, Infinity, 0, Infinity, 1, 1]);
    expect(Number.isNaN(expF32(Number.NaN)) && Number.isNaN(expm1F32(Number.NaN))).toBe(true);
    expect(Object.is(expm1F32(-0), -0) && Object.is(expm1F32(0), 0)).toBe(true);
    expect([expm1F32(-Infinity), expm1F32(-18), expm1F32(Infinity), expm1F32(89)]).toEqual([-1, -1, Infinity, Infinity]);
    // The smallest subnormal: e^x rounds to it from x ≈ −103.28 up, to 0 below −103.97.
    expect(expF32(Math.fround(-103.9))).toBe(2 ** -149);
  });

  it('should export its constants as float32 values', () => {
    const { log2e, shifter, ln2Hi, ln2Lo, poly } = EXP32;
    for (const c of [log2e, shifter, ln2Hi, ln2Lo, ...poly]) expect(Math.fround(c)).toBe(c);
    expect(Math.abs(ln2Hi + ln2Lo - Math.LN2)).toBeLessThan(1e-13);
  });
});

describe('the float32 smooth activations', () => {
  it('should give σ(x) within 2.5 ulps, and +0 below the flush point', () => {
    fc.assert(
      fc.property(floats(-87.3, 30), (x) => ulps(sigmoidF32(x), x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))) <= 2.5),
      { numRuns: 20_000 },
    );
    expect([sigmoidF32(-0), sigmoidF32(0), sigmoidF32(Infinity), sigmoidF32(-Infinity), sigmoidF32(-87.5), sigmoidF32(200)]).toEqual([0.5, 0.5, 1, 0, 0, 1]);
    expect(Object.is(sigmoidF32(-1000), 0) && Number.isNaN(sigmoidF32(Number.NaN))).toBe(true);
  });

  it('should give x·σ(x) within 3 ulps, −0 below the flush point, NaN at −∞ as PyTorch does', () => {
    fc.assert(
      fc.property(floats(-87.3, 100), (x) => {
        const want = x >= 0 ? x / (1 + Math.exp(-x)) : (x * Math.exp(x)) / (1 + Math.exp(x));
        return want === 0 ? Object.is(siluF32(x), x) : ulps(siluF32(x), want) <= 3;
      }),
      { numRuns: 20_000 },
    );
    expect(Object.is(siluF32(-0), -0) && Object.is(siluF32(-88), -0) && siluF32(Infinity) === Infinity && Number.isNaN(siluF32(-Infinity))).toBe(true);
  });

  it('should give ln(1 + u) on [0, 1] within 2 ulps, and log σ(x) within 3 ulps with +0 above the flush point', () => {
    fc.assert(
      fc.property(floats(0, 1), (u) => (u === 0 ? Object.is(log1pUnitF32(u), 0) : ulps(log1pUnitF32(u), Math.log1p(u)) <= 2)),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(floats(-200, 80), (x) => ulps(logsigmoidF32(x), Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)))) <= 3),
      { numRuns: 20_000 },
    );
    expect([logsigmoidF32(-Infinity), logsigmoidF32(Math.fround(87.34))]).toEqual([-Infinity, 0]);
    expect(Object.is(logsigmoidF32(Infinity), 0) && Number.isNaN(logsigmoidF32(Number.NaN))).toBe(true);
    expect(Object.is(logsigmoidGradF32(100, -1), -0) && logsigmoidGradF32(-200, 2) === 2).toBe(true);
  });

  it('should give tanh(x) within 1 ulp with the sign of x, across the polynomial and the exponential forms', () => {
    fc.assert(
      fc.property(fc.oneof(floats(-10, 10), floats(0.5, 0.625), floats(-1e-3, 1e-3)), (x) => isFloat32(tanhF32(x)) && ulps(tanhF32(x), Math.tanh(x)) <= 1),
      { numRuns: 20_000 },
    );
    expect(Object.is(tanhF32(-0), -0) && tanhF32(Infinity) === 1 && tanhF32(-Infinity) === -1 && tanhF32(9.1) === 1).toBe(true);
  });

  it('should give ELU, CELU and SELU within 2 ulps of the exact value with PyTorch’s float32 coefficients', () => {
    fc.assert(
      fc.property(floats(-30, 30), fc.constantFrom('elu', 'celu', 'selu') as fc.Arbitrary<'elu' | 'celu' | 'selu'>, fc.constantFrom(1, 0.5, 2), (x, name, alpha) => {
        const c = eluCoefficients(name, alpha, 'float32');
        const want = x > 0 ? x * c.positive : Math.expm1(x * c.inputScale) * c.negative;
        // z = x·s is rounded to float32 first, as PyTorch rounds it: measure from there.
        const exact = x > 0 ? want : Math.expm1(Math.fround(x * c.inputScale)) * c.negative;
        return ulps(eluF32(x, c.positive, c.negative, c.inputScale), exact) <= 2;
      }),
      { numRuns: 20_000 },
    );
  });

  it('should give ELU’s zeros PyTorch’s signs: (e^z − 1)·a is +0 unless e^z rounds below 1', () => {
    const { positive: p, negative: a, inputScale: s } = eluCoefficients('elu', 1, 'float32');
    expect(Object.is(eluF32(-0, p, a, s), 0) && Object.is(eluF32(0, p, a, s), 0)).toBe(true);
    // A tiny α underflows the product: its sign follows e^z < 1, which holds below −2^−25.
    expect(Object.is(eluF32(-1e-30, 1, 2 ** -140, 1), 0) && Object.is(eluF32(-0.5, 1, 2 ** -149, 1), -0)).toBe(true);
    expect(Number.isNaN(eluF32(Number.NaN, p, a, s)) && eluF32(-Infinity, p, a, s) === -1).toBe(true);
  });

  it('should compute the gradients with PyTorch’s float32 formulas, step by step', () => {
    fc.assert(
      fc.property(floats(-20, 20), floats(-4, 4), (x, dy) => {
        const f = Math.fround;
        const y = sigmoidF32(x);
        const t = tanhF32(x);
        const s = f(1 / f(1 + expF32(f(-x))));
        const c = eluCoefficients('selu', 1, 'float32');
        return (
          Object.is(sigmoidGradF32(y, dy), f(f(dy * f(1 - y)) * y)) &&
          Object.is(tanhGradF32(t, dy), f(dy * f(1 - t * t))) &&
          Object.is(siluGradF32(x, dy), f(f(dy * s) * f(1 + f(x * f(1 - s))))) &&
          Object.is(eluGradF32(x, dy, c.positive, c.negative, c.gradientInputScale), x > 0 ? f(dy * c.positive) : f(f(f(dy * 1) * c.negative) * expF32(x)))
        );
      }),
    );
  });

  it('should give the ELU family PyTorch’s coefficients in each dtype', () => {
    expect(eluCoefficients('elu', 0.1, 'float64')).toEqual({ positive: 1, negative: 0.1, inputScale: 1, gradientInputScale: 1 });
    expect(eluCoefficients('elu', 0.1, 'float32').negative).toBe(Math.fround(0.1));
    expect(eluCoefficients('celu', 3, 'float64')).toEqual({ positive: 1, negative: 3, inputScale: 1 / 3, gradientInputScale: 1 / Math.fround(3) });
    const selu = eluCoefficients('selu', 1, 'float32');
    expect(selu.positive).toBe(Math.fround(SELU_SCALE));
    expect(selu.negative).toBe(Math.fround(Math.fround(SELU_ALPHA) * Math.fround(SELU_SCALE)));
  });
});
