/**
 * GELU's tanh form in float64 arithmetic, on core's float64 sigmoid and
 * tanh, so that a WebAssembly SIMD kernel doing the same operations on
 * `f64x2` lanes gives the same bits. (The exact form's float64 loops compute
 * erfc in the gelu package; they have no kernel.)
 *
 * @packageDocumentation
 */
import { oneMinusSquareF64, sigmoidF64, tanhF64 } from './smooth64.js';

/** √(2/π) as PyTorch computes it: M_SQRT2 · M_2_SQRTPI · 0.5. */
const TANH_SCALE = Math.SQRT2 * 1.1283791670955126 * 0.5;

/**
 * The constants of {@link geluTanhF64} and {@link geluTanhGradF64}, for
 * kernels in other languages that must give the same bits.
 * @public
 */
export const GELU64 = Object.freeze({
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
