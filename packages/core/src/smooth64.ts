/**
 * The float64 forms of sigmoid, SiLU, tanh and the ELU family, with the
 * constants and shared steps of every float64 smooth activation (LogSigmoid
 * in `log64.ts`, Softplus in `softplus64.ts`, Mish in `mish64.ts`), built on
 * the float64 exponential of `exp64.ts`: float64 additions, multiplications and divisions in a fixed
 * order, no fused multiply-add, so that the activation packages' float64
 * loops and `@rectify/simd`'s WebAssembly kernels, which do the same
 * operations on `f64x2` lanes, give the same bits. Where PyTorch's float64
 * kernel writes a formula (a backward), the operations are PyTorch's, in its
 * order; where its compiler fuses 1 − t·t, the fused value is computed
 * exactly.
 *
 * @remarks
 * Error budgets are in ulps of the exact result for normal results; where a
 * result is subnormal the same number of ulps of the smallest normal
 * (2⁻¹⁰²²) bounds its absolute error. `scripts/sweeps/smooth64.mjs`
 * measures each against a double-double reference on dense random samples.
 *
 * @packageDocumentation
 */
import { EXP64, expF64, expm1F64, expm1Reduced64, pow2F64 } from './exp64.js';

/**
 * The constants of the float64 smooth activations beyond those of
 * {@link EXP64}, float64 values, for kernels in other languages that must
 * give the same bits.
 * @public
 */
export const SMOOTH64 = Object.freeze({
  /**
   * The sigmoids, LogSigmoid, Softplus and Mish clamp −|x| below at −760
   * before the reduction: e^(−760) is far below the subnormals, and x·e^x
   * (SiLU) is −0 there too, while 2^⌊n/2⌋ and 2^(n−⌊n/2⌋) stay normal.
   */
  negLow: -760,
  /**
   * r₃ … r₂₁ of ln(1 + u) = 2t + t·z·R(z), t = u/(2 + u) ∈ [0, ⅓], z = t²,
   * R(z) = r₃ + r₅z + … + r₂₁z⁹, fitted by `scripts/sweeps/fit-smooth64.py`
   * (relative error 7e-18 in exact arithmetic).
   */
  log1pPoly: Object.freeze([
    0.6666666666666666, 0.40000000000014585, 0.2857142856710876, 0.22222222717427864, 0.18181789436132859, 0.15385570064958623, 0.13314144209654935, 0.12001072809590713,
    0.08800738486144674, 0.1616404561194353,
  ]),
  /** Below this |x|, {@link tanhF64} evaluates its odd polynomial; at and above it, 1 − 2e/(1 + e) from e = e^(−2|x|). */
  tanhSmall: 0.5625,
  /** {@link tanhF64} clamps −2|x| below at −40, where 2e^(−2|x|) is far below half an ulp of 1. */
  tanhLow: -40,
  /**
   * t₃ … t₂₅ of tanh(a) ≈ a + a·z·T(z), z = a², T(z) = t₃ + t₅z + … + t₂₅z¹¹
   * on [0, 0.5625), fitted by `scripts/sweeps/fit-smooth64.py` (relative
   * error 6e-18 in exact arithmetic).
   */
  tanhPoly: Object.freeze([
    -0.3333333333333333, 0.133333333333333, -0.05396825396820291, 0.02186948853313033, -0.008863235437120377, 0.003592126352822234, -0.0014558149436249654,
    0.0005898788187502341, -0.00023836459039376214, 9.427778828319503e-5, -3.333062013997152e-5, 7.634414185118713e-6,
  ]),
  /** {@link mishF64} takes its numerator as x·g (g = u·(u + 2), u = eˣ) from here up to 0, as w·u + 2w (w = x·eˣ) below. */
  mishNear: -1,
  /** Veltkamp's splitter 2²⁷ + 1: t·splitter splits t into halves whose products are exact (`1 − t²` of the gradients). */
  splitter: 134217729,
  /** Below this z, e^z rounds below 1 in float64: −2⁻⁵⁴. The ELU family's zero takes its sign from it, as PyTorch's (e^z − 1)·α does. */
  expBelowOne: -(2 ** -54),
  /**
   * The smallest float64 whose e^x overflows float64 (ln of the largest
   * float64 is 709.78271289338397): from βx = 709.7827128933841 up, below the
   * threshold, e^(βx) is +∞ and so is Softplus.
   */
  softplusOverflow: 709.7827128933841,
});

