/**
 * The one walk along an axis that softmax, log_softmax and softmin share:
 * each slice of the input along the axis is normalised on its own, in
 * float64, and rounded once to the output's dtype.
 *
 * @packageDocumentation
 * @internal
 */
import type { AxisLayout, FloatArray } from '@rectify/core';

/**
 * What sets the three activations apart, as data.
 * @internal
 */
export interface SoftmaxVariant {
  /** The canonical name, for errors and lowerings. */
  readonly name: 'softmax' | 'log_softmax' | 'softmin';
  /** Normalise −x instead of x (softmin), and negate the gradient that comes back through it. */
  readonly negate: boolean;
  /** Output log-probabilities (log_softmax) instead of probabilities. */
  readonly log: boolean;
}

/**
 * Writes one slice's outputs into `row[0 … n)`, each rounded to the output
 * dtype: what the forward stores, and what the backward reads as y.
 *
 * @remarks
 * With v = x (or −x for softmin) along the slice and m the slice's largest v,
 * in float64:
 *
 * ```text
 * softmax:      y = exp(v − m) / Σ exp(v − m)
 * log_softmax:  y = (v − m) − log Σ exp(v − m)
 * ```
 *
 * Subtracting m first, as PyTorch does, keeps every exponent ≤ 0: no
 * overflow, and a sum of at least 1. What is left of the special values
 * comes out as PyTorch gives it: a NaN makes m NaN and so the whole slice
 * NaN; a +∞ gives m = +∞, ∞ − ∞ = NaN in its own term and so a NaN sum and a
 * NaN slice; a slice of −∞ only gives −∞ − (−∞) = NaN everywhere; a −∞ among
 * finite values gives probability +0 (log-probability −∞).
 *
 * @param variant - Which of the three.
 * @param x - The input.
 * @param start - Index of the slice's first element in `x`.
 * @param stride - Distance between consecutive elements of the slice.
 * @param n - The slice's length, ≥ 1.
 * @param row - Scratch of at least n float64 values; receives y.
 * @param single - Round each y to float32.
 * @internal
 */
function sliceOutputs(variant: SoftmaxVariant, x: FloatArray, start: number, stride: number, n: number, row: Float64Array, single: boolean): void {
  const sign = variant.negate ? -1 : 1;
  let max = sign * (x[start] as number);
  for (let k = 1, p = start + stride; k < n; k++, p += stride) {
    const v = sign * (x[p] as number);
    // A NaN, once taken, stays: no number is greater than it.
    if (v > max || v !== v) max = v;
  }
  let sum = 0;
  for (let k = 0, p = start; k < n; k++, p += stride) {
    const e = Math.exp(sign * (x[p] as number) - max);
    row[k] = e;
    sum += e;
  }
  if (variant.log) {
    const logSum = Math.log(sum);
    // (v − m) − log Σ, in this order, as PyTorch keeps it: v − (m + log Σ) loses v's digits when m is large.
    for (let k = 0, p = start; k < n; k++, p += stride) {
      const value = sign * (x[p] as number) - max - logSum;
      row[k] = single ? Math.fround(value) : value;
    }
  } else {
    for (let k = 0; k < n; k++) {
      const value = (row[k] as number) / sum;
      row[k] = single ? Math.fround(value) : value;
    }
  }
}

/**
 * The forward of one of the three along an axis: every slice of `x` along
 * `layout`'s axis normalised on its own into `y`.
 *
 * @param variant - Which of the three.
 * @param x - The input, laid out as `layout` describes.
 * @param y - The output, of x's dtype and length.
 * @param layout - The split of the input around the axis.
 * @param row - Scratch of at least `layout.channels` float64 values.
 * @internal
 */
export function forwardSlices(variant: SoftmaxVariant, x: FloatArray, y: FloatArray, layout: AxisLayout, row: Float64Array): void {
  const { outer, channels, inner } = layout;
  if (channels === 0) return;
  const single = x instanceof Float32Array;
  const block = channels * inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * block + i;
      sliceOutputs(variant, x, start, inner, channels, row, single);
      for (let k = 0, p = start; k < channels; k++, p += inner) y[p] = row[k] as number;
    }
  }
}

/**
 * The backward of {@link forwardSlices}, from x alone: each slice's y is
 * computed again (rounded to the dtype, as the forward stored it, and as
 * PyTorch's backward reads its saved output), then, with sums in float64,
 *
 * ```text
 * softmax:      dx = (dy − Σ dy·y) · y
 * log_softmax:  dx = dy − exp(y) · Σ dy
 * softmin:      dx = −((dy − Σ dy·y) · y), the softmax gradient through −x
 * ```
 *
 * each rounded once to the dtype.
 *
 * @param variant - Which of the three.
 * @param x - The forward's input, unchanged since.
 * @param dy - The output gradient.
 * @param dx - The input gradient to write.
 * @param layout - The forward's layout.
 * @param row - Scratch of at least `layout.channels` float64 values.
 * @internal
 */
export function backwardSlices(variant: SoftmaxVariant, x: FloatArray, dy: FloatArray, dx: FloatArray, layout: AxisLayout, row: Float64Array): void {
  const { outer, channels, inner } = layout;
  if (channels === 0) return;
  const single = x instanceof Float32Array;
  const block = channels * inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * block + i;
      sliceOutputs(variant, x, start, inner, channels, row, single);
      if (variant.log) logSoftmaxSliceGradient(dy, dx, start, inner, channels, row);
      else softmaxSliceGradient(dy, dx, start, inner, channels, row, variant.negate);
    }
  }
}

/** dx = (dy − Σ dy·y)·y along one slice, negated for softmin; y in `row`. */
function softmaxSliceGradient(dy: FloatArray, dx: FloatArray, start: number, stride: number, n: number, row: Float64Array, negate: boolean): void {
  let total = 0;
  for (let k = 0, p = start; k < n; k++, p += stride) total += (dy[p] as number) * (row[k] as number);
  for (let k = 0, p = start; k < n; k++, p += stride) {
    const g = ((dy[p] as number) - total) * (row[k] as number);
    dx[p] = negate ? -g : g;
  }
}

/** dx = dy − exp(y)·Σ dy along one slice; y in `row`. */
function logSoftmaxSliceGradient(dy: FloatArray, dx: FloatArray, start: number, stride: number, n: number, row: Float64Array): void {
  let total = 0;
  for (let k = 0, p = start; k < n; k++, p += stride) total += dy[p] as number;
  for (let k = 0, p = start; k < n; k++, p += stride) dx[p] = (dy[p] as number) - Math.exp(row[k] as number) * total;
}
