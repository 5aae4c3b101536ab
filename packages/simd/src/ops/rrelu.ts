import { SeededRandom, type FloatArray, type RandomSource } from '@rectify/core';
import type { Target } from '../arena.js';
import { REGION_BYTES, loadChunk, regionPtr, resident, scratchFor, storeChunk, streams, usesWasm, type KernelPath } from '../runtime.js';
import { arg, job, kernelIndex, plannedShare, splitCall } from '../thread-split.js';
import type { KernelExports } from '../wasm.js';
import { jumpXoroshiro } from '../xoroshiro-jump.js';

/**
 * Bytes before the draws in their buffer, for the kernel's table of swizzles;
 * after the draws (8 bytes per element of a chunk) it needs 16 bytes of slack.
 */
const TABLE_BYTES = 256;
/** Elements per chunk of an arena tensor: its table and draws fit the parameter region after {@link ARENA_TABLE}. */
const ARENA_CHUNK = 4096;
/** Byte offset of the table and draws in an arena's parameter region, half a page off the boundary (see `regionPtr`). */
const ARENA_TABLE = 2048;

/**
 * Where the scratch blocks of `rrelu_range_*` start and end in an arena's
 * parameter region: one block per share of a call (its generator state,
 * table and draws), 64-byte aligned.
 */
const BLOCKS_AT = 1024;
const BLOCKS_END = 65536;
/** Bytes of a block besides its draws: state, table, slack (see `wat/rrelu-train.wat`). */
const BLOCK_FIXED = 336;

/** Bytes between the scratch blocks of a call of `shares` shares. */
function blockStride(shares: number): number {
  return Math.floor((BLOCKS_END - BLOCKS_AT) / shares / 64) * 64;
}

/** Elements per chunk in a block `stride` bytes long: a multiple of 16, at most {@link ARENA_CHUNK}; under 16 when too many shares leave too little room. */
function blockChunk(stride: number): number {
  return Math.min(ARENA_CHUNK, Math.floor((stride - BLOCK_FIXED) / 8) & ~15);
}

/**
 * Byte offset, in the parameter region of the memory a call runs in, of the
 * generator's state while {@link SeededRandom} draws run in WebAssembly:
 * before the table and draws of either kind of memory.
 */
const STATE_AT = 1024;

/** An `Int32Array` view of each WebAssembly memory the draws are written to, by buffer. */
const drawViews = new WeakMap<ArrayBufferLike, Int32Array>();

function drawView(buffer: ArrayBufferLike): Int32Array {
  let view = drawViews.get(buffer);
  if (view === undefined) {
    view = new Int32Array(buffer);
    drawViews.set(buffer, view);
  }
  return view;
}

/**
 * Writes `pairs` pairs of integers from `rng` to d[at, at + 2·pairs), in the
 * order `uniform01` would draw them (the first of a pair becomes its high bits).
 */
function draw(rng: RandomSource, d: Int32Array, at: number, pairs: number): void {
  const end = at + 2 * pairs;
  for (let j = at; j < end; j += 2) {
    d[j] = rng.next();
    d[j + 1] = rng.next();
  }
}

/**
 * For a {@link SeededRandom}, copies its state to {@link STATE_AT} through the
 * int32 view d and returns `null`: WebAssembly then draws. Any other
 * generator is returned, to be drawn from in JavaScript.
 */
function takeState(rng: RandomSource, d: Int32Array): RandomSource | null {
  if (!(rng instanceof SeededRandom)) return rng;
  rng.copyState(d, STATE_AT >> 2);
  return null;
}

/** Hands the state WebAssembly advanced back to the generator, when {@link takeState} took it. */
function giveState(rng: RandomSource, source: RandomSource | null, d: Int32Array): void {
  if (source === null) (rng as SeededRandom).setState(d, STATE_AT >> 2);
}

/**
 * One chunk of n elements at byte address xp (y at yp, noise at np); the
 * kernel's table goes to byte address tp, followed by the draws, written
 * through the int32 view d of the same memory.
 */
function chunk(k: KernelExports, f32: boolean, xp: number, yp: number, np: number, n: number, d: Int32Array, tp: number, lo: number, range: number, rng: RandomSource | null): void {
  const count = f32 ? k.count_nonpos_f32(xp, n) : k.count_nonpos_f64(xp, n);
  const dp = tp + TABLE_BYTES;
  // No generator: a SeededRandom whose state is at STATE_AT draws in WebAssembly.
  if (rng === null) k.xoro_fill(STATE_AT, dp, 2 * count);
  else draw(rng, d, dp >> 2, count);
  if (f32) k.rrelu_train_f32(xp, yp, np, n, tp, dp, count, lo, range);
  else k.rrelu_train_f64(xp, yp, np, n, tp, dp, count, lo, range);
}

/**
 * {@link fastRreluTrain} on arena tensors with a {@link SeededRandom}: one
 * `rrelu_range_*` call over all of x, or, on a shared arena with kernel
 * threads running and a large enough call, one per share of x, split across
 * the threads. Each share's block then starts from the generator's state
 * jumped ahead by two steps per element x ≤ 0 before its range (counted by
 * the calling thread), so the draws are those of one thread, in order; the
 * generator ends at the last block's state.
 */
