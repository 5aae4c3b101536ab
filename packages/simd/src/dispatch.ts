import { RectifyError, describeValue, type FloatArray } from '@rectify/core';
import { PARAM_BYTES, targetFor, type Target } from './arena.js';
import { reluBackwardBitsF32, reluBitsF32 } from './fast.js';
import { job, splitCall } from './thread-split.js';
import { PAGE_BYTES, SPLITTABLE_KERNELS, fixedMemory, instantiate, simdSupported, type KernelExports, type SplittableKernel } from './wasm.js';

/**
 * Which kernels the activations run.
 *
 * - `'auto'`: WebAssembly SIMD where available (in place for arena tensors,
 *   copied through a small buffer otherwise), the scalar kernels for inputs
 *   too small to repay a call into WebAssembly, and the branchless TypeScript
 *   kernels for larger float32 inputs where WebAssembly SIMD is missing.
 * - `'wasm'`: WebAssembly SIMD for every input, however small.
 * - `'typescript'`: the branchless TypeScript kernels where they exist, the
 *   scalar kernels elsewhere; never WebAssembly.
 * - `'scalar'`: the plain loops of each activation package only.
 *
 * Every path gives bit-identical results; the choice changes speed only.
 * @public
 */
export type KernelPath = 'auto' | 'wasm' | 'typescript' | 'scalar';

const PATHS: readonly KernelPath[] = ['auto', 'wasm', 'typescript', 'scalar'];

function initialPath(): KernelPath {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['RECTIFY_KERNEL_PATH'];
  return env !== undefined && (PATHS as readonly string[]).includes(env) ? (env as KernelPath) : 'auto';
}

let path: KernelPath = initialPath();

/**
 * Chooses the kernels every activation runs from now on; see {@link KernelPath}.
 * The environment variable `RECTIFY_KERNEL_PATH` sets the initial choice, so
 * that a test suite can run once per path.
 *
 * @param next - The path.
 * @returns The previous path.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for an unknown path, or
 * `'wasm'` where WebAssembly SIMD is missing.
 * @public
 */
export function setKernelPath(next: KernelPath): KernelPath {
  if (!(PATHS as readonly unknown[]).includes(next)) {
    throw new RectifyError('INVALID_ARGUMENT', `path must be one of ${PATHS.join(', ')}, got ${describeValue(next)}`, { field: 'path', value: next });
  }
  if (next === 'wasm' && !simdSupported()) {
    throw new RectifyError('INVALID_ARGUMENT', 'WebAssembly SIMD is not available in this runtime', { field: 'path', value: next });
  }
  const previous = path;
  path = next;
  return previous;
}

/**
 * The current kernel path; see {@link setKernelPath}.
 * @public
 */
export function getKernelPath(): KernelPath {
  return path;
}

/**
 * Inputs shorter than this run the caller's scalar kernel on the `'auto'` path
 * unless they live in an arena: below it, the fixed cost of a call into
 * WebAssembly, or of the branchless kernels' views (reading a typed array's
 * buffer and offset costs more than a short loop), exceeds the loop itself.
 */
const STREAM_MIN = 64;
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
 * Whether WebAssembly is to be used for an input of n elements on the current path, when not in an arena.
 * @internal
 */
export function streams(n: number): boolean {
  return path === 'wasm' || (path === 'auto' && n >= STREAM_MIN && simdSupported());
}

/** Whether the branchless TypeScript kernels are to run on a float32 input of n elements that WebAssembly did not take. */
function branchless(n: number): boolean {
  return path === 'typescript' || (path === 'auto' && n >= STREAM_MIN);
}

/**
 * Whether the current path uses WebAssembly for arena tensors.
 * @internal
 */
export function usesWasm(): boolean {
  return path === 'wasm' || (path === 'auto' && simdSupported());
}

// Elementwise operations, by code: inputs a (x), b, c; output o.
const RELU = 0; // a → o
const LEAKY = 1; // a → o, slope
const RELU_BWD = 2; // a, b = dy → o
const LEAKY_BWD = 3; // a, b = dy → o, slope
const EACH = 4; // a, b = r → o
const EACH_BWD = 5; // a, b = r, c = dy → o
const MUL = 6; // a, b → o

function call(k: KernelExports, op: number, f32: boolean, a: number, b: number, c: number, o: number, n: number, slope: number): void {
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
    case EACH:
      if (f32) k.leaky_each_f32(a, b, o, n);
      else k.leaky_each_f64(a, b, o, n);
      return;
    case EACH_BWD:
      if (f32) k.leaky_each_bwd_f32(a, b, c, o, n);
      else k.leaky_each_bwd_f64(a, b, c, o, n);
      return;
    default:
      if (f32) k.mul_f32(a, b, o, n);
      else k.mul_f64(a, b, o, n);
  }
}

