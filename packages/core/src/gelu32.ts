/**
 * GELU in float32 arithmetic, both forms, each step rounded as a float32
 * operation rounds (`Math.fround`), so that a WebAssembly SIMD kernel doing
 * the same operations on `f32x4` lanes gives the same bits.
 *
 * @remarks
 * The exact form x·Φ(x) is built on one quantity, the normal tail
 * Q(a) = ½·erfc(a/√2) at a = |x|, written Q(a) = e^(−a²/2)·R(a):
 *
 * - e^(−a²/2) with its argument kept exact: a = a_hi + a_lo by Veltkamp's
 *   split (a_hi holds 12 significant bits, so a_hi² is exact), −a²/2 =
 *   B + S with B = −a_hi²/2 exact and S = −a_lo·(a + a_hi)/2 small; the
 *   range reduction of `expF32` subtracts n·ln2_hi from B exactly and adds S
 *   after, so the square's rounding never reaches the exponent (rounding a²
 *   first would cost up to 100 ulps at a = 14).
 * - R(a) = t·P(t − 0.6) with t = 2/(2 + a) and P of degree 11, fitted for
 *   the least largest relative error on 0 ≤ a ≤ 14.5
 *   (`scripts/sweeps/fit-gelu32.py`: 3.7e-8 with float32 coefficients in
 *   exact arithmetic, 3.6 units of 2⁻²⁴ evaluated in float32).
 *
 * Then Φ(x) = Q(|x|) for x \< 0 and 1 − Q(|x|) otherwise, so neither tail
 * cancels, and φ(x) = e^(−x²/2)/√(2π) comes from the same exponential.
 *
 * @packageDocumentation
 */
import { EXP32, expm1Reduced, reduceN, scaleExp } from './exp32.js';
import { sigmoidF32, tanhF32 } from './smooth32.js';

const F = Math.fround;

/**
 * The constants of {@link geluF32}, {@link geluGradF32},
 * {@link geluTanhF32} and {@link geluTanhGradF32}, each a float32 value, for
 * kernels in other languages that must give the same bits.
 * @public
 */
export const GELU32 = Object.freeze({
  /**
   * |x| is clamped above at 16: from 14.43 on, e^(−x²/2) is below float32's
   * range and Q is 0, and the split's 4097·|x| would overflow beyond 8.3e34
   * (∞ − ∞ is NaN).
   */
  clamp: 16,
  /** Veltkamp's splitter for 12 significant bits, 2¹² + 1. */
  splitter: 4097,
  /** Below this exponent argument e^(−a²/2) is taken as 0 (`expF32`'s own lower clamp). */
  expLow: EXP32.expLow,
  /** The centre of the tail polynomial's variable, t − 0.6. */
  centre: F(0.6),
  /** P's coefficients, of (t − 0.6)⁰ … (t − 0.6)¹¹. */
  tail: Object.freeze(
    [
      0.3697741627693176, 0.33855190873146057, 0.014281656593084335, -0.13898302614688873, 0.03959633409976959, 0.06462482362985611, -0.07347983866930008,
      0.013712490908801556, 0.05286617949604988, -0.07353989034891129, -0.0018338875379413366, 0.06767898052930832,
    ].map(F),
  ),
  /** 1/√(2π), the standard normal density's factor. */
  density: F(0.3989422804014327),
  /** √(2/π) as PyTorch computes it for the tanh form (M_SQRT2·M_2_SQRTPI·0.5), in float32. */
  tanhScale: F(Math.SQRT2 * 1.1283791670955126 * 0.5),
  /** The cubic coefficient of the tanh form, 0.044715, in float32. */
  tanhCubic: F(0.044715),
  /** 3·0.044715 as PyTorch's float32 kernel computes it. */
  tanhCubicSlope: F(3 * F(0.044715)),
  /** 2·√(2/π): the tanh form is x·σ(x·(sigmoidLinear + sigmoidCubic·x²)). */
  sigmoidLinear: F(2 * Math.SQRT2 * 1.1283791670955126 * 0.5),
  /** 2·√(2/π)·0.044715. */
  sigmoidCubic: F(2 * Math.SQRT2 * 1.1283791670955126 * 0.5 * 0.044715),
});

const { clamp: CLAMP, splitter: SPLITTER, expLow: EXP_LOW, centre: CENTRE, density: DENSITY } = GELU32;
const { ln2Hi: LN2_HI, ln2Lo: LN2_LO } = EXP32;
const [T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11] = GELU32.tail as readonly [number, number, number, number, number, number, number, number, number, number, number, number];

/** e^(−a²/2) of the clamped a, from the exact split of its argument; 0 where the argument is below −104. */
function expMinusHalfSquare(a: number): number {
  const c = F(SPLITTER * a);
  const hi = F(c - F(c - a));
  const lo = F(a - hi);
  const big = F(F(hi * hi) * -0.5);
  const small = F(F(lo * F(a + hi)) * -0.5);
  const w = F(big + small);
  if (w < EXP_LOW) return 0;
  const n = reduceN(w);
  const r = F(F(F(big - F(n * LN2_HI)) + small) - F(n * LN2_LO));
  return scaleExp(expm1Reduced(r), n);
}

/** R(a) = t·P(t − 0.6), t = 2/(2 + a): Q(a)·e^(a²/2). */
function tailRatio(a: number): number {
  const t = F(2 / F(2 + a));
  const d = F(t - CENTRE);
  let p = F(F(T11 * d) + T10);
  p = F(F(p * d) + T9);
  p = F(F(p * d) + T8);
  p = F(F(p * d) + T7);
  p = F(F(p * d) + T6);
  p = F(F(p * d) + T5);
  p = F(F(p * d) + T4);
  p = F(F(p * d) + T3);
  p = F(F(p * d) + T2);
  p = F(F(p * d) + T1);
  p = F(F(p * d) + T0);
  return F(p * t);
}

