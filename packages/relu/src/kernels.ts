import type { FloatArray } from '@rectify/core';
import { fastRelu, fastReluBackward } from '@rectify/simd';

/**
 * y = x where x \> 0, else 0; with −0 kept as −0 and NaN as NaN, as
 * `torch.relu` gives them.
 *
 * @remarks
 * Runs the WebAssembly SIMD or branchless kernel of `@rectify/simd` when it
 * takes the input (same bits), and the loop below otherwise.
 *
 * @param x - Input.
 * @param y - Output of the same dtype and length, not overlapping `x`.
 * @internal
 */
export function reluForward(x: FloatArray, y: FloatArray): void {
  if (fastRelu(x, y)) return;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    // v < 0 is false for −0 and NaN, so both pass through unchanged.
    y[i] = v < 0 ? 0 : v;
  }
}

/**
 * dx = dy where x \> 0, and +0 where x ≤ 0 (so the gradient at ±0 is 0); where
 * x is NaN, dx = dy, as PyTorch's `threshold_backward` leaves it.
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @internal
 */
export function reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  if (fastReluBackward(x, dy, dx)) return;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    dx[i] = (x[i] as number) <= 0 ? 0 : (dy[i] as number);
  }
}