/** Each elementwise operation's float32 kernel (its float64 kernel follows it in `SPLITTABLE_KERNELS`), by code. */
const ELEMENTWISE_KERNEL: readonly SplittableKernel[] = ['relu_f32', 'leaky_f32', 'relu_bwd_f32', 'leaky_bwd_f32', 'leaky_each_f32', 'leaky_each_bwd_f32', 'mul_f32'];
/** Arrays each elementwise operation reads besides x, by code. */
const EXTRA_INPUTS = [0, 0, 1, 1, 1, 2, 1];

/**
 * Sets argument i of the call to split: its value for the whole call and the bytes it advances per unit of work.
 * @internal
 */
export function arg(i: number, value: number, stride = 0): number {
  job.args[i] = value;
  job.strides[i] = stride;
  return i + 1;
}

/** Splits an elementwise call on a shared arena across the kernel threads; false when it is not split. */
function splitElementwise(t: Target, op: number, f32: boolean, a: number, b: number, c: number, o: number, n: number, slope: number): boolean {
  if (t.split === undefined) return false;
  const size = f32 ? 4 : 8;
  const extra = EXTRA_INPUTS[op] as number;
  let i = arg(0, a, size);
  if (extra >= 1) i = arg(i, b, size);
  if (extra >= 2) i = arg(i, c, size);
  i = arg(i, o, size);
  const countAt = i;
  i = arg(i, n);
  while (i < job.args.length) i = arg(i, slope);
  return splitCall(t.split, kernelIndex(ELEMENTWISE_KERNEL[op] as SplittableKernel, f32), n, countAt, 16, (extra + 2) * n * size);
}

/**
 * The index of a splittable kernel, the float32 one or the float64 one that follows it.
 * @internal
 */
export function kernelIndex(float32Name: SplittableKernel, f32: boolean): number {
  return SPLITTABLE_KERNELS.indexOf(float32Name) + (f32 ? 0 : 1);
}

function elementwise(op: number, a: FloatArray, b: FloatArray | null, c: FloatArray | null, o: FloatArray, slope: number, start = 0, end = a.length): boolean {
  const n = end - start;
  if (n <= 0) return true;
  const f32 = a instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const target = usesWasm() ? resident(a, o, b, c) : undefined;
  if (target !== undefined) {
    const skip = start << shift;
    const ap = a.byteOffset + skip;
    const bp = b === null ? 0 : b.byteOffset + skip;
    const cp = c === null ? 0 : c.byteOffset + skip;
    const outp = o.byteOffset + skip;
    if (!splitElementwise(target, op, f32, ap, bp, cp, outp, n, slope)) call(target.kernels, op, f32, ap, bp, cp, outp, n, slope);
    return true;
  }
  if (!streams(n)) return false;
  const s = scratchFor(REGION_BYTES, 0);
  const per = s.region >> shift;
  for (let i = start; i < end; i += per) {
    const m = Math.min(per, end - i);
    loadChunk(s, 0, a, i, m);
    if (b !== null) loadChunk(s, 1, b, i, m);
    if (c !== null) loadChunk(s, 2, c, i, m);
    call(s.kernels, op, f32, regionPtr(s, 0), regionPtr(s, 1), regionPtr(s, 2), regionPtr(s, 3), m, slope);
    storeChunk(s, 3, o, i, m);
  }
  return true;
}

/**
 * ReLU forward, y = x \< 0 ? +0 : x, on the fastest path available.
 *
 * @remarks
 * Returns `false`, having done nothing, when the current {@link KernelPath}
 * leaves this input to the caller's scalar kernel; the caller then runs it.
 * Every fast kernel here follows that contract, so that each activation keeps
 * its scalar kernel in one place and the fast ones live only here.
 *
 * @param x - Input.
 * @param y - Output: same dtype and length, not overlapping `x`.
 * @returns Whether `y` was written.
 * @public
 */
export function fastRelu(x: FloatArray, y: FloatArray): boolean {
  if (usesWasm() && (x.length >= STREAM_MIN || path === 'wasm' || resident(x, y, null, null) !== undefined)) {
    return elementwise(RELU, x, null, null, y, 0);
  }
  if (x instanceof Float32Array && branchless(x.length)) {
    reluBitsF32(x, y as Float32Array);
    return true;
  }
  return false;
}

/**
 * ReLU backward, dx = x ≤ 0 ? +0 : dy; see {@link fastRelu} for the contract.
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @returns Whether `dx` was written.
 * @public
 */
