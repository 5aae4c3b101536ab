import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXP64,
  SMOOTH64,
  eluCoefficients,
  eluF64,
  eluGradF64,
  expF64,
  expm1F64,
  log1pUnitF64,
  logsigmoidF64,
  logsigmoidGradF64,
  mishF64,
  mishGradF64,
  sigmoidF64,
  sigmoidGradF64,
  siluF64,
  siluGradF64,
  softplusF64,
  softplusGradF64,
  tanhF64,
  tanhGradF64,
  oneMinusSquareF64,
} from '../src/index.js';
import { ONE, add, dd, expDD, expm1DD, log1pDD, mishGateDD, mul, sigmoidDD, softplusDD, sub, tanhDD, twoProd, type DD } from '../../../scripts/sweeps/double-double.mjs';

// Each budget is what scripts/sweeps/smooth64.mjs establishes on dense random samples against a double-double
// reference; these samples, against the same double-double references (scripts/sweeps/double-double.mjs), hold a
// wrong constant or a dropped step to it.

/** A float64 ulp at |v|: 2^(e − 52) for |v| in [2^e, 2^(e+1)), 2^−1074 below 2^−1022. */
function ulpAt(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -1022) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 52);
}
/** The error of `got` against a double-double reference, in ulps of the reference. */
const ulps = (got: number, want: DD): number => Math.abs(got - want[0] - want[1]) / ulpAt(want[0]);

const doubles = (min: number, max: number): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true });
/** Any float64 magnitude from the subnormals up to `max`, either sign. */
const magnitudes = (max: number): fc.Arbitrary<number> =>
  fc.tuple(fc.double({ min: -1074, max: Math.log2(max), noNaN: true }), fc.boolean()).map(([e, negative]) => (negative ? -1 : 1) * 2 ** e);

// ---------------------------------------------------------------------------

describe('the float64 exponential', () => {
  it('should give e^x within 1 ulp over the normal range', () => {
    fc.assert(
      fc.property(fc.oneof(doubles(-708, 709.7), doubles(-2, 2), magnitudes(1)), (x) => ulps(expF64(x), expDD(x)) <= 1),
      { numRuns: 20_000 },
    );
  });

  it('should give e^x − 1 within 2 ulps, keeping the relative precision near 0', () => {
    fc.assert(
      fc.property(fc.oneof(doubles(-40, 700), doubles(-1, 1), magnitudes(1)), (x) => ulps(expm1F64(x), expm1DD(x)) <= 2),
      { numRuns: 20_000 },
    );
  });

  it('should round once into the subnormals, and overflow and underflow where e^x rounds to ∞ and 0', () => {
    // Subnormal results within one unit of 2^−1074.
    for (const x of [-710, -720.5, -730, -740, -744.4, -745]) expect(Math.abs(expF64(x) - Math.exp(x))).toBeLessThanOrEqual(2 ** -1074);
    expect(expF64(-745.1332191019411)).toBe(2 ** -1074);
    expect([expF64(-745.2), expF64(-746), expF64(-1e300), expF64(-Infinity)]).toEqual([0, 0, 0, 0]);
    expect(expF64(709.782712893384)).toBe(1.7976931348622732e308);
    expect([expF64(709.7827128933841), expF64(710), expF64(1e300), expF64(Infinity)]).toEqual([Infinity, Infinity, Infinity, Infinity]);
  });

  it('should give the special values: 1 at ±0, NaN for NaN, the sign of zero and −1 in expm1', () => {
    expect([expF64(0), expF64(-0), expF64(5e-324), expF64(-5e-324)]).toEqual([1, 1, 1, 1]);
    expect(Number.isNaN(expF64(Number.NaN)) && Number.isNaN(expm1F64(Number.NaN))).toBe(true);
    expect(Object.is(expm1F64(-0), -0) && Object.is(expm1F64(0), 0) && expm1F64(5e-324) === 5e-324 && expm1F64(-1e-300) === -1e-300).toBe(true);
    expect([expm1F64(-Infinity), expm1F64(-40), expm1F64(-38), expm1F64(Infinity), expm1F64(709.7827128933841)]).toEqual([-1, -1, -1, Infinity, Infinity]);
    expect(expm1F64(709.782712893384)).toBe(1.7976931348622732e308);
  });

  it('should export constants whose products with n are exact', () => {
    const { log2e, shifter, ln2Hi, ln2Lo, poly, expLow, expHigh, expm1Low, expm1High } = EXP64;
    expect([log2e, shifter, poly.length, expLow, expHigh, expm1Low, expm1High]).toEqual([Math.LOG2E, 1.5 * 2 ** 52, 11, -746, 710, -40, 709]);
    // ln2_hi holds 32 significant bits: n·ln2_hi is exact for every n the reduction reaches.
    const bits = new DataView(new ArrayBuffer(8));
    bits.setFloat64(0, ln2Hi);
    expect(bits.getUint32(4) & 0x1fffff).toBe(0);
    for (const n of [-1100, -1076, -1, 1, 1024, 1100]) expect(twoProd(n, ln2Hi)[1]).toBe(0);
    // ln2_hi + ln2_lo is ln 2 to 2^−80.
    expect(Math.abs(sub(add(dd(ln2Hi), dd(ln2Lo)), [0.6931471805599453, 2.3190468138462996e-17])[0])).toBeLessThan(2 ** -80);
    expect(poly[0]).toBe(0.5);
  });
});

