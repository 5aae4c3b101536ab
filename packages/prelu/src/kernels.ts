import { leakyBackward, leakyForward, slopeGradient, type FloatArray } from '@rectify/core';

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
 * The reference loop, which a kernel provider's `prelu` kernels must match
 * bit for bit. Runs of `inner` ≥ 2 elements go through core's
 * `leakyForward`, one call per run. When `inner` is 1 (channels last), a call
 * per element would cost more than the element itself, so the slope is
 * chosen per element in one strided loop; it evaluates the same expression
 * as `leakyForward`. `slopes` must already be rounded to the dtype of `x`.
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

/**
 * A kernel provider's PReLU forward for one dtype: y = x \> 0 ? x : x·slopes[c]
 * for the elements of channel c, with the input laid out as `outer` blocks of
 * `channels` runs of `inner` elements, the slopes already rounded to the
 * dtype; the bits of this package's own loop. Returns `false`, having
 * written nothing, to leave the call to that loop.
 * @public
 */
export type PreluForwardKernel = (x: FloatArray, y: FloatArray, slopes: Float64Array, outer: number, channels: number, inner: number) => boolean;

/**
 * A kernel provider's PReLU backward for one dtype: dx = x \> 0 ? dy : dy·slopes[c],
 * and, for each run of `inner` elements in memory order, the float64 sum of
 * x·dy where x is not positive (started from 0) added into `sums[c]`: the
 * bits of this package's own loop. Returns `false`, having written nothing,
 * to leave the call to that loop.
 * @public
 */
export type PreluBackwardKernel = (x: FloatArray, dy: FloatArray, dx: FloatArray, slopes: Float64Array, outer: number, channels: number, inner: number, sums: Float64Array) => boolean;