export function fastReluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): boolean {
  if (usesWasm() && (x.length >= STREAM_MIN || path === 'wasm' || resident(x, dy, dx, null) !== undefined)) {
    return elementwise(RELU_BWD, x, dy, null, dx, 0);
  }
  if (x instanceof Float32Array && branchless(x.length)) {
    reluBackwardBitsF32(x, dy as Float32Array, dx as Float32Array);
    return true;
  }
  return false;
}

/**
 * Leaky rectifier over x[start, end), y = x \> 0 ? x : x·s, with s rounded
 * to the dtype first; see {@link fastRelu} for the contract.
 *
 * @param x - Input.
 * @param y - Output.
 * @param slope - The negative-side slope s.
 * @param start - First index. Defaults to 0.
 * @param end - One past the last index. Defaults to `x.length`.
 * @returns Whether `y` was written.
 * @public
 */
export function fastLeaky(x: FloatArray, y: FloatArray, slope: number, start = 0, end = x.length): boolean {
  return elementwise(LEAKY, x, null, null, y, slope, start, end);
}

/**
 * Leaky rectifier backward over x[start, end), dx = x \> 0 ? dy : dy·s; see
 * {@link fastRelu} for the contract.
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @param slope - The negative-side slope s.
 * @param start - First index. Defaults to 0.
 * @param end - One past the last index. Defaults to `x.length`.
 * @returns Whether `dx` was written.
 * @public
 */
export function fastLeakyBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, slope: number, start = 0, end = x.length): boolean {
  return elementwise(LEAKY_BWD, x, dy, null, dx, slope, start, end);
}

/**
 * Elementwise product, out = a·b, rounded once to the dtype; see
 * {@link fastRelu} for the contract.
 *
 * @param a - A factor.
 * @param b - The other factor, same dtype and length.
 * @param out - The product.
 * @returns Whether `out` was written.
 * @public
 */
export function fastMultiply(a: FloatArray, b: FloatArray, out: FloatArray): boolean {
  return elementwise(MUL, a, b, null, out, 0);
}

/**
 * Leaky rectifier with one slope per element, y = x \> 0 ? x : x·r[i] (RReLU
 * in training mode); see {@link fastRelu} for the contract.
 *
 * @param x - Input.
 * @param r - Slopes, same dtype and length.
 * @param y - Output.
 * @returns Whether `y` was written.
 * @public
 */
export function fastLeakyEach(x: FloatArray, r: FloatArray, y: FloatArray): boolean {
  return elementwise(EACH, x, r, null, y, 0);
}

/**
 * Backward of {@link fastLeakyEach}, dx = x \> 0 ? dy : dy·r[i]; see {@link fastRelu} for the contract.
 *
 * @param x - The forward input.
 * @param r - The forward call's slopes.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @returns Whether `dx` was written.
 * @public
 */
export function fastLeakyEachBackward(x: FloatArray, r: FloatArray, dy: FloatArray, dx: FloatArray): boolean {
  return elementwise(EACH_BWD, x, r, dy, dx, 0);
}

/**
 * Continues a slope gradient over x[start, end): returns sum plus, in index
 * order and in float64, x·dy wherever x is not positive, as core's
 * `slopeGradient` adds them; see {@link fastRelu} for the contract.
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param start - First index.
 * @param end - One past the last index.
 * @param sum - The sum so far. Defaults to 0.
 * @returns The sum, or `undefined` when the caller's scalar kernel is to run.
 * @public
 */
export function fastSlopeGradient(x: FloatArray, dy: FloatArray, start: number, end: number, sum = 0): number | undefined {
  const n = end - start;
  const f32 = x instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const target = usesWasm() ? resident(x, dy, null, null) : undefined;
  if (target !== undefined) {
    const k = target.kernels;
    const xp = x.byteOffset + (start << shift);
    const gp = dy.byteOffset + (start << shift);
    return f32 ? k.slope_grad_f32(xp, gp, n, sum) : k.slope_grad_f64(xp, gp, n, sum);
  }
  if (!streams(n)) return undefined;
  const s = scratchFor(REGION_BYTES, 0);
  const per = s.region >> shift;
  for (let i = start; i < end; i += per) {
    const m = Math.min(per, end - i);
    loadChunk(s, 0, x, i, m);
    loadChunk(s, 1, dy, i, m);
    sum = f32 ? s.kernels.slope_grad_f32(regionPtr(s, 0), regionPtr(s, 1), m, sum) : s.kernels.slope_grad_f64(regionPtr(s, 0), regionPtr(s, 1), m, sum);
  }
  return sum;
}

