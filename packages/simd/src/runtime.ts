import type { FloatArray } from '@rectify/core';
import { targetFor, type Target } from './arena.js';
import { PAGE_BYTES, fixedMemory, instantiate, simdSupported } from './wasm.js';

/**
 * Which kernels a provider runs.
 *
 * - `'auto'`: WebAssembly SIMD where available (in place for arena tensors,
 *   copied through a small buffer otherwise), the activations' own loops for
 *   inputs too small to repay a call into WebAssembly, and the branchless
 *   TypeScript kernels for larger float32 inputs where WebAssembly SIMD is
 *   missing.
 * - `'wasm'`: WebAssembly SIMD for every input, however small.
 * - `'typescript'`: the branchless TypeScript kernels where they exist, the
 *   activations' own loops elsewhere; never WebAssembly.
 * - `'scalar'`: no kernels: the activations' own loops only.
 *
 * Every path gives bit-identical results; the choice changes speed only.
 * @public
 */
export type KernelPath = 'auto' | 'wasm' | 'typescript' | 'scalar';

/**
 * The paths, in the order errors list them.
 * @internal
 */
export const KERNEL_PATHS: readonly KernelPath[] = ['auto', 'wasm', 'typescript', 'scalar'];

/**
 * Inputs shorter than this run the caller's scalar kernel on the `'auto'` path
 * unless they live in an arena: below it, the fixed cost of a call into
 * WebAssembly, or of the branchless kernels' views (reading a typed array's
 * buffer and offset costs more than a short loop), exceeds the loop itself.
 */
export const STREAM_MIN = 64;
/**
 * Bytes of each operand region of the streaming buffer: a chunk stays in the L1/L2 caches.
 * @internal
 */
export const REGION_BYTES = 32 * 1024;

/**
 * The streaming buffer: a parameter region, then four operand regions.
 * @internal
 */
export interface Scratch extends Target {
  readonly region: number;
  /** Cached views of a region's first elements, for copying a chunk out without allocating. */
  readonly cache: (FloatArray | undefined)[];
}

let scratch: Scratch | undefined;

/**
 * The streaming buffer, grown (replaced) when its regions are smaller than asked.
 * @param regionBytes - Bytes needed in each operand region.
 * @param paramBytes - Bytes needed in the parameter region.
 * @internal
 */
export function scratchFor(regionBytes: number, paramBytes: number): Scratch {
  if (scratch !== undefined && scratch.region >= regionBytes && scratch.region >= paramBytes) return scratch;
  const region = Math.max(REGION_BYTES, Math.ceil(Math.max(regionBytes, paramBytes) / PAGE_BYTES) * PAGE_BYTES, scratch?.region ?? 0);
  const pages = Math.ceil((5 * region + 4096) / PAGE_BYTES);
  const memory = fixedMemory(pages);
  scratch = {
    kernels: instantiate(memory),
    f32: new Float32Array(memory.buffer),
    f64: new Float64Array(memory.buffer),
    region,
    cache: [],
  };
  return scratch;
}

/**
 * Byte offset of operand region r (0–3) of the streaming buffer; the
 * parameter region before them is as large as a region.
 *
 * @remarks
 * Each region starts half a page or more off a page boundary, and off each
 * other. Large typed arrays start on a page boundary; copying between two
 * addresses with the same offset within a page makes the processor see false
 * dependencies between loads and stores ("4K aliasing"), which was measured
 * to slow the copy out of WebAssembly memory more than tenfold.
 * @internal
 */
export function regionPtr(s: Scratch, r: number): number {
  return s.region * (r + 1) + 2048 + r * 512;
}

/**
 * Copies src[start, start + count) to the start of operand region r.
 * @internal
 */
export function loadChunk(s: Scratch, r: number, src: FloatArray, start: number, count: number): void {
  const whole = start === 0 && count === src.length;
  if (src instanceof Float32Array) s.f32.set(whole ? src : src.subarray(start, start + count), regionPtr(s, r) >> 2);
  else s.f64.set(whole ? src : src.subarray(start, start + count), regionPtr(s, r) >> 3);
}

/**
 * Copies the first count elements of operand region r to dst[start, start + count).
 * @internal
 */
export function storeChunk(s: Scratch, r: number, dst: FloatArray, start: number, count: number): void {
  const f32 = dst instanceof Float32Array;
  const slot = r * 2 + (f32 ? 0 : 1);
  let view = s.cache[slot];
  if (view === undefined || view.length !== count) {
    const ptr = regionPtr(s, r);
    view = f32 ? new Float32Array(s.f32.buffer, ptr, count) : new Float64Array(s.f64.buffer, ptr, count);
    s.cache[slot] = view;
  }
  if (f32) (dst as Float32Array).set(view as Float32Array, start);
  else (dst as Float64Array).set(view as Float64Array, start);
}

/**
 * The arena target holding every given array, or undefined when they are not all in one arena.
 * @internal
 */
export function resident(a: FloatArray, b: FloatArray, c: FloatArray | null, d: FloatArray | null): Target | undefined {
  const buffer = a.buffer;
  if (b.buffer !== buffer || (c !== null && c.buffer !== buffer) || (d !== null && d.buffer !== buffer)) return undefined;
  return targetFor(buffer);
}

/**
 * Whether WebAssembly is to be used for an input of n elements on a path, when not in an arena.
 * @internal
 */
export function streams(path: KernelPath, n: number): boolean {
  return path === 'wasm' || (path === 'auto' && n >= STREAM_MIN && simdSupported());
}

/**
 * Whether the branchless TypeScript kernels are to run on a float32 input of n elements that WebAssembly did not take.
 * @internal
 */
export function branchless(path: KernelPath, n: number): boolean {
  return path === 'typescript' || (path === 'auto' && n >= STREAM_MIN);
}

/**
 * Whether a path uses WebAssembly for arena tensors.
 * @internal
 */
export function usesWasm(path: KernelPath): boolean {
  return path === 'wasm' || (path === 'auto' && simdSupported());
}
