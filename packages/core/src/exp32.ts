/**
 * The float32 exponential of the smooth activations: e^x and e^x − 1 in
 * float32 arithmetic only, each step rounded as a float32 operation rounds,
 * so that a WebAssembly SIMD kernel doing the same operations on `f32x4`
 * lanes gives the same bits.
 *
 * @remarks
 * Range reduction: n = round(x·log₂e) (ties to even, by adding and
 * subtracting 1.5·2²³), r = (x − n·ln2_hi) − n·ln2_lo with ln2_hi holding 15
 * significant bits, so that n·ln2_hi is exact and its subtraction exact
 * (Sterbenz), |r| ≤ 0.34658. Then e^r = 1 + r + r²·P(r) with P of degree 4,
 * fitted for the least largest relative error on that range
 * (`scripts/sweeps/fit-exp32.py`: 3.8e-9 with float32 coefficients, exact
 * evaluation), and e^x = 2^n·e^r, scaled in two exact steps so that 2^n is
 * never out of float32's range.
 *
 * @packageDocumentation
 */

const F = Math.fround;

/**
 * The constants of {@link expF32} and {@link expm1F32}, each a float32
 * value, for kernels in other languages that must give the same bits.
 * @public
 */
export const EXP32 = Object.freeze({
  /** log₂e rounded to float32. */
  log2e: F(Math.LOG2E),
  /** 1.5·2²³: adding it to |v| \< 2²² and subtracting it again rounds v to an integer, ties to even. */
  shifter: 12582912,
  /** ln 2 rounded down to 15 significant bits (0x3f317200): n·ln2_hi is exact for |n| \< 2⁹. */
  ln2Hi: 0.693145751953125,
  /** ln 2 − ln2_hi rounded to float32. */
  ln2Lo: F(Math.LN2 - 0.693145751953125),
  /** c₂ … c₆ of e^r ≈ 1 + r + c₂r² + … + c₆r⁶. */
  poly: Object.freeze([F(0.4999999403953552), F(0.1666652113199234), F(0.04166838899254799), F(0.0083687175065279), F(0.0013814478879794478)]),
  /** {@link expF32} clamps its argument to [expLow, expHigh]: e^−104 rounds to 0 and e^89 overflows in float32. */
  expLow: -104,
  /** See `expLow`. */
  expHigh: 89,
  /** {@link expWide} clamps its argument below at −120, where x·e^x rounds to −0 in float32. */
  wideLow: -120,
  /**
   * `sigmoidF32` and `siluF32` clamp −|x| below at ln 2^−126 (n ≥ −126, so
   * that 2^n is a normal float32) and flush their results below it to zero.
   */
  sigmoidLow: F(-87.33654),
  /** {@link expm1F32} clamps its argument below at −18, where e^x − 1 rounds to −1. */
  expm1Low: -18,
  /** Above this {@link expm1F32} returns e^x − 1 from {@link expF32}; at or below it, 2^n stays a normal float32. */
  expm1High: 88,
});

const { log2e: LOG2E, shifter: SHIFTER, ln2Hi: LN2_HI, ln2Lo: LN2_LO, expLow: EXP_LOW, expHigh: EXP_HIGH, wideLow: WIDE_LOW, expm1Low: EXPM1_LOW, expm1High: EXPM1_HIGH } = EXP32;
const [C2, C3, C4, C5, C6] = EXP32.poly as readonly [number, number, number, number, number];

/**
 * 2^k for k in [−200, 199], at index k + 200: exact powers, no `Math.pow`.
 * @internal
 */
export const POW2 = (() => {
  const table = new Float64Array(400);
  let p = 2 ** -200;
  for (let i = 0; i < 400; i++, p *= 2) table[i] = p;
  return table;
})();

/**
 * n = round(v·log₂e) as float32 arithmetic computes it, for |v| \< 2²¹: the integer, as a number.
 * @param v - A float32 value, already clamped.
 * @internal
 */
export function reduceN(v: number): number {
  return F(F(F(v * LOG2E) + SHIFTER) - SHIFTER);
}

/**
 * r = (v − n·ln2_hi) − n·ln2_lo in float32.
 * @param v - The clamped argument.
 * @param n - {@link reduceN} of it.
 * @internal
 */
export function reduceR(v: number, n: number): number {
  return F(F(v - F(n * LN2_HI)) - F(n * LN2_LO));
}

/**
 * q = r + r²·P(r) ≈ e^r − 1, Horner's rule in float32.
 * @param r - The reduced argument, |r| ≤ 0.3466.
 * @internal
 */