function putSlopes(t: Target, f32: boolean, w: Float64Array, c: number): void {
  if (f32) t.f32.set(w.length === c ? w : w.subarray(0, c), 0);
  else t.f64.set(w.length === c ? w : w.subarray(0, c), 0);
}

/** Bytes of the slopes, rounded up to whole vectors, where the sums start. */
function sumsOffset(c: number): number {
  return Math.ceil((c * 8) / 16) * 16;
}

/**
 * Channels-last PReLU over rows of c channels (the last axis is the channel
 * axis): y[r, j] = x[r, j] \> 0 ? x : x·w[j], each w rounded to the dtype;
 * see {@link fastRelu} for the contract.
 *
 * @param x - Input, rows × c elements.
 * @param y - Output.
 * @param c - Channels per row.
 * @param w - The c slopes, as float64 parameter values.
 * @returns Whether `y` was written.
 * @public
 */
export function fastPreluRows(x: FloatArray, y: FloatArray, c: number, w: Float64Array): boolean {
  if (c < 1 || x.length % c !== 0 || w.length < c) return false;
  return preluRows(x, null, y, c, w, null);
}

/**
 * Backward of {@link fastPreluRows}: dx[r, j] = x \> 0 ? dy : dy·w[j], and
 * sums[j] += x·dy over the rows where x is not positive, row by row in
 * float64, exactly as a scalar loop adds them; see {@link fastRelu} for the contract.
 *
 * @param x - The forward input, rows × c elements.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @param c - Channels per row.
 * @param w - The c slopes, as float64 parameter values.
 * @param sums - c float64 sums to add to.
 * @returns Whether `dx` and `sums` were written.
 * @public
 */
export function fastPreluRowsBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, c: number, w: Float64Array, sums: Float64Array): boolean {
  if (c < 1 || x.length % c !== 0 || w.length < c || sums.length < c) return false;
  return preluRows(x, dy, dx, c, w, sums);
}

function preluRows(x: FloatArray, dy: FloatArray | null, o: FloatArray, c: number, w: Float64Array, sums: Float64Array | null): boolean {
  const n = x.length;
  const f32 = x instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const paramBytes = sumsOffset(c) + c * 8;
  const rows = n / c;
  const g = sumsOffset(c);
  let target = usesWasm() && paramBytes <= PARAM_BYTES ? resident(x, o, dy, null) : undefined;
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
  if (!streams(n)) return false;
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

/**
 * Maxout over groups of k: x is [blocks, k, inner] (row-major), y is
 * [blocks, inner], y[b, j] = the maximum over p of x[b, p, j], the first
 * maximal element winning ties and the first NaN winning over numbers; see
 * {@link fastRelu} for the contract.
 *
 * @remarks
 * For an input [outer, channels, inner] grouped along the channel axis,
 * blocks = outer · channels / k.
 *
 * @param x - Input, blocks × k × inner elements.
 * @param y - Output, blocks × inner elements.
 * @param k - Pieces per group.
 * @param inner - Elements per piece (the product of the axes after the channel axis).
 * @returns Whether `y` was written.
 * @public
 */
export function fastMaxout(x: FloatArray, y: FloatArray, k: number, inner: number): boolean {
  return maxout(x, null, y, k, inner);
}

/**
 * Backward of {@link fastMaxout}: the element that the forward picked gets
 * dy, every other element +0; see {@link fastRelu} for the contract.
 *
 * @param x - The forward input, blocks × k × inner elements.
 * @param dy - Output gradient, blocks × inner elements.
 * @param dx - Input gradient to write, blocks × k × inner elements.
 * @param k - Pieces per group.
 * @param inner - Elements per piece.
 * @returns Whether `dx` was written.
 * @public
 */
export function fastMaxoutBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, k: number, inner: number): boolean {
  return maxout(x, dy, dx, k, inner);
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

function maxout(x: FloatArray, dy: FloatArray | null, o: FloatArray, k: number, inner: number): boolean {
  const n = x.length;
  const group = k * inner;
  if (k < 1 || inner < 1 || n % group !== 0) return false;
  const blocks = n / group;
  const f32 = x instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const backward = dy !== null;
  const target = usesWasm() ? resident(x, o, dy, null) : undefined;
  if (target !== undefined) {
    if (!splitMaxout(target, f32, x.byteOffset, backward ? dy.byteOffset : 0, o.byteOffset, blocks, k, inner, backward)) {
      runMaxout(target.kernels, f32, x.byteOffset, backward ? dy.byteOffset : 0, o.byteOffset, blocks, k, inner, backward);
    }
    return true;
  }
  if (!streams(n) || group << shift > 64 * 2 ** 20) return false;
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
