/**
 * The provider's ops under the names the kernel tests use, on a path the
 * test chooses: each test sets the path it exercises, as two providers with
 * two paths would run them.
 */
import { RectifyError, describeValue, type FloatArray, type RandomSource } from '@rectify/core';
import { leaky, leakyBackward, multiply, relu, reluBackward } from '../src/ops/elementwise.js';
import { maxoutBackward, maxoutForward } from '../src/ops/maxout.js';
import { preluBackward, preluForward } from '../src/ops/prelu.js';
import { rreluTrain } from '../src/ops/rrelu.js';
import { slopeSum } from '../src/ops/slope.js';
import { KERNEL_PATHS, type KernelPath } from '../src/runtime.js';
import { simdSupported } from '../src/wasm.js';

let path: KernelPath = 'auto';

/** Sets the path the ops below take; returns the previous one. */
export function setKernelPath(next: KernelPath): KernelPath {
  if (!KERNEL_PATHS.includes(next)) throw new RectifyError('INVALID_ARGUMENT', `path must be one of ${KERNEL_PATHS.join(', ')}, got ${describeValue(next)}`, { field: 'path', value: next });
  if (next === 'wasm' && !simdSupported()) throw new RectifyError('INVALID_ARGUMENT', 'no WebAssembly SIMD', { field: 'path', value: next });
  const previous = path;
  path = next;
  return previous;
}

/** The path the ops take. */
export const getKernelPath = (): KernelPath => path;

export const fastRelu = (x: FloatArray, y: FloatArray): boolean => relu(path, x, y);
export const fastReluBackward = (x: FloatArray, dy: FloatArray, dx: FloatArray): boolean => reluBackward(path, x, dy, dx);
export const fastLeaky = (x: FloatArray, y: FloatArray, slope: number, start = 0, end = x.length): boolean => leaky(path, x, y, slope, start, end);
export const fastLeakyBackward = (x: FloatArray, dy: FloatArray, dx: FloatArray, slope: number, start = 0, end = x.length): boolean =>
  leakyBackward(path, x, dy, dx, slope, start, end);
export const fastMultiply = (a: FloatArray, b: FloatArray, out: FloatArray): boolean => multiply(path, a, b, out);
export const fastSlopeGradient = (x: FloatArray, dy: FloatArray, start: number, end: number, sum = 0): number | undefined => slopeSum(path, x, dy, start, end, sum);
export const fastPreluRows = (x: FloatArray, y: FloatArray, c: number, w: Float64Array): boolean =>
  c >= 1 && x.length % c === 0 && w.length >= c && preluForward(path, x, y, w, x.length / c, c, 1);
export const fastPreluRowsBackward = (x: FloatArray, dy: FloatArray, dx: FloatArray, c: number, w: Float64Array, sums: Float64Array): boolean =>
  c >= 1 && x.length % c === 0 && w.length >= c && sums.length >= c && preluBackward(path, x, dy, dx, w, x.length / c, c, 1, sums);
export const fastMaxout = (x: FloatArray, y: FloatArray, k: number, inner: number): boolean => maxoutForward(path, x, y, k, inner);
export const fastMaxoutBackward = (x: FloatArray, dy: FloatArray, dx: FloatArray, k: number, inner: number): boolean => maxoutBackward(path, x, dy, dx, k, inner);
export const fastRreluTrain = (x: FloatArray, y: FloatArray, noise: FloatArray, lo: number, range: number, rng: RandomSource): boolean =>
  rreluTrain(path, x, y, noise, lo, range, rng);