export function expm1Reduced(r: number): number {
  let p = F(F(C6 * r) + C5);
  p = F(F(p * r) + C4);
  p = F(F(p * r) + C3);
  p = F(F(p * r) + C2);
  return F(r + F(F(r * r) * p));
}

/**
 * e^x in float32 arithmetic, within 1 ulp of the exact value (budget 1
 * ulp; `scripts/sweeps/smooth32.mjs` measures the largest error over the
 * float32 inputs, docs/performance.md quotes it).
 *
 * @remarks
 * x is clamped to [−104, 89] first (a NaN passes through). With n and r as
 * the module describes, e^x = (1 + (r + r²·P(r)))·2^⌊n/2⌋·2^(n−⌊n/2⌋), each
 * operation rounded to float32; the first scaling is exact, the second rounds
 * once, also into the subnormals. e^(−∞) = +0, e^(+∞) = +∞, e^NaN = NaN,
 * e^(±0) = 1. The same operations in WebAssembly's `f32x4` (no fused
 * multiply-add) give the same bits: a float64 product or sum of two float32
 * values rounded to float32 is the float32 operation's result.
 *
 * @param x - A float32 value (any number is read as the float32 it rounds to only if it is one already: pass float32 values).
 * @returns e^x rounded as described, a float32 value.
 * @public
 */
export function expF32(x: number): number {
  const v = x < EXP_LOW ? EXP_LOW : EXP_HIGH < x ? EXP_HIGH : x;
  const n = reduceN(v);
  return scaleExp(expm1Reduced(reduceR(v, n)), n);
}

/**
 * (1 + q)·2^⌊n/2⌋·2^(n−⌊n/2⌋) in float32: e^x from its reduction, the first
 * scaling exact, the second rounding once, also into the subnormals.
 * @param q - {@link expm1Reduced} of r.
 * @param n - {@link reduceN}, an integer in [−151, 129].
 * @internal
 */
export function scaleExp(q: number, n: number): number {
  const k = n | 0;
  const h = k >> 1;
  return F(F(F(1 + q) * (POW2[h + 200] as number)) * (POW2[k - h + 200] as number));
}

/**
 * e^x − 1 in float32 arithmetic, within 2 ulps, keeping its relative
 * accuracy near 0 where e^x − 1 cancels (budget 2 ulps; the sweep measures it).
 *
 * @remarks
 * For x ≤ 88: x is clamped below at −18 (a NaN passes through), n and r as
 * for {@link expF32}, q = r + r²·P(r) and the result 2^n·q + (2^n − 1), both
 * terms rounded to float32 and then their sum; the result of x = ±0 is x
 * itself, so the sign of zero is kept. For x \> 88, e^x − 1 from
 * {@link expF32}, rounded (+∞ from 88.73 up). expm1(−∞) = −1.
 *
 * @param x - A float32 value.
 * @returns e^x − 1 rounded as described, a float32 value.
 * @public
 */
export function expm1F32(x: number): number {
  if (x > EXPM1_HIGH) return F(expF32(x) - 1);
  if (x === 0) return x;
  const v = x < EXPM1_LOW ? EXPM1_LOW : x;
  const n = reduceN(v);
  const q = expm1Reduced(reduceR(v, n));
  const s = POW2[(n | 0) + 200] as number;
  return F(F(s * q) + F(s - 1));
}

/**
 * e^x for x ≤ 0 as a float64 value: the float32 reduction of {@link expF32}
 * (n, r and q ≈ e^r − 1, each step rounded to float32), then (1 + q)·2^n
 * exactly in float64, not rounded to float32.
 *
 * @remarks
 * Kept in float64, e^x carries the error of q and r alone (within
 * 0.75·2⁻²⁴ relative: 0.71·2⁻²⁴ is the largest seen in the tests' samples)
 * instead of also the rounding of 1 + q: `tanhF32` finishes its formula in
 * float64 from it and rounds once. x is clamped below at −120 (a NaN passes through); x = −0 and
 * +0 give 1. WebAssembly kernels do the float64 steps in `f64x2` lanes and
 * give the same bits.
 *
 * @param x - A float32 value, at most 0.
 * @returns (1 + q)·2^n, a float64 value within 0.75·2⁻²⁴ of e^x, relative.
 * @public
 */
export function expWide(x: number): number {
  const v = x < WIDE_LOW ? WIDE_LOW : x;
  const n = reduceN(v);
  return (1 + expm1Reduced(reduceR(v, n))) * (POW2[(n | 0) + 200] as number);
}
