/**
 * Maths shared by the activations of this package.
 *
 * @packageDocumentation
 * @internal
 */

/**
 * The logistic function σ(x) = 1 / (1 + e^(−x)), within an ulp or two of the
 * exact value for every float64 x.
 *
 * @remarks
 * Below 0 it is evaluated as e^x / (1 + e^x), so that e^(−x) never overflows
 * and the tail keeps its relative precision down to the subnormals:
 * σ(−700) ≈ 9.86e-305 rather than 0. σ(±∞) = 1 or 0, σ(NaN) = NaN.
 *
 * @param x - The input.
 * @returns σ(x) in [0, 1].
 * @internal
 */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