describe('the float64 smooth activations', () => {
  it('should give σ(x) within 2.5 ulps, its tail down to the subnormals and +0 beyond', () => {
    fc.assert(
      fc.property(fc.oneof(doubles(-708, 40), doubles(-4, 4), magnitudes(1)), (x) => ulps(sigmoidF64(x), sigmoidDD(x)) <= 2.5),
      { numRuns: 20_000 },
    );
    expect([sigmoidF64(-0), sigmoidF64(0), sigmoidF64(Infinity), sigmoidF64(-Infinity), sigmoidF64(40), sigmoidF64(-745.2)]).toEqual([0.5, 0.5, 1, 0, 1, 0]);
    // The subnormal tail, rounded once: e^x/(1 + e^x) = e^x there.
    for (const x of [-710, -730, -744]) expect(Math.abs(sigmoidF64(x) - Math.exp(x))).toBeLessThanOrEqual(2 ** -1074);
    expect(sigmoidF64(-745)).toBe(2 ** -1074);
    expect(Object.is(sigmoidF64(-1000), 0) && Number.isNaN(sigmoidF64(Number.NaN))).toBe(true);
  });

  it('should give x·σ(x) within 3 ulps, its tail down to the subnormals, −0 beyond, NaN at −∞ as PyTorch does', () => {
    fc.assert(
      fc.property(fc.oneof(doubles(-700, 100), doubles(-4, 4), magnitudes(1e300)), (x) => ulps(siluF64(x), mul(dd(x), sigmoidDD(x))) <= 3),
      { numRuns: 20_000 },
    );
    // x·e^x where e^x is subnormal but x·e^x not: formed before the rounding, so it keeps its precision.
    const x = -712;
    const want = mul(dd(x), expDD(x + 700));
    expect(Math.abs(siluF64(x) / 2 ** -1009.88 - ((want[0] + want[1]) * Math.exp(-700)) / 2 ** -1009.88)).toBeLessThan(1e-12);
    expect(Object.is(siluF64(-0), -0) && Object.is(siluF64(0), 0) && Object.is(siluF64(-760.5), -0) && Object.is(siluF64(-1e300), -0)).toBe(true);
    expect(siluF64(Infinity) === Infinity && Number.isNaN(siluF64(-Infinity)) && Number.isNaN(siluF64(Number.NaN))).toBe(true);
    expect(siluF64(-745) < 0 && siluF64(1e300) === 1e300).toBe(true);
  });

  it('should give ln(1 + u) on [0, 1] within 2 ulps, and log σ(x) within 3 ulps', () => {
    fc.assert(
      fc.property(fc.oneof(doubles(0, 1), magnitudes(1).map(Math.abs)), (u) => (u === 0 ? Object.is(log1pUnitF64(u), 0) : ulps(log1pUnitF64(u), log1pDD(dd(u))) <= 2)),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.oneof(doubles(-200, 700), doubles(-4, 4)), (x) => ulps(logsigmoidF64(x), sub(dd(Math.min(x, 0)), log1pDD(expDD(-Math.abs(x))))) <= 3),
      { numRuns: 20_000 },
    );
    expect([logsigmoidF64(-Infinity), logsigmoidF64(-1e300), logsigmoidF64(0)]).toEqual([-Infinity, -1e300, -Math.LN2]);
    expect(Object.is(logsigmoidF64(Infinity), 0) && Object.is(logsigmoidF64(800), 0) && Number.isNaN(logsigmoidF64(Number.NaN))).toBe(true);
    // −e^(−x) in the subnormals, to a unit of 2^−1074.
    expect(Math.abs(logsigmoidF64(740) + Math.exp(-740))).toBeLessThanOrEqual(2 ** -1074);
    expect(Object.is(logsigmoidGradF64(800, -1), -0) && logsigmoidGradF64(-800, 2) === 2 && Number.isNaN(logsigmoidGradF64(Number.NaN, 1))).toBe(true);
  });

  it('should give tanh(x) within 2 ulps with the sign of x, across the polynomial and the exponential forms', () => {
    fc.assert(
      fc.property(fc.oneof(doubles(-20, 20), doubles(0.5, 0.625), doubles(-0.625, -0.5), magnitudes(1)), (x) => ulps(tanhF64(x), tanhDD(x)) <= 2),
      { numRuns: 20_000 },
    );
    expect(Object.is(tanhF64(-0), -0) && Object.is(tanhF64(0), 0) && tanhF64(5e-324) === 5e-324 && tanhF64(-1e-300) === -1e-300).toBe(true);
    expect([tanhF64(Infinity), tanhF64(-Infinity), tanhF64(19.07), tanhF64(-1e300), tanhF64(19.06)]).toEqual([1, -1, 1, -1, 1 - 2 ** -53]);
    expect(Number.isNaN(tanhF64(Number.NaN))).toBe(true);
    // Correctly rounded where the gradient's 1 − t² cancels: PyTorch's float64 fixtures at x = 3.
    expect(tanhF64(3)).toBe(0.9950547536867305);
  });

  it('should give ELU, CELU and SELU within 2 ulps of (e^z − 1)·a with PyTorch’s float64 coefficients, and PyTorch’s zeros', () => {
    fc.assert(
      fc.property(doubles(-40, 40), fc.constantFrom('elu', 'celu', 'selu') as fc.Arbitrary<'elu' | 'celu' | 'selu'>, fc.constantFrom(1, 0.5, 2), (x, name, alpha) => {
        const c = eluCoefficients(name, alpha, 'float64');
        const got = eluF64(x, c.positive, c.negative, c.inputScale);
        if (x > 0) return got === x * c.positive;
        // z = x·s rounded, as PyTorch rounds it; then one rounding of the product on top of expm1's 2 ulps.
        const want = mul(expm1DD(x * c.inputScale), dd(c.negative));
        return want[0] === 0 ? got === 0 : ulps(got, want) <= 2.5;
      }),
      { numRuns: 20_000 },
    );
    const { positive: p, negative: a, inputScale: s } = eluCoefficients('elu', 1, 'float64');
    expect(Object.is(eluF64(-0, p, a, s), 0) && Object.is(eluF64(0, p, a, s), 0)).toBe(true);
    // A tiny α underflows the product: its sign follows e^z < 1, which holds below −2^−54.
    expect(Object.is(eluF64(-1e-30, 1, 2 ** -1040, 1), 0) && Object.is(eluF64(-0.5, 1, 2 ** -1074, 1), -0)).toBe(true);
    expect(Object.is(eluF64(-(2 ** -54), 1, 2 ** -1074, 1), 0) && Object.is(eluF64(-(2 ** -54) * (1 + 2 ** -52), 1, 2 ** -1074, 1), -0)).toBe(true);
    expect(Number.isNaN(eluF64(Number.NaN, p, a, s)) && eluF64(-Infinity, p, a, s) === -1 && eluF64(-5e-324, p, a, s) === -5e-324).toBe(true);
    expect(Number.isNaN(eluGradF64(Number.NaN, 1, p, a, s)) && Object.is(eluGradF64(-800, -2, p, a, s), -0) && eluGradF64(0, 3, p, a, s) === 3).toBe(true);
  });

  it('should give Softplus within 3 ulps for β = 1, x past the threshold, +∞ where e^(βx) overflows below it', () => {
    fc.assert(
      fc.property(fc.oneof(doubles(-700, 20), doubles(-4, 4)), (x) => ulps(softplusF64(x, 1, 20), softplusDD(x)) <= 3),
      { numRuns: 20_000 },
    );
    expect([softplusF64(21, 1, 20), softplusF64(Infinity, 1, 20), softplusF64(-Infinity, 1, 20), softplusF64(0, 1, 20)]).toEqual([21, Infinity, 0, Math.LN2]);
    expect([softplusF64(709.782712893384, 1, 1000), softplusF64(709.7827128933841, 1, 1000), softplusF64(400, 2, 1000)]).toEqual([709.782712893384, Infinity, Infinity]);
    expect(Object.is(softplusF64(-800, 1, 20), 0) && Number.isNaN(softplusF64(Number.NaN, 1, 20))).toBe(true);
    expect(Math.abs(softplusF64(-740, 1, 20) - Math.exp(-740))).toBeLessThanOrEqual(2 ** -1074);
    // The gradient: dy past the threshold (−0 and NaN included), NaN where e^(βx) overflows below it, dy·0 far left.
    expect(Object.is(softplusGradF64(30, -0, 1, 20), -0) && Number.isNaN(softplusGradF64(30, Number.NaN, 1, 20))).toBe(true);
    expect(Number.isNaN(softplusGradF64(720, 1, 1, 1000)) && Object.is(softplusGradF64(-800, -1, 1, 20), -0)).toBe(true);
  });

  it('should give Mish within 3.5 ulps, its tail down to the subnormals, NaN at −∞ as PyTorch does', () => {
    const mishDD = (x: number): DD => mul(dd(x), mishGateDD(x).t);
    fc.assert(
      fc.property(fc.oneof(doubles(-700, 100), doubles(-4, 4), magnitudes(1)), (x) => ulps(mishF64(x), mishDD(x)) <= 3.5),
      { numRuns: 20_000 },
    );
    expect(Object.is(mishF64(-0), -0) && Object.is(mishF64(0), 0) && Object.is(mishF64(-760.5), -0) && mishF64(1e300) === 1e300).toBe(true);
    expect(mishF64(Infinity) === Infinity && Number.isNaN(mishF64(-Infinity)) && Number.isNaN(mishF64(Number.NaN))).toBe(true);
    // Where e^x is subnormal but x·e^x not, the product keeps its precision: mish(x) = x·e^x·(1 + O(e^x)) there.
    expect(Math.abs(mishF64(-712) / siluF64(-712) - 1)).toBeLessThan(2 ** -50);
    expect(Number.isNaN(mishGradF64(Infinity, 1)) && Number.isNaN(mishGradF64(-Infinity, 1)) && Object.is(mishGradF64(-800, 1), 0)).toBe(true);
  });

  it('should compute the gradients with PyTorch’s float64 formulas, step by step', () => {
    const oneMinusSquare = (t: number): number => {
      const sq = mul(dd(t), dd(t));
      return sub(ONE, sq)[0];
    };
    fc.assert(
      fc.property(doubles(-40, 40), doubles(-4, 4), (x, dy) => {
        const y = sigmoidF64(x);
        const t = tanhF64(x);
        const s = 1 / (1 + expF64(-x));
        const c = eluCoefficients('selu', 1, 'float64');
        return (
          Object.is(sigmoidGradF64(y, dy), dy * (1 - y) * y) &&
          // 1 − t² rounded once, as PyTorch's fused multiply-add rounds it.
          Object.is(tanhGradF64(t, dy), dy * oneMinusSquare(t)) &&
          Object.is(siluGradF64(x, dy), dy * s * (1 + x * (1 - s))) &&
          Object.is(logsigmoidGradF64(x, dy), dy * sigmoidF64(-x)) &&
          Object.is(softplusGradF64(x, dy, 1, 20), x > 20 ? dy : (dy * expF64(x)) / (expF64(x) + 1)) &&
          Object.is(eluGradF64(x, dy, c.positive, c.negative, c.gradientInputScale), x > 0 ? dy * c.positive : dy * 1 * c.negative * expF64(x))
        );
      }),
    );
  });

  it('should give Mish’s gradient t + (x·σ)·(1 − t²) within a few ulps of 1, PyTorch’s mixed measure', () => {
    fc.assert(
      fc.property(fc.oneof(doubles(-40, 40), doubles(-3, 3)), (x) => {
        const { t, rest } = mishGateDD(x);
        const want = add(t, mul(mul(dd(x), sigmoidDD(x)), rest));
        return Math.abs(mishGradF64(x, 1) - want[0] - want[1]) <= 12 * 2 ** -52 * Math.max(1, Math.abs(want[0]));
      }),
      { numRuns: 20_000 },
    );
  });

  it('should export its constants', () => {
    expect(SMOOTH64.log1pPoly.length).toBe(10);
    expect(SMOOTH64.tanhPoly.length).toBe(12);
    expect([SMOOTH64.negLow, SMOOTH64.tanhSmall, SMOOTH64.tanhLow, SMOOTH64.splitter, SMOOTH64.expBelowOne]).toEqual([-760, 0.5625, -40, 2 ** 27 + 1, -(2 ** -54)]);
    // The overflow threshold of Softplus is the first float64 whose e^x rounds to ∞.
    expect(Math.exp(SMOOTH64.softplusOverflow)).toBe(Infinity);
    expect(Math.exp(709.782712893384)).toBeLessThan(Infinity);
  });
});

