/**
 * Maxout's kernels: the maximum over groups of k consecutive channels and
 * its backward, in WebAssembly.
 */
import type { FloatArray } from '@rectify/core';
import type { Target } from '../arena.js';
import { loadChunk, regionPtr, resident, scratchFor, storeChunk, streams, usesWasm, type KernelPath } from '../runtime.js';
import { arg, job, kernelIndex, splitCall } from '../thread-split.js';
import type { KernelExports } from '../wasm.js';

/**
 * Maxout over groups of k: x is [blocks, k, inner] (row-major), y is
 * [blocks, inner], y[b, j] = the maximum over p of x[b, p, j], the first
 * maximal element winning ties and the first NaN winning over numbers;
 * `false` (nothing written) where the path leaves the input to the activation's loop.
 *
 * @remarks
 * For an input [outer, channels, inner] grouped along the channel axis,
 * blocks = outer · channels / k.
 *
 * @param path - The provider's path.
 * @param x - Input, blocks × k × inner elements.
 * @param y - Output, blocks × inner elements.
 * @param k - Pieces per group.
 * @param inner - Elements per piece (the product of the axes after the channel axis).
 * @returns Whether `y` was written.
 * @internal
 */
export function maxoutForward(path: KernelPath, x: FloatArray, y: FloatArray, k: number, inner: number): boolean {
  return maxout(path, x, null, y, k, inner);
}

/**
 * Backward of {@link maxoutForward}: the element that the forward picked gets
 * dy, every other element +0; see {@link maxoutForward}.
 *
 * @param path - The provider's path.
 * @param x - The forward input, blocks × k × inner elements.
 * @param dy - Output gradient, blocks × inner elements.
 * @param dx - Input gradient to write, blocks × k × inner elements.
 * @param k - Pieces per group.
 * @param inner - Elements per piece.
 * @returns Whether `dx` was written.
 * @internal
 */
export function maxoutBackward(path: KernelPath, x: FloatArray, dy: FloatArray, dx: FloatArray, k: number, inner: number): boolean {
  return maxout(path, x, dy, dx, k, inner);
}

function runMaxout(kx: KernelExports, f32: boolean, xp: number, gp: number, op: number, blocks: number, k: number, inner: number, backward: boolean): void {
  if (k === 2 && inner === 1) {
    if (backward) {
      if (f32) kx.maxout2_bwd_f32(xp, gp, op, blocks);
      else kx.maxout2_bwd_f64(xp, gp, op, blocks);
    } else if (f32) kx.maxout2_f32(xp, op, blocks);
    else kx.maxout2_f64(xp, op, blocks);
  } else if (backward) {
    if (f32) kx.maxout_blocks_bwd_f32(xp, gp, op, blocks, k, inner);
    else kx.maxout_blocks_bwd_f64(xp, gp, op, blocks, k, inner);
  } else if (f32) kx.maxout_blocks_f32(xp, op, blocks, k, inner);
  else kx.maxout_blocks_f64(xp, op, blocks, k, inner);
}

/** Splits a maxout call on a shared arena across the kernel threads, by groups; false when it is not split. */
function splitMaxout(t: Target, f32: boolean, xp: number, gp: number, op: number, blocks: number, k: number, inner: number, backward: boolean): boolean {
  if (t.split === undefined) return false;
  const size = f32 ? 4 : 8;
  const group = k * inner * size;
  const piece = inner * size;
  let i = arg(0, xp, group);
  if (backward) i = arg(i, gp, piece);
  i = arg(i, op, backward ? group : piece);
  const countAt = i;
  i = arg(i, blocks);
  const pair = k === 2 && inner === 1;
  if (!pair) i = arg(arg(i, k), inner);
  while (i < job.args.length) i = arg(i, 0);
  const name = pair ? (backward ? 'maxout2_bwd_f32' : 'maxout2_f32') : backward ? 'maxout_blocks_bwd_f32' : 'maxout_blocks_f32';
  return splitCall(t.split, kernelIndex(name, f32), blocks, countAt, 1, blocks * (group + piece + (backward ? group : 0)));
}

function maxout(path: KernelPath, x: FloatArray, dy: FloatArray | null, o: FloatArray, k: number, inner: number): boolean {
  const n = x.length;
  const group = k * inner;
  if (k < 1 || inner < 1 || n % group !== 0) return false;
  const blocks = n / group;
  const f32 = x instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const backward = dy !== null;
  const target = usesWasm(path) ? resident(x, o, dy, null) : undefined;
  if (target !== undefined) {
    if (!splitMaxout(target, f32, x.byteOffset, backward ? dy.byteOffset : 0, o.byteOffset, blocks, k, inner, backward)) {
      runMaxout(target.kernels, f32, x.byteOffset, backward ? dy.byteOffset : 0, o.byteOffset, blocks, k, inner, backward);
    }
    return true;
  }
  if (!streams(path, n) || group << shift > 64 * 2 ** 20) return false;
  const s = scratchFor(group << shift, 0);
  const perBlocks = Math.floor((s.region >> shift) / group);
  for (let b = 0; b < blocks; b += perBlocks) {
    const mb = Math.min(perBlocks, blocks - b);
    loadChunk(s, 0, x, b * group, mb * group);
    if (backward) loadChunk(s, 1, dy, b * inner, mb * inner);
    runMaxout(s.kernels, f32, regionPtr(s, 0), regionPtr(s, 1), regionPtr(s, 3), mb, k, inner, backward);
    if (backward) storeChunk(s, 3, o, b * group, mb * group);
    else storeChunk(s, 3, o, b * inner, mb * inner);
  }
  return true;
}
