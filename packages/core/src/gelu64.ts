/**
 * GELU in float64 arithmetic, both forms, so that a WebAssembly SIMD kernel
 * doing the same operations on `f64x2` lanes gives the same bits.
 *
 * @remarks
 * The exact form is built as in float32 (`gelu32.ts`) on the normal tail
 * Q(a) = ½·erfc(a/√2) = e^(−a²/2)·R(a), a = |x|:
 *
 * - e^(−a²/2) with its argument kept exact: Veltkamp's split a = a_hi + a_lo
 *   (a_hi of 26 significant bits, so a_hi² is exact), −a²/2 = B + S with
 *   B = −a_hi²/2 exact, n from B + S, and r = ((B − n·ln2_hi) + S) − n·ln2_lo
 *   for `expF64`'s polynomial and scaling.
 * - R(a) = t·P(t), t = 2/(2 + a), P a Chebyshev series of degree 30 on
 *   0 ≤ a ≤ 38.6 (`scripts/sweeps/fit-gelu64.py`: 3.0e-17 relative with its
 *   float64 coefficients), evaluated by Clenshaw's recurrence.
 *
 * Then Φ(x) = Q for x \< 0 and 1 − Q otherwise, and φ = e^(−x²/2)/√(2π) from
 * the same exponential. The tanh form is x·σ(w) on core's float64 sigmoid.
 *
 * @packageDocumentation
 */
import { EXP64, expm1Reduced64, pow2F64 } from './exp64.js';
import { oneMinusSquareF64, sigmoidF64, tanhF64 } from './smooth64.js';

/** √(2/π) as PyTorch computes it: M_SQRT2 · M_2_SQRTPI · 0.5. */
const TANH_SCALE = Math.SQRT2 * 1.1283791670955126 * 0.5;

/**
 * The constants of {@link geluTanhF64} and {@link geluTanhGradF64}, for
 * kernels in other languages that must give the same bits.
 * @public
 */
export const GELU64 = Object.freeze({
  /** |x| is clamped above at 40: from 38.6 on, e^(−x²/2) is below float64's range and Q is 0. */
  clamp: 40,
  /** Veltkamp's splitter for 26 significant bits, 2²⁷ + 1. */
  splitter: 134217729,
  /** 2/(t_hi − t_lo): u = t·tailScale − tailCentre maps t in [2/40.6, 1] onto [−1, 1]. */
  tailScale: 2.1036269430051813,
  /** (t_hi + t_lo)/(t_hi − t_lo). */
  tailCentre: 1.1036269430051813,
  /** P's Chebyshev coefficients, of T₀(u) … T₃₀(u). */
  tail: Object.freeze([
    0.3496612639339806, 0.14831512968573368, 0.005229106419799904, -0.0032674039941751215, -4.6393395608954e-5, 0.00012332036355397418, -1.2272901523365004e-5,
    -3.9736367791647395e-6, 1.3146999381290265e-6, -4.06344619067727e-8, -6.79811749615667e-8, 1.8622560716978707e-8, -3.356406243544037e-10, -1.1680006508180036e-9,
    3.564423604288379e-10, -2.1432127197947827e-11, -2.0117973458612432e-11, 8.161195792198156e-12, -1.1278338285704024e-12, -2.772575529177241e-13,
    1.9267391777255094e-13, -4.648514111887085e-14, 5.295636588432701e-16, 3.93730134480492e-15, -1.5834346626016585e-15, 2.6619686245105866e-16,
    4.084887850291834e-17, -4.2247492202298166e-17, 1.3749216777118684e-17, -1.7184359538037887e-18, -4.998268985508251e-19,
  ]),
  /** 1/√(2π), the standard normal density's factor. */
  density: 0.3989422804014327,
  /** √(2/π) as PyTorch computes it (M_SQRT2·M_2_SQRTPI·0.5). */
  tanhScale: TANH_SCALE,
  /** The cubic coefficient, 0.044715. */
  tanhCubic: 0.044715,
  /** 3·0.044715, as PyTorch's kernel computes it. */
  tanhCubicSlope: 3 * 0.044715,
  /** 2·√(2/π): the forward is x·σ(x·(sigmoidLinear + sigmoidCubic·x²)). */
  sigmoidLinear: 2 * TANH_SCALE,
  /** 2·√(2/π)·0.044715. */
  sigmoidCubic: 2 * TANH_SCALE * 0.044715,
});

const { tanhScale: BETA, tanhCubic: KAPPA, tanhCubicSlope: KAPPA3, sigmoidLinear: LINEAR, sigmoidCubic: CUBIC } = GELU64;
const { clamp: CLAMP, splitter: SPLITTER, tailScale: TAIL_SCALE, tailCentre: TAIL_CENTRE, density: DENSITY } = GELU64;
const TAIL = Float64Array.from(GELU64.tail);
const { log2e: LOG2E, shifter: SHIFTER, ln2Hi: LN2_HI, ln2Lo: LN2_LO, expLow: EXP_LOW } = EXP64;

