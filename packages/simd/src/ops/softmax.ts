/**
 * The softmax family's row kernels (`scripts/softmax.mjs`): softmax,
 * softmin (softmax of −x) and log_softmax along the last axis, forward and
 * backward, float32 and float64, in place on arena tensors or streamed
 * through the scratch buffer a chunk of whole rows at a time. Each row gives
 * the bits of core's slice functions, on one thread or split across the
 * kernel threads a range of rows each (`softmaxSliceF32`,
 * `logSoftmaxSliceF32`, `softmaxSliceGradF32`, `logSoftmaxSliceGradF32` and
 * their float64 forms), which `@rectify/softmax`'s loops run.
 */
import type { FloatArray } from '@rectify/core';
import type { Target } from '../arena.js';
import { REGION_BYTES, loadChunk, regionPtr, resident, scratchFor, storeChunk, streams, usesWasm, type KernelPath } from '../runtime.js';
import { arg, kernelIndex, splitCall } from '../thread-split.js';
import type { KernelExports } from '../wasm.js';

/**
 * Which of the family: softmax and softmin share their kernels (softmin
 * negates x on loading, and the gradient on storing).
 * @internal
 */
export type SoftmaxKind = 'softmax' | 'log_softmax' | 'softmin';

/** Calls the kernel of a kind and dtype over `rows` rows of n elements at byte offsets a (x), b (dy, backward only) and o. */
function call(k: KernelExports, f32: boolean, kind: SoftmaxKind, backward: boolean, a: number, b: number, o: number, rows: number, n: number): void {
  const negate = kind === 'softmin' ? 1 : 0;
  if (kind === 'log_softmax') {
    if (backward) (f32 ? k.log_softmax_rows_bwd_f32 : k.log_softmax_rows_bwd_f64)(a, b, o, rows, n);
    else (f32 ? k.log_softmax_rows_f32 : k.log_softmax_rows_f64)(a, o, rows, n);
  } else if (backward) (f32 ? k.softmax_rows_bwd_f32 : k.softmax_rows_bwd_f64)(a, b, o, rows, n, negate);
  else (f32 ? k.softmax_rows_f32 : k.softmax_rows_f64)(a, o, rows, n, negate);
}

/**
 * Splits a call on a shared arena across the kernel threads, whole rows to
 * each (a row's arithmetic is its own, so the bits are one thread's); false
 * when it is not split.
 */
function splitRows(t: Target, f32: boolean, kind: SoftmaxKind, backward: boolean, a: number, b: number, o: number, rows: number, n: number): boolean {
  if (t.split === undefined) return false;
  const rowBytes = n * (f32 ? 4 : 8);
  let i = arg(0, a, rowBytes);
  if (backward) i = arg(i, b, rowBytes);
  i = arg(i, o, rowBytes);
  const countAt = i;
  i = arg(i, rows);
  i = arg(i, n);
  arg(i, kind === 'softmin' ? 1 : 0);
  const name = kind === 'log_softmax' ? (backward ? 'log_softmax_rows_bwd_f32' : 'log_softmax_rows_f32') : backward ? 'softmax_rows_bwd_f32' : 'softmax_rows_f32';
  return splitCall(t.split, kernelIndex(name, f32), rows, countAt, 1, (backward ? 3 : 2) * rows * rowBytes);
}

/**
 * Runs one of the family over the rows of an input whose axis is the last
 * (`inner` = 1), float32 or float64: y of each row (forward, `dy` null) or
 * dx from x and dy (backward). `false`, having written nothing, where the
 * activation's own loop is to run: an axis that is not the last, the
 * `'typescript'` and `'scalar'` paths, and plain arrays under 64 elements on
 * the `'auto'` path.
 *
 * @remarks
 * Arena tensors are processed in place, all rows in one call, split into
 * ranges of whole rows across the kernel threads on a shared arena. Plain arrays
 * are copied through the scratch buffer a chunk of whole rows at a time;
 * its regions grow to hold a row longer than they are.
 *
 * @param path - The provider's path.
 * @param kind - softmax, log_softmax or softmin.
 * @param x - The input (the forward's input, for the backward).
 * @param dy - The output gradient for a backward, `null` for a forward.
 * @param out - y or dx, not overlapping x or dy.
 * @param outer - Rows: the product of the sizes before the axis.
 * @param channels - The row length, ≥ 1.
 * @param inner - The product of the sizes after the axis; only 1 runs here.
 * @internal
 */
export function softmaxRows(path: KernelPath, kind: SoftmaxKind, x: FloatArray, dy: FloatArray | null, out: FloatArray, outer: number, channels: number, inner: number): boolean {
  if (inner !== 1 || !usesWasm(path)) return false;
  const f32 = x instanceof Float32Array;
  const bytes = f32 ? 4 : 8;
  const backward = dy !== null;
  const target = resident(x, out, dy, null);
  if (target !== undefined) {
    const b = dy === null ? 0 : dy.byteOffset;
    if (outer > 0 && !splitRows(target, f32, kind, backward, x.byteOffset, b, out.byteOffset, outer, channels)) {
      call(target.kernels, f32, kind, backward, x.byteOffset, b, out.byteOffset, outer, channels);
    }
    return true;
  }
  if (!streams(path, x.length)) return false;
  const s = scratchFor(Math.max(REGION_BYTES, channels * bytes), 0);
  const perChunk = Math.floor(s.region / bytes / channels);
  for (let row = 0; row < outer; row += perChunk) {
    const rows = Math.min(perChunk, outer - row);
    const start = row * channels;
    const count = rows * channels;
    loadChunk(s, 0, x, start, count);
    if (dy !== null) loadChunk(s, 1, dy, start, count);
    call(s.kernels, f32, kind, backward, regionPtr(s, 0), regionPtr(s, 1), regionPtr(s, 3), rows, channels);
    storeChunk(s, 3, out, start, count);
  }
  return true;
}
