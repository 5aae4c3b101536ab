import type { FloatArray } from '@rectify/core';
import { fastPreluRows, fastPreluRowsBackward, leakyBackward, leakyForward, slopeGradient } from '@rectify/simd';

/**
 * How an input is laid out around its channel axis: `outer` blocks of
 * `channels` runs of `inner` contiguous elements each. Element
 * `(o·channels + c)·inner + k` belongs to channel `c`.
 * @internal
 */
export interface ChannelLayout {
  /** Product of the sizes before the channel axis. */
  readonly outer: number;
  /** Size of the channel axis (1 for an input of rank \< 2). */
  readonly channels: number;
  /** Product of the sizes after the channel axis. */
  readonly inner: number;
}

/**
 * PReLU forward over a channel layout: y = x where x \> 0, else x·slopes[c].
 *
 * @remarks
 * Runs of `inner` ≥ 2 elements go through `leakyForward` (core's kernel, or
 * the same bits from `@rectify/simd`'s fast paths), one call per run. When
 * `inner` is 1 (channels last), a call per element would cost more than the
 * element itself, so the slope is chosen per element in one strided loop (or
 * `@rectify/simd`'s channels-last SIMD kernel); it evaluates the same
 * expression as `leakyForward`, so all paths give the same bits. `slopes`
 * must already be rounded to the dtype of `x`.
 *
 * @param x - Input.
 * @param y - Output of the same dtype and length, not overlapping `x`.
 * @param slopes - One slope per channel, rounded to the dtype of `x`.
 * @param layout - The input's layout; `layout.channels` equals `slopes.length`.
 * @internal
 */
export function channelForward(x: FloatArray, y: FloatArray, slopes: Float64Array, layout: ChannelLayout): void {
  const { outer, channels, inner } = layout;
  if (inner === 1) {
    if (fastPreluRows(x, y, channels, slopes)) return;
    let i = 0;
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < channels; c++, i++) {
        const v = x[i] as number;
        y[i] = v > 0 ? v : v * (slopes[c] as number);
      }
    }
    return;
  }
  let start = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++, start += inner) leakyForward(x, y, slopes[c] as number, start, start + inner);
  }
}

/**
 * PReLU backward over a channel layout: writes dx = dy where x \> 0, else
 * dy·slopes[c], and adds into `sums[c]` the sum of x·dy over the elements of
 * channel c where x is not \> 0.
 *
 * @remarks
 * Each run of `inner` elements is summed on its own from 0 (core's
 * `slopeGradient`), then added to its channel's total, runs in memory order.
 * The strided path for `inner` = 1 adds the same terms in the same order,
 * skipping only the zero terms of elements where x \> 0 (a total starts at +0
 * and adding ±0 never changes it), so both paths give the same bits.
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @param slopes - One slope per channel, rounded to the dtype of `x`.
 * @param layout - The input's layout.
 * @param sums - Per-channel totals to add into, float64, one per channel.
 * @internal
 */
export function channelBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, slopes: Float64Array, layout: ChannelLayout, sums: Float64Array): void {
  const { outer, channels, inner } = layout;
  if (inner === 1) {
    if (fastPreluRowsBackward(x, dy, dx, channels, slopes, sums)) return;
    let i = 0;
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < channels; c++, i++) {
        const v = x[i] as number;
        const g = dy[i] as number;
        if (v > 0) {
          dx[i] = g;
        } else {
          dx[i] = g * (slopes[c] as number);
          sums[c] = (sums[c] as number) + v * g;
        }
      }
    }
    return;
  }
  let start = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++, start += inner) {
      const slope = slopes[c] as number;
      leakyBackward(x, dy, dx, slope, start, start + inner);
      sums[c] = (sums[c] as number) + slopeGradient(x, dy, start, start + inner);
    }
  }
}