const { log2e: LOG2E, shifter: SHIFTER, ln2Hi: LN2_HI, ln2Lo: LN2_LO } = EXP64;
const [T3, T5, T7, T9, T11, T13, T15, T17, T19, T21, T23, T25] = SMOOTH64.tanhPoly as readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
const { negLow: NEG_LOW, tanhSmall: TANH_SMALL, tanhLow: TANH_LOW, splitter: SPLITTER, expBelowOne: EXP_BELOW_ONE } = SMOOTH64;

/**
 * The reduction of e^v with v = max(−|x|, −760), shared by the sigmoids and
 * e^(−|x|): {@link negAbsReduce} writes s₁ = 2^⌊n/2⌋, s₂ = 2^(n−⌊n/2⌋) (both
 * normal, 2^n = s₁·s₂) and q ≈ e^r − 1 of `expF64`'s reduction here, one
 * slot each, read at once by its caller.
 */
const PARTS = new Float64Array(3);

/** Writes s₁, s₂ and q of e^(max(−|x|, −760)) into {@link PARTS}. */
function negAbsReduce(x: number): void {
  const a = -Math.abs(x);
  const v = a < NEG_LOW ? NEG_LOW : a;
  const n = v * LOG2E + SHIFTER - SHIFTER;
  const k = n | 0;
  const h = k >> 1;
  PARTS[0] = pow2F64(h);
  PARTS[1] = pow2F64(k - h);
  PARTS[2] = expm1Reduced64(v - n * LN2_HI - n * LN2_LO);
}

/**
 * e^(−|x|) in float64 as (s₂ + s₂·q)·s₁: v = max(−|x|, −760), n and r of
 * `expF64`'s reduction, q ≈ e^r − 1 and 2^n = s₁·s₂ with s₁ = 2^⌊n/2⌋ and
 * s₂ = 2^(n−⌊n/2⌋) both normal, so that 1 + q is never rounded and the
 * result rounds once, also into the subnormals (+0 below −745.14). NaN
 * stays NaN.
 *
 * @param x - Any number.
 * @returns e^(−|x|), within 1 ulp for normal results.
 * @internal
 */
export function expNegAbsF64(x: number): number {
  negAbsReduce(x);
  const s2 = PARTS[1] as number;
  return (s2 + s2 * (PARTS[2] as number)) * (PARTS[0] as number);
}

/**
 * 1 − t², as a fused multiply-add computes it: t² split exactly with
 * Dekker's product (t = hi + lo, t² = p + e), s = 1 − p with its rounding
 * error (1 − s) − p recovered exactly (Fast2Sum, |p| ≤ 1), then
 * s + (((1 − s) − p) − e).
 *
 * @remarks
 * PyTorch's CPU kernels are compiled with FMA contraction, so their
 * `1 - t * t` (the tanh, Mish and GELU tanh-form gradients) is
 * fma(−t, t, 1), rounded once; near t = ±1 the difference from rounding t²
 * first is the whole answer. The small correction is added last, so the
 * result is the correctly rounded 1 − t² except where that last addition
 * meets a tie, which random samples do not find. NaN gives NaN.
 *
 * @param t - A number in [−1, 1].
 * @returns 1 − t².
 * @public
 */
export function oneMinusSquareF64(t: number): number {
  const p = t * t;
  const split = SPLITTER * t;
  const hi = split - (split - t);
  const lo = t - hi;
  const e = hi * hi - p + 2 * hi * lo + lo * lo;
  const s = 1 - p;
  return s + (1 - s - p - e);
}

