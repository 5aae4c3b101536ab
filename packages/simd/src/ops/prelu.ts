/**
 * PReLU's kernels: channels-last rows with one slope per channel, in
 * WebAssembly; other layouts as runs of the leaky rectifier.
 */
import { leakyBackward as scalarLeakyBackward, leakyForward as scalarLeakyForward, slopeGradient, type FloatArray } from '@rectify/core';
import { PARAM_BYTES, type Target } from '../arena.js';
import { loadChunk, regionPtr, resident, scratchFor, storeChunk, streams, usesWasm, type KernelPath } from '../runtime.js';
import { arg, job, kernelIndex, splitCall } from '../thread-split.js';
import { leaky, leakyBackward } from './elementwise.js';
import { slopeSum } from './slope.js';

function putSlopes(t: Target, f32: boolean, w: Float64Array, c: number): void {
  if (f32) t.f32.set(w.length === c ? w : w.subarray(0, c), 0);
  else t.f64.set(w.length === c ? w : w.subarray(0, c), 0);
}

/** Bytes of the slopes, rounded up to whole vectors, where the sums start. */
function sumsOffset(c: number): number {
  return Math.ceil((c * 8) / 16) * 16;
}

/**
 * PReLU forward over a channel layout: y = x \> 0 ? x : x·slopes[c] for the
 * elements of channel c; `false` (nothing written) where the path leaves it
 * to the activation's loop.
 *
 * @remarks
 * Channels last (`inner` = 1) runs one WebAssembly kernel over all rows;
 * otherwise each run of `inner` elements is a leaky rectifier call, the
 * short ones in core's scalar kernel. Same bits as `@rectify/prelu`'s loop.
 *
 * @param path - The provider's path.
 * @param x - Input, `outer · channels · inner` elements.
 * @param y - Output, same dtype and length.
 * @param slopes - One slope per channel, already rounded to the dtype.
 * @param outer - Product of the sizes before the channel axis.
 * @param channels - Size of the channel axis (`slopes.length`).
 * @param inner - Product of the sizes after it.
 * @internal
 */
export function preluForward(path: KernelPath, x: FloatArray, y: FloatArray, slopes: Float64Array, outer: number, channels: number, inner: number): boolean {
  if (inner === 1 && channels > 1) return channels <= x.length && x.length % channels === 0 && preluRows(path, x, null, y, channels, slopes, null);
  if (!usesWasm(path)) return false;
  let start = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++, start += inner) {
      const slope = slopes[c] as number;
      if (!leaky(path, x, y, slope, start, start + inner)) scalarLeakyForward(x, y, slope, start, start + inner);
    }
  }
  return true;
}

/**
 * PReLU backward over a channel layout: dx = x \> 0 ? dy : dy·slopes[c], and
 * sums[c] += the float64 sum of x·dy over the elements of channel c where x
 * is not positive, run by run in memory order as `@rectify/prelu`'s loop adds
 * them; see {@link preluForward}.
 *
 * @param path - The provider's path.
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @param slopes - One slope per channel, already rounded to the dtype.
 * @param outer - Product of the sizes before the channel axis.
 * @param channels - Size of the channel axis.
 * @param inner - Product of the sizes after it.
 * @param sums - Per-channel totals to add into.
 * @internal
 */
export function preluBackward(
  path: KernelPath,
  x: FloatArray,
  dy: FloatArray,
  dx: FloatArray,
  slopes: Float64Array,
  outer: number,
  channels: number,
  inner: number,
  sums: Float64Array,
): boolean {
  if (inner === 1 && channels > 1) return channels <= x.length && x.length % channels === 0 && preluRows(path, x, dy, dx, channels, slopes, sums);
  if (!usesWasm(path)) return false;
  let start = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++, start += inner) {
      const slope = slopes[c] as number;
      const end = start + inner;
      if (!leakyBackward(path, x, dy, dx, slope, start, end)) scalarLeakyBackward(x, dy, dx, slope, start, end);
      sums[c] = (sums[c] as number) + (slopeSum(path, x, dy, start, end, 0) ?? slopeGradient(x, dy, start, end));
    }
  }
  return true;
}


function preluRows(path: KernelPath, x: FloatArray, dy: FloatArray | null, o: FloatArray, c: number, w: Float64Array, sums: Float64Array | null): boolean {
  const n = x.length;
  const f32 = x instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const paramBytes = sumsOffset(c) + c * 8;
  const rows = n / c;
  const g = sumsOffset(c);
  let target = usesWasm(path) && paramBytes <= PARAM_BYTES ? resident(x, o, dy, null) : undefined;
  if (target !== undefined) {
    putSlopes(target, f32, w, c);
    if (sums === null) {
      if (target.split !== undefined) {
        const row = c << shift;
        // prelu_rows(x, y, rows, c, w): the slopes w sit at offset 0 of the arena.
        let i = arg(arg(arg(arg(arg(0, x.byteOffset, row), o.byteOffset, row), rows), c), 0);
        while (i < job.args.length) i = arg(i, 0);
        if (splitCall(target.split, kernelIndex('prelu_rows_f32', f32), rows, 2, 1, (2 * n) << shift)) return true;
      }
      if (f32) target.kernels.prelu_rows_f32(x.byteOffset, o.byteOffset, rows, c, 0);
      else target.kernels.prelu_rows_f64(x.byteOffset, o.byteOffset, rows, c, 0);
      return true;
    }
    target.f64.set(sums.length === c ? sums : sums.subarray(0, c), g >> 3);
    const bwd = f32 ? target.kernels.prelu_rows_bwd_f32 : target.kernels.prelu_rows_bwd_f64;
    bwd(x.byteOffset, (dy as FloatArray).byteOffset, o.byteOffset, rows, c, 0, g);
    for (let j = 0; j < c; j++) sums[j] = target.f64[(g >> 3) + j] as number;
    return true;
  }
  if (!streams(path, n)) return false;
  const s = scratchFor(c << shift, paramBytes);
  target = s;
  putSlopes(s, f32, w, c);
  if (sums !== null) s.f64.set(sums.length === c ? sums : sums.subarray(0, c), g >> 3);
  const perRows = Math.floor((s.region >> shift) / c);
  for (let r = 0; r < rows; r += perRows) {
    const mr = Math.min(perRows, rows - r);
    const start = r * c;
    const m = mr * c;
    loadChunk(s, 0, x, start, m);
    if (dy === null) {
      if (f32) s.kernels.prelu_rows_f32(regionPtr(s, 0), regionPtr(s, 3), mr, c, 0);
      else s.kernels.prelu_rows_f64(regionPtr(s, 0), regionPtr(s, 3), mr, c, 0);
    } else {
      loadChunk(s, 1, dy, start, m);
      if (f32) s.kernels.prelu_rows_bwd_f32(regionPtr(s, 0), regionPtr(s, 1), regionPtr(s, 3), mr, c, 0, g);
      else s.kernels.prelu_rows_bwd_f64(regionPtr(s, 0), regionPtr(s, 1), regionPtr(s, 3), mr, c, 0, g);
    }
    storeChunk(s, 3, o, start, m);
  }
  if (sums !== null) for (let j = 0; j < c; j++) sums[j] = s.f64[(g >> 3) + j] as number;
  return true;
}
