/**
 * The elementwise kernels: ReLU, the leaky rectifier (Leaky ReLU, RReLU in
 * eval mode, PReLU's runs) and the product (RReLU's training backward), in
 * place on arena tensors (split across the kernel threads on shared ones) or
 * streamed through the scratch buffer.
 */
import { type FloatArray } from '@rectify/core';
import type { Target } from '../arena.js';
import { reluBackwardBitsF32, reluBitsF32 } from '../fast.js';
import { REGION_BYTES, STREAM_MIN, branchless, loadChunk, regionPtr, resident, scratchFor, storeChunk, streams, usesWasm, type KernelPath } from '../runtime.js';
import { arg, job, kernelIndex, splitCall } from '../thread-split.js';
import type { KernelExports, SplittableKernel } from '../wasm.js';

// Elementwise operations, by code: inputs a (x), b; output o.
const RELU = 0; // a → o
const LEAKY = 1; // a → o, slope
const RELU_BWD = 2; // a, b = dy → o
const LEAKY_BWD = 3; // a, b = dy → o, slope
const MUL = 4; // a, b → o

function call(k: KernelExports, op: number, f32: boolean, a: number, b: number, o: number, n: number, slope: number): void {
  switch (op) {
    case RELU:
      if (f32) k.relu_f32(a, o, n);
      else k.relu_f64(a, o, n);
      return;
    case LEAKY:
      if (f32) k.leaky_f32(a, o, n, slope);
      else k.leaky_f64(a, o, n, slope);
      return;
    case RELU_BWD:
      if (f32) k.relu_bwd_f32(a, b, o, n);
      else k.relu_bwd_f64(a, b, o, n);
      return;
    case LEAKY_BWD:
      if (f32) k.leaky_bwd_f32(a, b, o, n, slope);
      else k.leaky_bwd_f64(a, b, o, n, slope);
      return;
    default:
      if (f32) k.mul_f32(a, b, o, n);
      else k.mul_f64(a, b, o, n);
  }
}

/** Each elementwise operation's float32 kernel (its float64 kernel follows it in `SPLITTABLE_KERNELS`), by code. */
const ELEMENTWISE_KERNEL: readonly SplittableKernel[] = ['relu_f32', 'leaky_f32', 'relu_bwd_f32', 'leaky_bwd_f32', 'mul_f32'];
/** Arrays each elementwise operation reads besides x, by code. */
const EXTRA_INPUTS = [0, 0, 1, 1, 1];

/** Splits an elementwise call on a shared arena across the kernel threads; false when it is not split. */
function splitElementwise(t: Target, op: number, f32: boolean, a: number, b: number, o: number, n: number, slope: number): boolean {
  if (t.split === undefined) return false;
  const size = f32 ? 4 : 8;
  const extra = EXTRA_INPUTS[op] as number;
  let i = arg(0, a, size);
  if (extra >= 1) i = arg(i, b, size);
  i = arg(i, o, size);
  const countAt = i;
  i = arg(i, n);
  while (i < job.args.length) i = arg(i, slope);
  return splitCall(t.split, kernelIndex(ELEMENTWISE_KERNEL[op] as SplittableKernel, f32), n, countAt, 16, (extra + 2) * n * size);
}

function elementwise(path: KernelPath, op: number, a: FloatArray, b: FloatArray | null, o: FloatArray, slope: number, start: number, end: number): boolean {
  const n = end - start;
  if (n <= 0) return true;
  const f32 = a instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const target = usesWasm(path) ? resident(a, o, b, null) : undefined;
  if (target !== undefined) {
    const skip = start << shift;
    const ap = a.byteOffset + skip;
    const bp = b === null ? 0 : b.byteOffset + skip;
    const outp = o.byteOffset + skip;
    if (!splitElementwise(target, op, f32, ap, bp, outp, n, slope)) call(target.kernels, op, f32, ap, bp, outp, n, slope);
    return true;
  }
  if (!streams(path, n)) return false;
  const s = scratchFor(REGION_BYTES, 0);
  const per = s.region >> shift;
  for (let i = start; i < end; i += per) {
    const m = Math.min(per, end - i);
    loadChunk(s, 0, a, i, m);
    if (b !== null) loadChunk(s, 1, b, i, m);
    call(s.kernels, op, f32, regionPtr(s, 0), regionPtr(s, 1), regionPtr(s, 3), m, slope);
    storeChunk(s, 3, o, i, m);
  }
  return true;
}

/**
 * ReLU forward, y = x \< 0 ? +0 : x; `false` (nothing written) where the path leaves the input to the activation's loop.
 * @param path - The provider's path.
 * @param x - Input.
 * @param y - Output: same dtype and length, not overlapping `x`.
 * @internal
 */
export function relu(path: KernelPath, x: FloatArray, y: FloatArray): boolean {
  if (usesWasm(path) && (x.length >= STREAM_MIN || path === 'wasm' || resident(x, y, null, null) !== undefined)) {
    return elementwise(path, RELU, x, null, y, 0, 0, x.length);
  }
  if (x instanceof Float32Array && branchless(path, x.length)) {
    reluBitsF32(x, y as Float32Array);
    return true;
  }
  return false;
}

/**
 * ReLU backward, dx = x ≤ 0 ? +0 : dy; see {@link relu}.
 * @param path - The provider's path.
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @internal
 */
export function reluBackward(path: KernelPath, x: FloatArray, dy: FloatArray, dx: FloatArray): boolean {
  if (usesWasm(path) && (x.length >= STREAM_MIN || path === 'wasm' || resident(x, dy, dx, null) !== undefined)) {
    return elementwise(path, RELU_BWD, x, dy, dx, 0, 0, x.length);
  }
  if (x instanceof Float32Array && branchless(path, x.length)) {
    reluBackwardBitsF32(x, dy as Float32Array, dx as Float32Array);
    return true;
  }
  return false;
}

/**
 * Leaky rectifier over x[start, end), y = x \> 0 ? x : x·s, s already rounded to the dtype; see {@link relu}.
 * @param path - The provider's path.
 * @param x - Input.
 * @param y - Output.
 * @param slope - The negative-side slope s.
 * @param start - First index.
 * @param end - One past the last index.
 * @internal
 */
export function leaky(path: KernelPath, x: FloatArray, y: FloatArray, slope: number, start: number, end: number): boolean {
  return elementwise(path, LEAKY, x, null, y, slope, start, end);
}

/**
 * Leaky rectifier backward over x[start, end), dx = x \> 0 ? dy : dy·s; see {@link relu}.
 * @param path - The provider's path.
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @param slope - The negative-side slope s.
 * @param start - First index.
 * @param end - One past the last index.
 * @internal
 */
export function leakyBackward(path: KernelPath, x: FloatArray, dy: FloatArray, dx: FloatArray, slope: number, start: number, end: number): boolean {
  return elementwise(path, LEAKY_BWD, x, dy, dx, slope, start, end);
}

/**
 * Elementwise product, out = a·b, rounded once to the dtype; see {@link relu}.
 * @param path - The provider's path.
 * @param a - A factor.
 * @param b - The other factor, same dtype and length.
 * @param out - The product.
 * @internal
 */
export function multiply(path: KernelPath, a: FloatArray, b: FloatArray, out: FloatArray): boolean {
  return elementwise(path, MUL, a, b, out, 0, 0, a.length);
}
