import type { FloatArray } from '@rectify/core';
import type { GroupLayout } from './layout.js';

/**
 * A kernel provider's Maxout forward for one dtype: x is [blocks, k, inner]
 * row-major, y is [blocks, inner], y[b, j] the largest of x[b, p, j] over p,
 * the first maximum winning ties and the first NaN winning over numbers;
 * `false`, having written nothing, to decline.
 * @public
 */
export type MaxoutForwardKernel = (x: FloatArray, y: FloatArray, k: number, inner: number) => boolean;

/**
 * A kernel provider's Maxout backward for one dtype: the element the forward
 * picked (found again from x) gets dy, every other +0; `false`, having
 * written nothing, to decline.
 * @public
 */
export type MaxoutBackwardKernel = (x: FloatArray, dy: FloatArray, dx: FloatArray, k: number, inner: number) => boolean;

/**
 * A provider's Maxout kernels for one dtype, either absent.
 * @internal
 */
export interface MaxoutKernels {
  readonly forward: MaxoutForwardKernel | undefined;
  readonly backward: MaxoutBackwardKernel | undefined;
}

/**
 * Runs maxout's forward, with a provider's kernel where it takes the call,
 * and returns what its backward needs: `undefined` when the kernel took it,
 * else the winners.
 *
 * @remarks
 * A provider's kernels give the bits of {@link maxoutForward} and
 * {@link maxoutBackward}; their backward finds each group's winner again from
 * `x` (read at call time, as the contract allows) instead of recording it, so
 * the forward records nothing. The loop runs where the kernel declines the
 * input, recording the winners in `source`.
 *
 * @param x - Input, laid out as `layout` describes.
 * @param y - Output of the same dtype, `outer·channels/k·inner` long.
 * @param layout - The split of the input around the grouped axis.
 * @param k - Group size; divides `layout.channels`.
 * @param fast - The provider's kernels for this dtype.
 * @param source - Where to record the winners if the loop runs: as
 * long as `y`. Defaults to a new array, made only if needed.
 * @returns `undefined` after the kernel, else `source` holding the winners.
 * @internal
 */
export function maxoutRun(x: FloatArray, y: FloatArray, layout: GroupLayout, k: number, fast: MaxoutKernels, source?: Int32Array): Int32Array | undefined {
  if (fast.forward?.(x, y, k, layout.inner) === true) return undefined;
  const winners = source ?? new Int32Array(y.length);
  maxoutForward(x, y, winners, layout, k);
  return winners;
}

/**
 * The backward of a {@link maxoutRun} call, with the provider's kernel where it takes the call.
 *
 * @param x - The forward input, unchanged since.
 * @param winners - What `maxoutRun` returned.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @param layout - The forward's layout.
 * @param k - Group size.
 * @param fast - The provider's kernels for this dtype.
 * @internal
 */
export function maxoutRunBackward(x: FloatArray, winners: Int32Array | undefined, dy: FloatArray, dx: FloatArray, layout: GroupLayout, k: number, fast: MaxoutKernels): void {
  if (winners === undefined) {
    if (fast.backward?.(x, dy, dx, k, layout.inner) === true) return;
    // The kernel declined: record the winners now, from the same x.
    const scratch = x instanceof Float32Array ? new Float32Array(dy.length) : new Float64Array(dy.length);
    const recorded = new Int32Array(dy.length);
    maxoutForward(x, scratch, recorded, layout, k);
    maxoutBackward(recorded, dy, dx);
    return;
  }
  maxoutBackward(winners, dy, dx);
}

/**
 * Maxout over consecutive groups of k along an axis, recording where each
 * output came from.
 *
 * @remarks
 * Output (a, g, i) of the [outer, channels/k, inner] result is the largest of
 * x(a, g·k + j, i) for j = 0 … k − 1. The comparison is strict, so among equal
 * maxima the first wins, and of −0 and +0 the one that comes first. The first
 * NaN of a group wins over everything and ends the scan. The winner's flat
 * index in `x` goes to `source`. Values are copied, never rounded.
 *
 * @param x - Input, laid out as `layout` describes.
 * @param y - Output of the same dtype, `outer·channels/k·inner` long.
 * @param source - Receives, per output, the flat index of its winner in `x`.
 * @param layout - The split of the input around the grouped axis.
 * @param k - Group size; divides `layout.channels`.
 * @internal
 */
export function maxoutForward(x: FloatArray, y: FloatArray, source: Int32Array, layout: GroupLayout, k: number): void {
  const { outer, channels, inner } = layout;
  const groups = channels / k;
  const block = channels * inner;
  const groupStride = k * inner;
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let g = 0; g < groups; g++) {
      const first = a * block + g * groupStride;
      for (let i = 0; i < inner; i++) {
        let at = first + i;
        let best = x[at] as number;
        if (best === best) {
          for (let j = 1, p = at + inner; j < k; j++, p += inner) {
            const v = x[p] as number;
            if (v > best) {
              best = v;
              at = p;
            } else if (v !== v) {
              best = v;
              at = p;
              break;
            }
          }
        }
        y[o] = best;
        source[o] = at;
        o++;
      }
    }
  }
}

/**
 * The gradient of {@link maxoutForward}: dx is +0 everywhere except at each
 * group's winner, which receives that output's dy unchanged.
 *
 * @param source - The winners that the forward call recorded.
 * @param dy - Output gradient, one per entry of `source`.
 * @param dx - Input gradient to write (zero-filled here first).
 * @internal
 */
export function maxoutBackward(source: Int32Array, dy: FloatArray, dx: FloatArray): void {
  dx.fill(0);
  const n = source.length;
  for (let o = 0; o < n; o++) dx[source[o] as number] = dy[o] as number;
}

/**
 * Half the smallest gap, over all groups, between a group's largest member
 * and its runner-up: how far, in the max norm, `x` is from an input where two
 * members tie and maxout is not differentiable.
 *
 * @remarks
 * A tie (equal members, ±0 included, or two equal infinities) gives 0, and so
 * does any NaN. With k = 1, or no groups at all, there is no tie to approach
 * and the result is +Infinity.
 *
 * @param x - Input, laid out as `layout` describes.
 * @param layout - The split of the input around the grouped axis.
 * @param k - Group size.
 * @internal
 */
export function maxoutMargin(x: FloatArray, layout: GroupLayout, k: number): number {
  if (k === 1) return Number.POSITIVE_INFINITY;
  const { outer, channels, inner } = layout;
  const groups = channels / k;
  let smallest = Number.POSITIVE_INFINITY;
  for (let a = 0; a < outer; a++) {
    for (let g = 0; g < groups; g++) {
      const first = (a * channels + g * k) * inner;
      for (let i = 0; i < inner; i++) {
        let top = Number.NEGATIVE_INFINITY;
        let second = Number.NEGATIVE_INFINITY;
        for (let j = 0, p = first + i; j < k; j++, p += inner) {
          const v = x[p] as number;
          if (v !== v) return 0;
          if (v > top) {
            second = top;
            top = v;
          } else if (v > second) {
            second = v;
          }
        }
        // Equal members give +0 or −0, equal infinities NaN: all are ties, gap +0.
        const difference = top - second;
        const gap = difference > 0 ? difference : 0;
        if (gap < smallest) smallest = gap;
      }
    }
  }
  return smallest / 2;
}