/**
 * The logistic sigmoid in float64 arithmetic: with v = max(−|x|, −760), n, r
 * and q ≈ e^r − 1 from {@link expF64}'s reduction, 2^n = s₁·s₂ as in
 * `expNegAbsF64` and s = s₁·s₂,
 * (x ≥ 0 ? 1 : (s₂ + s₂·q)·s₁) / ((1 + s) + s·q), each operation rounded to
 * float64; within 2.5 ulps (the budget; the sweep measures it).
 *
 * @remarks
 * e^v is never rounded through 1 + q, and (s₂ + s₂·q)·s₁ rounds once, into
 * the subnormals too: the tail keeps its relative precision down to them
 * and rounds to +0 below x = −745.14. One division for both signs and no
 * overflow. σ(+∞) = 1, σ(−∞) = +0, σ(NaN) = NaN, σ(±0) = ½.
 *
 * @param x - Any number.
 * @returns σ(x) = 1/(1 + e^(−x)).
 * @public
 */
export function sigmoidF64(x: number): number {
  negAbsReduce(x);
  const s1 = PARTS[0] as number;
  const s2 = PARTS[1] as number;
  const q = PARTS[2] as number;
  const s = s1 * s2;
  return (x >= 0 ? 1 : (s2 + s2 * q) * s1) / (1 + s + s * q);
}

/**
 * Sigmoid's gradient from its output, as PyTorch's float64
 * `sigmoid_backward` computes it: (dy·(1 − y))·y.
 *
 * @param y - σ(x), as the forward stored it.
 * @param dy - The output gradient.
 * @returns dx.
 * @public
 */
export function sigmoidGradF64(y: number, dy: number): number {
  return dy * (1 - y) * y;
}

/**
 * SiLU in float64 arithmetic: with s₁, s₂, s and q as in
 * {@link sigmoidF64} and w = x·s₂ (exact),
 * (x ≥ 0 ? x : (w + w·q)·s₁) / ((1 + s) + s·q), each operation rounded to
 * float64; within 3 ulps (the budget; the sweep measures it).
 *
 * @remarks
 * x/(1 + e^(−x)) without its overflow; (w + w·q)·s₁ rounds once, into the
 * subnormals too, so far left the result is a tiny negative number down to
 * x ≈ −751, then −0 (below −760 without computing it). silu(+∞) = +∞,
 * silu(−∞) = NaN (−∞·0, as in PyTorch), silu(±0) = ±0, NaN stays NaN.
 *
 * @param x - Any number.
 * @returns x·σ(x).
 * @public
 */
export function siluF64(x: number): number {
  if (x < NEG_LOW) return x === -Infinity ? Number.NaN : -0;
  negAbsReduce(x);
  const s1 = PARTS[0] as number;
  const s2 = PARTS[1] as number;
  const q = PARTS[2] as number;
  const s = s1 * s2;
  const xs = x * s2;
  return (x >= 0 ? x : (xs + xs * q) * s1) / (1 + s + s * q);
}

/**
 * SiLU's gradient as PyTorch's float64 `silu_backward` computes it:
 * s = 1/(1 + e^(−x)) with e^(−x) from {@link expF64}, then
 * (dy·s)·(1 + x·(1 − s)).
 *
 * @remarks
 * 1 − s cancels for large x and x amplifies it: rounding s as PyTorch does
 * keeps PyTorch's value there rather than the exact one. NaN at ±∞, as in
 * PyTorch.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @returns dx.
 * @public
 */
export function siluGradF64(x: number, dy: number): number {
  const s = 1 / (1 + expF64(-x));
  return dy * s * (1 + x * (1 - s));
}

