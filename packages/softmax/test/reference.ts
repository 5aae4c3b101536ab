/**
 * A slow statement of the three activations, written from their definitions
 * to check the strided walk against: each slice along the axis is gathered
 * index by index from its multi-index, then normalised as a contiguous
 * array by core's slice functions of the dtype (the bits every path must
 * give), and by the formulas as written in float64 (what they must be close
 * to).
 */
import {
  logSoftmaxSliceF32,
  logSoftmaxSliceF64,
  logSoftmaxSliceGradF32,
  logSoftmaxSliceGradF64,
  softmaxSliceF32,
  softmaxSliceF64,
  softmaxSliceGradF32,
  softmaxSliceGradF64,
} from '@rectify/core';

/** The flat indices of every slice of a row-major shape along `axis` (resolved, 0 … rank − 1). */
export function slicesOf(shape: readonly number[], axis: number): number[][] {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const size = shape.reduce((a, b) => a * b, 1);
  const slices: number[][] = [];
  for (let flat = 0; flat < size; flat++) {
    // A slice starts at every element whose index along the axis is 0.
    if (Math.floor(flat / (strides[axis] as number)) % (shape[axis] as number) !== 0) continue;
    slices.push(Array.from({ length: shape[axis] as number }, (_, k) => flat + k * (strides[axis] as number)));
  }
  return slices;
}

export type Kind = 'softmax' | 'log_softmax' | 'softmin';

/** y of one slice, in float64, rounded by `round`: the formulas as written, max subtracted first. */
export function referenceSlice(kind: Kind, values: readonly number[], round: (v: number) => number): number[] {
  const v = kind === 'softmin' ? values.map((x) => -x) : [...values];
  const max = v.some(Number.isNaN) ? Number.NaN : Math.max(...v);
  const exps = v.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  if (kind === 'log_softmax') return v.map((x) => round(x - max - Math.log(sum)));
  return exps.map((e) => round(e / sum));
}

/** y of one slice, gathered into a contiguous array of the dtype, by core's slice functions of that dtype. */
export function referenceSliceCore(kind: Kind, values: readonly number[], dtype: 'float32' | 'float64'): number[] {
  const x = dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
  const y = x.slice().fill(0);
  const [forward, log] = dtype === 'float32' ? [softmaxSliceF32, logSoftmaxSliceF32] : [softmaxSliceF64, logSoftmaxSliceF64];
  if (kind === 'log_softmax') log(x, y, 0, 1, x.length);
  else forward(x, y, 0, 1, x.length, kind === 'softmin');
  return Array.from(y);
}

/** dx of one slice from its x and dy, gathered, by core's slice functions of the dtype. */
export function referenceSliceGradientCore(kind: Kind, values: readonly number[], dy: readonly number[], dtype: 'float32' | 'float64'): number[] {
  const Float = dtype === 'float32' ? Float32Array : Float64Array;
  const x = Float.from(values);
  const dx = new Float(x.length);
  const [grad, logGrad] = dtype === 'float32' ? [softmaxSliceGradF32, logSoftmaxSliceGradF32] : [softmaxSliceGradF64, logSoftmaxSliceGradF64];
  if (kind === 'log_softmax') logGrad(x, Float.from(dy), dx, 0, 1, x.length);
  else grad(x, Float.from(dy), dx, 0, 1, x.length, kind === 'softmin');
  return Array.from(dx);
}