/** a = |x| clamped above at 16; a NaN stays NaN. */
function clampedAbs(x: number): number {
  const a = Math.abs(x);
  return CLAMP < a ? CLAMP : a;
}

/** Φ(x) from e = e^(−a²/2) and R = R(|x|): Q = e·R, then Q or 1 − Q. */
function normalCdf(x: number, e: number, ratio: number): number {
  const q = F(e * ratio);
  return x < 0 ? q : F(1 - q);
}

/**
 * The exact GELU, x·Φ(x), in float32 arithmetic.
 *
 * @remarks
 * With Q(|x|) = e^(−x²/2)·R(|x|) as the module describes, y = (x·R)·e^(−x²/2)
 * for x \< 0 (x·R first, so that y keeps its precision where Q is already
 * subnormal) and x·(1 − Q) otherwise, every step rounded to float32. Neither tail cancels: gelu(−10) = −7.62e-23, where PyTorch's
 * 0.5·x·(1 + erf(x/√2)) gives −0. Beyond |x| = 14.43 Q is 0: y = x above,
 * −0 below. gelu(±0) = ±0, gelu(+∞) = +∞, gelu(−∞) = NaN (−∞·0, as in
 * PyTorch), NaN gives NaN. Within 6 ulps (the budget; 5.46 ulps is the
 * largest error over every float32, measured by `scripts/sweeps/smooth32.mjs`).
 *
 * @param x - A float32 value.
 * @returns x·Φ(x), a float32 value.
 * @public
 */
export function geluF32(x: number): number {
  const a = clampedAbs(x);
  const e = expMinusHalfSquare(a);
  const ratio = tailRatio(a);
  return x < 0 ? F(F(x * ratio) * e) : F(x * F(1 - F(e * ratio)));
}

/**
 * The exact GELU's gradient in float32 arithmetic, PyTorch's
 * dy·(Φ(x) + x·φ(x)), φ(x) = e^(−x²/2)/√(2π), with Φ as {@link geluF32}
 * computes it and φ from the same exponential, each step rounded to
 * float32. NaN at ±∞ (∞·0), as in PyTorch.
 *
 * @param x - The forward's input, a float32 value.
 * @param dy - The output gradient.
 * @returns dx, a float32 value.
 * @public
 */
export function geluGradF32(x: number, dy: number): number {
  const a = clampedAbs(x);
  const e = expMinusHalfSquare(a);
  const slope = F(normalCdf(x, e, tailRatio(a)) + F(x * F(e * DENSITY)));
  return F(dy * slope);
}

/**
 * GELU's tanh form, ½x·(1 + tanh(√(2/π)·(x + 0.044715x³))), in float32
 * arithmetic as x·σ(w) with w = x·(2√(2/π) + 2√(2/π)·0.044715·x²): the
 * same value (1 + tanh(u) = 2σ(2u)), without the cancellation of 1 + tanh(u)
 * for negative u. σ is core's `sigmoidF32`, so y is −0 from w \< −87.34
 * (x below about −10.0), as PyTorch's saturated tanh gives it. Where x²
 * overflows (|x| ≥ 1.8e19), w = ±∞ and y = x or −0, as in PyTorch.
 * gelu(+∞) = +∞, gelu(−∞) = NaN, NaN gives NaN. Within 3 ulps of
 * max(|y|, 1) (the budget; 2.03 is the largest error over every float32):
 * w is rounded four times, and σ's relative sensitivity to w is |w|·(1 − σ),
 * so in the negative tail, where y is tiny, the error is counted against 1,
 * as PyTorch's mixed error counts it.
 *
 * @param x - A float32 value.
 * @returns The tanh form of GELU, a float32 value.
 * @public
 */
export function geluTanhF32(x: number): number {
  const w = F(x * F(GELU32.sigmoidLinear + F(GELU32.sigmoidCubic * F(x * x))));
  return F(x * sigmoidF32(w));
}

/**
 * The tanh form's gradient in PyTorch's float32 order: with
 * t = tanh(√(2/π)·(x + 0.044715·(x²·x))) from core's `tanhF32`,
 * dy·(½(1 + t) + ((½x)·(1 − t²))·√(2/π)(1 + 3·0.044715·x²)), each step
 * rounded to float32 and 1 − t² rounded once (PyTorch's fused multiply-add).
 * 1 − t² cancels for |x| from 3 to 9, so the gradient follows PyTorch's
 * rounding of t rather than the exact slope. NaN where x² overflows, as in
 * PyTorch.
 *
 * @param x - The forward's input, a float32 value.
 * @param dy - The output gradient.
 * @returns dx, a float32 value.
 * @public
 */
export function geluTanhGradF32(x: number, dy: number): number {
  const square = F(x * x);
  const inner = F(GELU32.tanhScale * F(x + F(GELU32.tanhCubic * F(square * x))));
  const t = tanhF32(inner);
  const leftSlope = F(0.5 * F(1 + t));
  const innerSlope = F(GELU32.tanhScale * F(1 + F(GELU32.tanhCubicSlope * square)));
  const rightSlope = F(F(F(0.5 * x) * F(1 - t * t)) * innerSlope);
  return F(dy * F(leftSlope + rightSlope));
}