/**
 * tanh in float64 arithmetic, with the sign of x, within 2 ulps (the budget;
 * the sweep measures it).
 *
 * @remarks
 * With a = |x|: below 0.5625, a + (a·z)·T(z) with z = a² and T of degree 11
 * (`SMOOTH64.tanhPoly`, Horner's rule). From 0.5625 up, e = e^(−2a) as
 * c + c·q (c = 2^n, n and q from {@link expF64}'s reduction of
 * max(−2a, −40); 1 + q never rounded) and 1 − (e + e)/(1 + e): the small
 * quotient is subtracted from 1, so that near 1, where tanh's gradient
 * 1 − t² cancels, the result is correctly rounded but in rare ties. From
 * a ≈ 19.06 on the result is 1. tanh(±0) = ±0, tanh(±∞) = ±1, NaN stays NaN.
 *
 * @param x - Any number.
 * @returns tanh(x).
 * @public
 */
export function tanhF64(x: number): number {
  const a = Math.abs(x);
  let t: number;
  if (a < TANH_SMALL) {
    const z = a * a;
    let p = T25 * z + T23;
    p = p * z + T21;
    p = p * z + T19;
    p = p * z + T17;
    p = p * z + T15;
    p = p * z + T13;
    p = p * z + T11;
    p = p * z + T9;
    p = p * z + T7;
    p = p * z + T5;
    p = p * z + T3;
    t = a + a * z * p;
  } else {
    const w = -2 * a;
    const v = w < TANH_LOW ? TANH_LOW : w;
    const n = v * LOG2E + SHIFTER - SHIFTER;
    const c = pow2F64(n | 0);
    const e = c + c * expm1Reduced64(v - n * LN2_HI - n * LN2_LO);
    t = 1 - (e + e) / (1 + e);
  }
  return x < 0 ? -t : x === 0 ? x : t;
}

/**
 * tanh's gradient from its output, as PyTorch's float64 `tanh_backward`
 * computes it: dy·(1 − y·y) with 1 − y·y rounded once (its compiler fuses
 * the multiply and the subtraction; see `oneMinusSquareF64`), then the
 * product rounded.
 *
 * @param y - tanh(x), as the forward stored it.
 * @param dy - The output gradient.
 * @returns dx.
 * @public
 */
export function tanhGradF64(y: number, dy: number): number {
  return dy * oneMinusSquareF64(y);
}

/**
 * The ELU family (ELU, CELU, SELU) in float64: x·p where x \> 0, else
 * (e^z − 1)·a with z = x·s and e^z − 1 from {@link expm1F64}.
 *
 * @remarks
 * The coefficients are PyTorch's (`eluCoefficients(name, α, 'float64')`):
 * p (`poscoef`), a (`negcoef`) and s (`negiptcoef`). Where (e^z − 1)·a is
 * zero, its sign is that of PyTorch's (e^z − 1)·a: −0·a where e^z rounds
 * below 1 (z \< −2⁻⁵⁴), +0·a otherwise, so elu(±0) = +0 for α \> 0.
 * elu(−∞) = −a, NaN stays NaN. Within 2.5 ulps of (e^z − 1)·a for its
 * rounded z: {@link expm1F64}'s 2 and the rounding of the product (the
 * budget; the sweep measures ELU, CELU and SELU).
 *
 * @param x - Any number.
 * @param p - The positive side's slope.
 * @param a - The factor of e^z − 1.
 * @param s - The input scale of z.
 * @returns y.
 * @public
 */
export function eluF64(x: number, p: number, a: number, s: number): number {
  if (x > 0) return x * p;
  const z = x * s;
  const y = expm1F64(z) * a;
  return y !== 0 ? y : (z < EXP_BELOW_ONE ? -0 : 0) * a;
}

/**
 * The ELU family's gradient in float64, as PyTorch's `elu_backward`
 * computes it from x: dy·p where x \> 0, else ((dy·s)·a)·e^(x·s) with e^(x·s)
 * from {@link expF64}. NaN at NaN.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @param p - The positive side's slope.
 * @param a - The factor of e^z − 1.
 * @param s - The input scale in the backward.
 * @returns dx.
 * @public
 */
export function eluGradF64(x: number, dy: number, p: number, a: number, s: number): number {
  if (x > 0) return dy * p;
  return dy * s * a * expF64(x * s);
}

