/**
 * Maths shared by the activations of this package.
 *
 * @packageDocumentation
 * @internal
 */

/** Veltkamp's splitter for float64, 2²⁷ + 1: splits a double into two halves whose products are exact. */
const SPLITTER = 134217729;

/**
 * 1 − t², rounded once, as a fused multiply-add computes it.
 *
 * @remarks
 * PyTorch's CPU kernels are compiled with FMA contraction, so its
 * `1 - t * t` (GELU's tanh form, Mish) is fma(−t, t, 1): t·t is not rounded
 * before the subtraction. Where t is near ±1 the difference is the whole
 * answer (1 − t² cancels), and multiplied by up to 15 in those gradients it
 * would be 2e-15 relative in float64. t² is split exactly with Dekker's
 * product (t = hi + lo, t² = p + e); 1 − p is exact for |t| ≥ √½ (Sterbenz),
 * so (1 − p) − e rounds once.
 *
 * @param t - A number in [−1, 1], such as a tanh; NaN gives NaN.
 * @internal
 */
export function oneMinusSquare(t: number): number {
  const p = t * t;
  const split = SPLITTER * t;
  const hi = split - (split - t);
  const lo = t - hi;
  const e = hi * hi - p + 2 * hi * lo + lo * lo;
  return 1 - p - e;
}
