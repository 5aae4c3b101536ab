import { uniform01, type FloatArray, type RandomSource } from '@rectify/core';

/**
 * The training-mode forward of RReLU: draws one slope per non-positive element
 * and records every element's factor in `noise`.
 *
 * @remarks
 * For each index i in order: where x[i] ≤ 0 (−0 included), draws
 * u = `uniform01(rng)` and sets noise[i] = u·range + lo and
 * y[i] = x[i]·noise[i]; elsewhere (x[i] \> 0, or NaN, which is not ≤ 0) sets
 * noise[i] = 1 and y[i] = x[i]. Only non-positive elements advance `rng`.
 *
 * `lo` is `lower` rounded to the dtype of `x`, and `range` is `upper` rounded
 * to it, minus `lo`, in float64 (a caller keeps both per dtype, so a call
 * allocates nothing). The draw is computed in float64 and rounded to the
 * dtype on store into `noise`; y is then the product of two values of the
 * dtype, rounded once on store. This is the arithmetic of PyTorch's CPU
 * `rrelu_with_noise`. A kernel provider's `train-forward` kernel must give
 * the same y, noise and final state of `rng`, for any `pure-rand` generator.
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
 * factors {@link rreluTrainRounded} recorded (so dx = dy·r where a slope r was
 * drawn, and exactly dy elsewhere, NaN and −0 included).
 *
 * @param noise - The factors of the forward call.
 * @param dy - Output gradient, same dtype and length.
 * @param dx - Input gradient to write, same dtype and length.
 * @internal
 */
export function rreluTrainBackward(noise: FloatArray, dy: FloatArray, dx: FloatArray): void {
  const n = noise.length;
  for (let i = 0; i < n; i++) {
    dx[i] = (dy[i] as number) * (noise[i] as number);
  }
}

/**
 * A kernel provider's RReLU training forward for one dtype: does what
 * `rreluTrainRounded` does (y, noise and the generator's final state, bit for
 * bit), or returns `false` having written and drawn nothing.
 * @public
 */
export type RreluTrainForwardKernel = (x: FloatArray, y: FloatArray, noise: FloatArray, lo: number, range: number, rng: RandomSource) => boolean;

/**
 * A kernel provider's RReLU training backward for one dtype: dx = dy·noise,
 * or `false` having written nothing.
 * @public
 */
export type RreluTrainBackwardKernel = (noise: FloatArray, dy: FloatArray, dx: FloatArray) => boolean;