function seededInArena(target: Target, f32: boolean, x: FloatArray, y: FloatArray, noise: FloatArray, lo: number, range: number, rng: SeededRandom): void {
  const k = target.kernels;
  const n = x.length;
  const size = f32 ? 4 : 8;
  const d = drawView(target.f32.buffer);
  const state = BLOCKS_AT >> 2;
  rng.copyState(d, state);
  const share = plannedShare(target.split, n, 16, 3 * n * size);
  const shares = share === 0 ? 1 : Math.ceil(n / share);
  const stride = blockStride(shares);
  const chunk = blockChunk(stride);
  if (shares > 1 && chunk >= 16) {
    // Each block's state: the one before, jumped past the draws of the range before.
    for (let s = 1; s < shares; s++) {
      const at = state + (s * stride) / 4;
      d.copyWithin(at, at - stride / 4, at - stride / 4 + 4);
      const before = f32 ? k.count_nonpos_f32(x.byteOffset + (s - 1) * share * 4, share) : k.count_nonpos_f64(x.byteOffset + (s - 1) * share * 8, share);
      jumpXoroshiro(d, at, 2 * before);
    }
    let i = arg(0, x.byteOffset, size);
    i = arg(i, y.byteOffset, size);
    i = arg(i, noise.byteOffset, size);
    i = arg(i, n);
    i = arg(i, BLOCKS_AT);
    i = arg(i, chunk);
    i = arg(i, lo);
    arg(i, range);
    job.shareBytes[4] = stride;
    let split = false;
    try {
      split = splitCall(target.split, kernelIndex('rrelu_range_f32', f32), n, 3, 16, 3 * n * size);
    } finally {
      job.shareBytes[4] = 0;
    }
    if (split) {
      rng.setState(d, state + ((shares - 1) * stride) / 4);
      return;
    }
  }
  // One thread, from the first block's state, which is the generator's.
  const one = blockChunk(blockStride(1));
  if (f32) k.rrelu_range_f32(x.byteOffset, y.byteOffset, noise.byteOffset, n, BLOCKS_AT, one, lo, range);
  else k.rrelu_range_f64(x.byteOffset, y.byteOffset, noise.byteOffset, n, BLOCKS_AT, one, lo, range);
  rng.setState(d, state);
}

/**
 * RReLU's training forward: for each index i in order, where x[i] ≤ 0 (−0
 * included, NaN not), draws u = `uniform01(rng)` and sets
 * noise[i] = u·range + lo (in float64, rounded to the dtype on store) and
 * y[i] = x[i]·noise[i] (one multiply in the dtype); elsewhere noise[i] = 1
 * and y[i] = x[i]. Only non-positive elements advance `rng`, by two
 * `next()` calls each; `false` (nothing written, nothing drawn) where the path leaves it to the activation's loop.
 *
 * @remarks
 * The integers are those `rng.next()` gives. For the generator
 * {@link @rectify/core!createRng} makes (a {@link @rectify/core!SeededRandom},
 * `pure-rand`'s xoroshiro128+), WebAssembly runs the same algorithm on 64-bit
 * integers, from the generator's state, and sets the state it reached back on
 * the generator, which is several times faster than a JavaScript call per
 * integer; any other `pure-rand` generator is drawn from in JavaScript, with
 * `next()`. Either way the stream is the one `uniform01` would draw, and
 * everything else runs in WebAssembly, in chunks of a few thousand elements: a SIMD pass
 * counts the chunk's non-positive elements, their pairs of integers are
 * written into WebAssembly memory, and a branchless pass hands the pairs out
 * in index order while it turns each into u = (v1 & 0x3ffffff)·2^−26 +
 * (v2 & 0x7ffffff)·2^−53, `pure-rand`'s `uniformFloat64` formula, and
 * writes `noise` and `y`. Results (y, noise and the generator's final
 * state) are bit for bit those of the scalar loop. Tensors that all live in
 * one arena are processed in place; others are streamed through a small
 * buffer.
 *
 * @param path - The provider's path.
 * @param x - Input.
 * @param y - Output, same dtype and length, not overlapping `x`.
 * @param noise - Receives each element's factor; same dtype and length, overlapping neither.
 * @param lo - The lower bound, rounded to the dtype.
 * @param range - The upper bound rounded to the dtype, minus `lo` (in float64, not rounded again).
 * @param rng - The generator to draw from.
 * @returns Whether `y` and `noise` were written (and `rng` advanced).
 * @internal
 */
export function rreluTrain(path: KernelPath, x: FloatArray, y: FloatArray, noise: FloatArray, lo: number, range: number, rng: RandomSource): boolean {
  const n = x.length;
  const f32 = x instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const target = usesWasm(path) ? resident(x, y, noise, null) : undefined;
  if (target !== undefined) {
    if (rng instanceof SeededRandom) {
      seededInArena(target, f32, x, y, noise, lo, range, rng);
      return true;
    }
    const d = drawView(target.f32.buffer);
    const source = takeState(rng, d);
    for (let i = 0; i < n; i += ARENA_CHUNK) {
      const skip = i << shift;
      chunk(target.kernels, f32, x.byteOffset + skip, y.byteOffset + skip, noise.byteOffset + skip, Math.min(ARENA_CHUNK, n - i), d, ARENA_TABLE, lo, range, source);
    }
    giveState(rng, source, d);
    return true;
  }
  if (!streams(path, n)) return false;
  const s = scratchFor(REGION_BYTES, 0);
  const d = drawView(s.f32.buffer);
  const source = takeState(rng, d);
  // Region 2 holds the table and the draws, 8 bytes per element; the gap of
  // 512 bytes after it takes the table's 256 bytes and the 16 bytes of slack.
  const per = s.region >> 3;
  for (let i = 0; i < n; i += per) {
    const m = Math.min(per, n - i);
    loadChunk(s, 0, x, i, m);
    chunk(s.kernels, f32, regionPtr(s, 0), regionPtr(s, 3), regionPtr(s, 1), m, d, regionPtr(s, 2), lo, range, source);
    storeChunk(s, 3, y, i, m);
    storeChunk(s, 1, noise, i, m);
  }
  giveState(rng, source, d);
  return true;
}