/** e^(−a²/2) of the clamped a, from the exact split of its argument; 0 where the argument is below −746. */
function expMinusHalfSquare(a: number): number {
  const c = SPLITTER * a;
  const hi = c - (c - a);
  const lo = a - hi;
  const big = hi * hi * -0.5;
  const small = lo * (a + hi) * -0.5;
  const w = big + small;
  if (w < EXP_LOW) return 0;
  const n = w * LOG2E + SHIFTER - SHIFTER;
  const k = n | 0;
  const h = k >> 1;
  return (1 + expm1Reduced64(big - n * LN2_HI + small - n * LN2_LO)) * pow2F64(h) * pow2F64(k - h);
}

/** R(a) = t·P(t), t = 2/(2 + a), P by Clenshaw's recurrence on u = t·tailScale − tailCentre: Q(a)·e^(a²/2). */
function tailRatio(a: number): number {
  const t = 2 / (2 + a);
  const u2 = 2 * (t * TAIL_SCALE - TAIL_CENTRE);
  let b1 = 0;
  let b2 = 0;
  for (let k = TAIL.length - 1; k >= 1; k--) {
    const b = u2 * b1 - b2 + (TAIL[k] as number);
    b2 = b1;
    b1 = b;
  }
  return t * (0.5 * u2 * b1 - b2 + (TAIL[0] as number));
}

/** a = |x| clamped above at 40; a NaN stays NaN. */
function clampedAbs(x: number): number {
  const a = Math.abs(x);
  return CLAMP < a ? CLAMP : a;
}

/**
 * The exact GELU, x·Φ(x), in float64 arithmetic.
 *
 * @remarks
 * With Q(|x|) = e^(−x²/2)·R(|x|) as the module describes, y = (x·R)·e^(−x²/2)
 * for x \< 0 (x·R first, so that y keeps its precision where Q alone is
 * subnormal) and x·(1 − Q) otherwise. Neither tail cancels: gelu(−30) is
 * −1.47e-197. Beyond |x| = 38.6 Q is 0: y = x above, −0 below.
 * gelu(±0) = ±0, gelu(+∞) = +∞, gelu(−∞) = NaN (−∞·0, as in PyTorch), NaN
 * gives NaN.
 *
 * @param x - The input.
 * @returns x·Φ(x).
 * @public
 */
export function geluF64(x: number): number {
  const a = clampedAbs(x);
  const e = expMinusHalfSquare(a);
  const ratio = tailRatio(a);
  return x < 0 ? x * ratio * e : x * (1 - e * ratio);
}

/**
 * The exact GELU's gradient in float64 arithmetic, PyTorch's
 * dy·(Φ(x) + x·φ(x)), φ(x) = e^(−x²/2)/√(2π), with Φ as {@link geluF64}
 * computes it and φ from the same exponential. NaN at ±∞ (∞·0), as in
 * PyTorch.
 *
 * @param x - The forward's input.
 * @param dy - The output gradient.
 * @returns dx.
 * @public
 */
export function geluGradF64(x: number, dy: number): number {
  const a = clampedAbs(x);
  const e = expMinusHalfSquare(a);
  const q = e * tailRatio(a);
  return dy * ((x < 0 ? q : 1 - q) + x * (e * DENSITY));
}

/**
 * GELU's tanh form, ½x·(1 + tanh(√(2/π)·(x + 0.044715x³))), in float64 as
 * x·σ(w) with w = x·(2√(2/π) + 2√(2/π)·0.044715·x²) and σ core's
 * `sigmoidF64`: the same value (1 + tanh u = 2σ(2u)), without the
 * cancellation of 1 + tanh u for negative u. w is rounded four times and σ's
 * relative sensitivity to w is |w|·(1 − σ), so in the negative tail, where y
 * is tiny, the error is counted against max(|y|, 1), as PyTorch's mixed
 * error counts it (within 4 units of 2⁻⁵² there in the tests' samples). Where
 * x² overflows (|x| ≥ 1.3e154), w = ±∞ and y = x or −0, as in PyTorch;
 * gelu(+∞) = +∞, gelu(−∞) = NaN, NaN gives NaN.
 *
 * @param x - The input.
 * @returns The tanh form of GELU.
 * @public
 */
export function geluTanhF64(x: number): number {
  return x * sigmoidF64(x * (LINEAR + CUBIC * (x * x)));
}

/**
 * The tanh form's gradient in PyTorch's float64 order: with
 * t = tanh(√(2/π)·(x + 0.044715·(x²·x))) from core's `tanhF64`,
 * dy·(½(1 + t) + ((½x)·(1 − t²))·√(2/π)(1 + 3·0.044715·x²)), 1 − t² as a
 * fused multiply-add gives it (`oneMinusSquareF64`). 1 − t² cancels for |x|
 * from 3 to 9, so the gradient follows PyTorch's rounding of t rather than
 * the exact slope. NaN where x² overflows, as in PyTorch.
 *
 * @param x - The forward's input.
 * @param dy - The output gradient.
 * @returns dx.
 * @public
 */
export function geluTanhGradF64(x: number, dy: number): number {
  const square = x * x;
  const t = tanhF64(BETA * (x + KAPPA * (square * x)));
  const leftSlope = 0.5 * (1 + t);
  const innerSlope = BETA * (1 + KAPPA3 * square);
  return dy * (leftSlope + 0.5 * x * oneMinusSquareF64(t) * innerSlope);
}