/** 1 − t² rounded once, from exact integer arithmetic: t = m·2^k, 1 − t² = (2^(−2k) − m²)·2^(2k). */
function oneMinusSquareExact(t: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(t));
  const raw = view.getBigUint64(0);
  const exponent = Number(raw >> 52n);
  const m = (raw & ((1n << 52n) - 1n)) | (exponent === 0 ? 0n : 1n << 52n);
  const k = Math.max(exponent, 1) - 1075;
  // BigInt to Number rounds to nearest, ties to even; the power of two then scales exactly.
  return Number((1n << BigInt(-2 * k)) - m * m) * 2 ** (2 * k);
}

describe('1 − t² as a fused multiply-add gives it', () => {
  it('should round 1 − t² once, as exact arithmetic rounded to float64', () => {
    fc.assert(
      fc.property(fc.double({ min: 2 ** -20, max: 1, noNaN: true }), fc.boolean(), (a, negative) => {
        const t = negative ? -a : a;
        return Object.is(oneMinusSquareF64(t), oneMinusSquareExact(t));
      }),
      { numRuns: 20_000 },
    );
    expect(oneMinusSquareF64(Number.NaN)).toBeNaN();
    expect(Object.is(oneMinusSquareF64(1), 0)).toBe(true);
  });
});
