/**
 * The float64 exponential of the smooth activations: e^x and e^x − 1 from
 * float64 additions and multiplications only, in a fixed order with no fused
 * multiply-add, so that a WebAssembly SIMD kernel doing the same operations
 * on `f64x2` lanes gives the same bits.
 *
 * @remarks
 * Range reduction: n = round(x·log₂e) (ties to even, by adding and
 * subtracting 1.5·2⁵²), r = (x − n·ln2_hi) − n·ln2_lo with ln2_hi holding 32
 * significant bits, so that n·ln2_hi is exact for |n| \< 2²¹ and its
 * subtraction exact (Sterbenz), |r| ≤ 0.34658. Then e^r = 1 + r + r²·P(r)
 * with P of degree 10 fitted by `scripts/sweeps/fit-smooth64.py` (relative
 * error 3.3e-19 on that range with its float64 coefficients), evaluated by
 * Horner's rule, and
 * e^x = 2^n·e^r, scaled in two exact factors 2^⌊n/2⌋·2^(n−⌊n/2⌋) so that
 * neither leaves float64's normal range and the result rounds once into the
 * subnormals.
 *
 * @packageDocumentation
 */

/**
 * The constants of {@link expF64} and {@link expm1F64}, each a float64
 * value, for kernels in other languages that must give the same bits.
 * @public
 */
export const EXP64 = Object.freeze({
  /** log₂e rounded to float64. */
  log2e: Math.LOG2E,
  /** 1.5·2⁵²: adding it to |v| \< 2⁵¹ and subtracting it again rounds v to an integer, ties to even. */
  shifter: 6755399441055744,
  /** ln 2 rounded to 32 significant bits (0x3fe62e42fee00000): n·ln2_hi is exact for |n| \< 2²¹. */
  ln2Hi: 0.6931471803691238,
  /** ln 2 − ln2_hi rounded to float64 (0x3dea39ef35793c76). */
  ln2Lo: 1.9082149292705877e-10,
  /**
   * c₂ … c₁₂ of e^r ≈ 1 + r + c₂r² + … + c₁₂r¹², float64 values fitted by
   * `scripts/sweeps/fit-smooth64.py` (relative error 3.3e-19 on |r| ≤ 0.3466
   * in exact arithmetic).
   */
  poly: Object.freeze([
    0.5, 0.1666666666666667, 0.04166666666666667, 0.008333333333326134, 0.0013888888888883748, 0.00019841269874821643, 2.4801587325548468e-5, 2.7557255398914854e-6,
    2.7557273642187974e-7, 2.5105217542266557e-8, 2.09146873519521e-9,
  ]),
  /** {@link expF64} clamps its argument to [expLow, expHigh]: e^−746 rounds to +0 and e^710 overflows in float64. */
  expLow: -746,
  /** See `expLow`. */
  expHigh: 710,
  /** {@link expm1F64} clamps its argument below at −40, where e^x − 1 rounds to −1. */
  expm1Low: -40,
  /** Above this {@link expm1F64} returns e^x − 1 from {@link expF64}; at or below it, 2^n stays a normal float64. */
  expm1High: 709,
});

const { log2e: LOG2E, shifter: SHIFTER, ln2Hi: LN2_HI, ln2Lo: LN2_LO, expLow: EXP_LOW, expHigh: EXP_HIGH, expm1Low: EXPM1_LOW, expm1High: EXPM1_HIGH } = EXP64;
const [C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12] = EXP64.poly as readonly [number, number, number, number, number, number, number, number, number, number, number];

/** Index of 2⁰ in {@link POW2_64}. */
const POW2_OFFSET = 1100;

/**
 * 2^k for k in [−1100, 1100] (0 below −1074, +∞ above 1023), at index
 * k + 1100: exact powers, no `Math.pow`.
 * @internal
 */
