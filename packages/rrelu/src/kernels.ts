import { roundTo, uniform01, type FloatArray, type RandomSource } from '@rectify/core';
import { fastMultiply, fastRreluTrain } from '@rectify/simd';

/**
 * The training-mode forward of RReLU: draws one slope per non-positive element
 * and records every element's factor in `noise`.
 *
 * @remarks
 * For each index i in order: where x[i] ≤ 0 (−0 included), draws
 * u = `uniform01(rng)` and sets noise[i] = u·(hi − lo) + lo and
 * y[i] = x[i]·noise[i]; elsewhere (x[i] \> 0, or NaN, which is not ≤ 0) sets
 * noise[i] = 1 and y[i] = x[i]. Only non-positive elements advance `rng`.
 *
 * `lo` and `hi` are `lower` and `upper` rounded to the dtype of `x`, and the
 * draw is computed in float64 and rounded to that dtype on store into
 * `noise`; y is then the product of two values of the dtype, rounded once on
 * store. This is the arithmetic of PyTorch's CPU `rrelu_with_noise`.
 *
 * Runs `fastRreluTrain` of `@rectify/simd` when it takes the input: the
 * integers are still drawn with `rng.next()`, and the results (y, noise and
 * the final state of `rng`) are the same bits as this scalar loop's, for any
 * `pure-rand` generator.
 *
 * @param x - Input.
 * @param y - Output, same dtype and length, not overlapping `x`.
 * @param noise - Receives each element's factor; same dtype and length as `x`.
 * @param lower - Lower bound of the slopes.
 * @param upper - Upper bound of the slopes, at least `lower`.
 * @param rng - The generator to draw from; it is advanced once per draw.
 * @internal
 */
export function rreluTrainForward(x: FloatArray, y: FloatArray, noise: FloatArray, lower: number, upper: number, rng: RandomSource): void {
  const lo = roundTo(lower, x);
  rreluTrainRounded(x, y, noise, lo, roundTo(upper, x) - lo, rng);
}

/**
 * {@link rreluTrainForward} with its bounds already rounded: `lo` is `lower`
 * rounded to the dtype of `x`, and `range` is `upper` rounded to it, minus
 * `lo`, in float64. A caller that keeps both per dtype passes numbers it
 * already holds, so a call allocates nothing.
 *
 * @param x - Input.
 * @param y - Output, same dtype and length, not overlapping `x`.
 * @param noise - Receives each element's factor; same dtype and length as `x`.
 * @param lo - The rounded lower bound.
 * @param range - The rounded upper bound minus `lo`.
 * @param rng - The generator to draw from.
 * @internal
 */
export function rreluTrainRounded(x: FloatArray, y: FloatArray, noise: FloatArray, lo: number, range: number, rng: RandomSource): void {
  if (fastRreluTrain(x, y, noise, lo, range, rng)) return;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (v <= 0) {
      noise[i] = uniform01(rng) * range + lo;
      y[i] = v * (noise[i] as number);
    } else {
      noise[i] = 1;
      y[i] = v;
    }
  }
}

/**
 * The training-mode backward of RReLU: dx = dy·noise, elementwise, with the
 * factors {@link rreluTrainForward} recorded (so dx = dy·r where a slope r was
 * drawn, and exactly dy elsewhere, NaN and −0 included). Runs the SIMD
 * product of `@rectify/simd` when it takes the input (same bits).
 *
 * @param noise - The factors of the forward call.
 * @param dy - Output gradient, same dtype and length.
 * @param dx - Input gradient to write, same dtype and length.
 * @internal
 */
export function rreluTrainBackward(noise: FloatArray, dy: FloatArray, dx: FloatArray): void {
  if (fastMultiply(dy, noise, dx)) return;
  const n = noise.length;
  for (let i = 0; i < n; i++) {
    dx[i] = (dy[i] as number) * (noise[i] as number);
  }
}
