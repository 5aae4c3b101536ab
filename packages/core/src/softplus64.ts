/**
 * Softplus in float64, on the float64 exponential and ln(1 + u): float64
 * operations in a fixed order, so that the softplus package's float64 loops
 * and `@rectify/simd`'s kernels give the same bits.
 *
 * @packageDocumentation
 */
import { expF64 } from './exp64.js';
import { log1pUnitF64 } from './log64.js';
import { SMOOTH64, expNegAbsF64 } from './smooth64.js';

const { softplusOverflow: OVERFLOW } = SMOOTH64;

/**
 * PyTorch's softplus in float64: x where b = βx exceeds the threshold, else
 * (max(b, 0) + ln(1 + e^(−|b|)))/β with e^(−|b|) from `expNegAbsF64` and
 * {@link log1pUnitF64}; within 3 ulps of log1p(e^b)/β for β = 1 (the
 * budget; the sweep measures it).
 *
 * @remarks
 * log1p(e^b) = max(b, 0) + ln(1 + e^(−|b|)) neither overflows nor cancels.
 * As in PyTorch, where e^b overflows below the threshold
 * (b ≥ 709.7827128933841, for a threshold above it) the result is +∞. Far
 * left the result is e^b/β down to the subnormals, then +0.
 * softplus(+∞) = +∞, softplus(−∞) = +0, NaN stays NaN.
 *
 * @param x - Any number.
 * @param beta - β, a positive number.
 * @param threshold - The threshold.
 * @returns softplus(x).
 * @public
 */
export function softplusF64(x: number, beta: number, threshold: number): number {
  const b = x * beta;
  if (b > threshold) return x;
  if (b >= OVERFLOW) return Infinity;
  return ((b > 0 ? b : 0) + log1pUnitF64(expNegAbsF64(b))) / beta;
}

/**
 * Softplus's gradient as PyTorch's float64 `softplus_backward` computes it:
 * dy where βx \> threshold, else z = e^(βx) from {@link expF64} and
 * (dy·z)/(z + 1).
 *
 * @remarks
 * NaN where e^(βx) overflows below the threshold (∞/∞), as in PyTorch; dy·0
 * (signed as dy) where it underflows.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @param beta - β, a positive number.
 * @param threshold - The threshold.
 * @returns dx.
 * @public
 */
export function softplusGradF64(x: number, dy: number, beta: number, threshold: number): number {
  const b = x * beta;
  if (b > threshold) return dy;
  const z = expF64(b);
  return (dy * z) / (z + 1);
}