export const POW2_64 = (() => {
  const table = new Float64Array(2 * POW2_OFFSET + 1);
  for (let k = -POW2_OFFSET; k <= POW2_OFFSET; k++) {
    // 2 ** k is exact for every representable power; outside the range it rounds to 0 or +∞.
    table[k + POW2_OFFSET] = 2 ** k;
  }
  return table;
})();

/**
 * 2^k for an integer k in [−1100, 1100] (0 below −1074, +∞ above 1023), from {@link POW2_64}.
 * @param k - The exponent, an integer.
 * @internal
 */
export function pow2F64(k: number): number {
  return POW2_64[k + POW2_OFFSET] as number;
}

/**
 * q = r + r²·P(r) ≈ e^r − 1, Horner's rule in float64.
 * @param r - The reduced argument, |r| ≤ 0.3466.
 * @internal
 */
export function expm1Reduced64(r: number): number {
  let p = C12 * r + C11;
  p = p * r + C10;
  p = p * r + C9;
  p = p * r + C8;
  p = p * r + C7;
  p = p * r + C6;
  p = p * r + C5;
  p = p * r + C4;
  p = p * r + C3;
  p = p * r + C2;
  return r + r * r * p;
}

/**
 * e^x in float64 arithmetic, within 1 ulp of the exact value (budget 1 ulp;
 * `scripts/sweeps/smooth64.mjs` measures the largest error on a dense random
 * sample against a double-double reference, docs/performance.md quotes it).
 *
 * @remarks
 * x is clamped to [−746, 710] first (a NaN passes through). With n and r as
 * the module describes, e^x = (1 + (r + r²·P(r)))·2^⌊n/2⌋·2^(n−⌊n/2⌋),
 * each operation rounded to float64; the first scaling is exact, the second
 * rounds once, also into the subnormals. e^(−∞) = +0, e^(+∞) = +∞,
 * e^NaN = NaN, e^(±0) = 1. The same operations on WebAssembly's `f64x2`
 * lanes give the same bits.
 *
 * @example
 * ```ts
 * import { expF64 } from '@rectify/core';
 * console.log(expF64(-1)); // 0.36787944117144233
 * ```
 *
 * @param x - Any number.
 * @returns e^x, rounded as described.
 * @public
 */
export function expF64(x: number): number {
  const v = x < EXP_LOW ? EXP_LOW : EXP_HIGH < x ? EXP_HIGH : x;
  const n = v * LOG2E + SHIFTER - SHIFTER;
  const e = 1 + expm1Reduced64(v - n * LN2_HI - n * LN2_LO);
  const k = n | 0;
  const h = k >> 1;
  return e * (POW2_64[h + POW2_OFFSET] as number) * (POW2_64[k - h + POW2_OFFSET] as number);
}

/**
 * e^x − 1 in float64 arithmetic, keeping its relative accuracy near 0
 * where e^x − 1 cancels, within 2 ulps (the budget; the sweep measures it).
 *
 * @remarks
 * For x ≤ 709: x is clamped below at −40 (a NaN passes through), n and r as
 * for {@link expF64}, q = r + r²·P(r), s = 2^n and the result s·q + (s − 1),
 * both terms exact or rounded once and then their sum; the result of x = ±0 is
 * x itself, so the sign of zero is kept. For x \> 709, expF64(x) − 1
 * (+∞ from 709.79 up). expm1(−∞) = −1.
 *
 * @param x - Any number.
 * @returns e^x − 1, rounded as described.
 * @public
 */
export function expm1F64(x: number): number {
  if (x > EXPM1_HIGH) return expF64(x) - 1;
  if (x === 0) return x;
  const v = x < EXPM1_LOW ? EXPM1_LOW : x;
  const n = v * LOG2E + SHIFTER - SHIFTER;
  const q = expm1Reduced64(v - n * LN2_HI - n * LN2_LO);
  const s = POW2_64[(n | 0) + POW2_OFFSET] as number;
  return s * q + (s - 1);
}
