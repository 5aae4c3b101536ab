/**
 * Core's definition of the softmax family over whole rows, the reference of
 * the row kernels' tests on one thread and on kernel threads.
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
  type FloatArray,
} from '@rectify/core';
import type { SoftmaxKind } from '../src/ops/softmax.js';

/** Core's definition of x's dtype over `rows` rows of n: y (forward) or dx (backward, with dy). */
export function expected(kind: SoftmaxKind, x: FloatArray, dy: FloatArray | null, rows: number, n: number): FloatArray {
  const f32 = x instanceof Float32Array;
  const out = f32 ? new Float32Array(x.length) : new Float64Array(x.length);
  const [forward, log, grad, logGrad] = f32
    ? [softmaxSliceF32, logSoftmaxSliceF32, softmaxSliceGradF32, logSoftmaxSliceGradF32]
    : [softmaxSliceF64, logSoftmaxSliceF64, softmaxSliceGradF64, logSoftmaxSliceGradF64];
  for (let r = 0; r < rows; r++) {
    const start = r * n;
    if (dy === null) {
      if (kind === 'log_softmax') log(x, out, start, 1, n);
      else forward(x, out, start, 1, n, kind === 'softmin');
    } else if (kind === 'log_softmax') logGrad(x, dy, out, start, 1, n);
    else grad(x, dy, out, start, 1, n, kind === 'softmin');
  }
  return out;
}
