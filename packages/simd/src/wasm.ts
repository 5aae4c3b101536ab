import { KERNELS_WASM_BASE64, SHARED_MEMORY_FLAG_OFFSET } from './generated/module.js';

/**
 * The exports of one instance of the kernels module. Pointers are byte
 * offsets into the instance's memory; counts are elements.
 * @internal
 */
export interface KernelExports {
  relu_f32(x: number, y: number, n: number): void;
  relu_f64(x: number, y: number, n: number): void;
  relu_bwd_f32(x: number, dy: number, dx: number, n: number): void;
  relu_bwd_f64(x: number, dy: number, dx: number, n: number): void;
  leaky_f32(x: number, y: number, n: number, slope: number): void;
  leaky_f64(x: number, y: number, n: number, slope: number): void;
  leaky_bwd_f32(x: number, dy: number, dx: number, n: number, slope: number): void;
  leaky_bwd_f64(x: number, dy: number, dx: number, n: number, slope: number): void;
  prelu_rows_f32(x: number, y: number, rows: number, c: number, w: number): void;
  prelu_rows_f64(x: number, y: number, rows: number, c: number, w: number): void;
  prelu_rows_bwd_f32(x: number, dy: number, dx: number, rows: number, c: number, w: number, g: number): void;
  prelu_rows_bwd_f64(x: number, dy: number, dx: number, rows: number, c: number, w: number, g: number): void;
  slope_grad_f32(x: number, dy: number, n: number, sum: number): number;
  slope_grad_f64(x: number, dy: number, n: number, sum: number): number;
  mul_f32(a: number, b: number, o: number, n: number): void;
  mul_f64(a: number, b: number, o: number, n: number): void;
  maxout2_f32(x: number, y: number, m: number): void;
  maxout2_f64(x: number, y: number, m: number): void;
  maxout2_bwd_f32(x: number, dy: number, dx: number, m: number): void;
  maxout2_bwd_f64(x: number, dy: number, dx: number, m: number): void;
  maxout_blocks_f32(x: number, y: number, blocks: number, k: number, inner: number): void;
  maxout_blocks_f64(x: number, y: number, blocks: number, k: number, inner: number): void;
  maxout_blocks_bwd_f32(x: number, dy: number, dx: number, blocks: number, k: number, inner: number): void;
  maxout_blocks_bwd_f64(x: number, dy: number, dx: number, blocks: number, k: number, inner: number): void;
  xoro_fill(state: number, draws: number, count: number): void;
  count_nonpos_f32(x: number, n: number): number;
  count_nonpos_f64(x: number, n: number): number;
  rrelu_train_f32(x: number, y: number, noise: number, n: number, table: number, draws: number, count: number, lo: number, range: number): void;
  rrelu_train_f64(x: number, y: number, noise: number, n: number, table: number, draws: number, count: number, lo: number, range: number): void;
  rrelu_range_f32(x: number, y: number, noise: number, n: number, scratch: number, chunk: number, lo: number, range: number): void;
  rrelu_range_f64(x: number, y: number, noise: number, n: number, scratch: number, chunk: number, lo: number, range: number): void;
  sigmoid_f32(x: number, y: number, n: number): void;
  sigmoid_bwd_f32(x: number, dy: number, dx: number, n: number): void;
  silu_f32(x: number, y: number, n: number): void;
  silu_bwd_f32(x: number, dy: number, dx: number, n: number): void;
  logsigmoid_f32(x: number, y: number, n: number): void;
  logsigmoid_bwd_f32(x: number, dy: number, dx: number, n: number): void;
  tanh_f32(x: number, y: number, n: number): void;
  tanh_bwd_f32(x: number, dy: number, dx: number, n: number): void;
  elu_f32(x: number, y: number, n: number, positive: number, negative: number, scale: number): void;
  elu_bwd_f32(x: number, dy: number, dx: number, n: number, positive: number, negative: number, scale: number): void;
  softplus_f32(x: number, y: number, n: number, beta: number, threshold: number): void;
  softplus_bwd_f32(x: number, dy: number, dx: number, n: number, beta: number, threshold: number): void;
  mish_f32(x: number, y: number, n: number): void;
  mish_bwd_f32(x: number, dy: number, dx: number, n: number): void;
  sigmoid_f64(x: number, y: number, n: number): void;
  sigmoid_bwd_f64(x: number, dy: number, dx: number, n: number): void;
  silu_f64(x: number, y: number, n: number): void;
  silu_bwd_f64(x: number, dy: number, dx: number, n: number): void;
  logsigmoid_f64(x: number, y: number, n: number): void;
  logsigmoid_bwd_f64(x: number, dy: number, dx: number, n: number): void;
  tanh_f64(x: number, y: number, n: number): void;
  tanh_bwd_f64(x: number, dy: number, dx: number, n: number): void;
  elu_f64(x: number, y: number, n: number, positive: number, negative: number, scale: number): void;
  elu_bwd_f64(x: number, dy: number, dx: number, n: number, positive: number, negative: number, scale: number): void;
  softplus_f64(x: number, y: number, n: number, beta: number, threshold: number): void;
  softplus_bwd_f64(x: number, dy: number, dx: number, n: number, beta: number, threshold: number): void;
  mish_f64(x: number, y: number, n: number): void;
  mish_bwd_f64(x: number, dy: number, dx: number, n: number): void;
  gelu_tanh_f64(x: number, y: number, n: number): void;
  gelu_f64(x: number, y: number, n: number): void;
  gelu_bwd_f64(x: number, dy: number, dx: number, n: number): void;
  gelu_tanh_bwd_f64(x: number, dy: number, dx: number, n: number): void;
  softmax_rows_f32(x: number, y: number, rows: number, n: number, negate: number): void;
  softmax_rows_bwd_f32(x: number, dy: number, dx: number, rows: number, n: number, negate: number): void;
  log_softmax_rows_f32(x: number, y: number, rows: number, n: number): void;
  log_softmax_rows_bwd_f32(x: number, dy: number, dx: number, rows: number, n: number): void;
  softmax_rows_f64(x: number, y: number, rows: number, n: number, negate: number): void;
  softmax_rows_bwd_f64(x: number, dy: number, dx: number, rows: number, n: number, negate: number): void;
  log_softmax_rows_f64(x: number, y: number, rows: number, n: number): void;
  log_softmax_rows_bwd_f64(x: number, dy: number, dx: number, rows: number, n: number): void;
  gelu_f32(x: number, y: number, n: number): void;
  gelu_bwd_f32(x: number, dy: number, dx: number, n: number): void;
  gelu_tanh_f32(x: number, y: number, n: number): void;
  gelu_tanh_bwd_f32(x: number, dy: number, dx: number, n: number): void;
}

/**
 * The smooth activations' kernels, float32 (`scripts/smooth.mjs`) and
 * float64 (`scripts/smooth64.mjs`): a forward
 * (x, y, n) or a backward (x, dy, dx, n), the ELU family's with three
 * coefficients after n, Softplus's with β and its threshold.
 * @internal
 */
export type SmoothKernel =
  | 'sigmoid_f32'
  | 'sigmoid_bwd_f32'
  | 'silu_f32'
  | 'silu_bwd_f32'
  | 'logsigmoid_f32'
  | 'logsigmoid_bwd_f32'
  | 'tanh_f32'
  | 'tanh_bwd_f32'
  | 'elu_f32'
  | 'elu_bwd_f32'
  | 'softplus_f32'
  | 'softplus_bwd_f32'
  | 'mish_f32'
  | 'mish_bwd_f32'
  | 'sigmoid_f64'
  | 'sigmoid_bwd_f64'
  | 'silu_f64'
  | 'silu_bwd_f64'
  | 'logsigmoid_f64'
  | 'logsigmoid_bwd_f64'
  | 'tanh_f64'
  | 'tanh_bwd_f64'
  | 'elu_f64'
  | 'elu_bwd_f64'
  | 'softplus_f64'
  | 'softplus_bwd_f64'
  | 'mish_f64'
  | 'mish_bwd_f64'
  | 'gelu_tanh_f64'
  | 'gelu_f64'
  | 'gelu_bwd_f64'
  | 'gelu_tanh_bwd_f64'
  | 'gelu_f32'
  | 'gelu_bwd_f32'
  | 'gelu_tanh_f32'
  | 'gelu_tanh_bwd_f32';

/**
 * Names of the kernels that can be split across threads, by index: the main
 * thread and the workers name a kernel by its index here.
 * @internal
 */
export const SPLITTABLE_KERNELS = [
  'relu_f32',
  'relu_f64',
  'relu_bwd_f32',
  'relu_bwd_f64',
  'leaky_f32',
  'leaky_f64',
  'leaky_bwd_f32',
  'leaky_bwd_f64',
  'mul_f32',
  'mul_f64',
  'prelu_rows_f32',
  'prelu_rows_f64',
  'maxout2_f32',
  'maxout2_f64',
  'maxout2_bwd_f32',
  'maxout2_bwd_f64',
  'maxout_blocks_f32',
  'maxout_blocks_f64',
  'maxout_blocks_bwd_f32',
  'maxout_blocks_bwd_f64',
  'rrelu_range_f32',
  'rrelu_range_f64',
  'sigmoid_f32',
  'sigmoid_bwd_f32',
  'silu_f32',
  'silu_bwd_f32',
  'logsigmoid_f32',
  'logsigmoid_bwd_f32',
  'tanh_f32',
  'tanh_bwd_f32',
  'elu_f32',
  'elu_bwd_f32',
  'softplus_f32',
  'softplus_bwd_f32',
  'mish_f32',
  'mish_bwd_f32',
  'gelu_f32',
  'gelu_bwd_f32',
  'gelu_tanh_f32',
  'gelu_tanh_bwd_f32',
  'sigmoid_f64',
  'sigmoid_bwd_f64',
  'silu_f64',
  'silu_bwd_f64',
  'logsigmoid_f64',
  'logsigmoid_bwd_f64',
  'tanh_f64',
  'tanh_bwd_f64',
  'elu_f64',
  'elu_bwd_f64',
  'softplus_f64',
  'softplus_bwd_f64',
  'mish_f64',
  'mish_bwd_f64',
  'gelu_tanh_f64',
  'gelu_tanh_bwd_f64',
  'softmax_rows_f32',
  'softmax_rows_f64',
  'softmax_rows_bwd_f32',
  'softmax_rows_bwd_f64',
  'log_softmax_rows_f32',
  'log_softmax_rows_f64',
  'log_softmax_rows_bwd_f32',
  'log_softmax_rows_bwd_f64',
  'gelu_f64',
  'gelu_bwd_f64',
] as const satisfies readonly (keyof KernelExports)[];

/** A kernel that can be split across threads. @internal */
export type SplittableKernel = (typeof SPLITTABLE_KERNELS)[number];

/** Bytes in one WebAssembly page. @internal */
export const PAGE_BYTES = 65536;

/** A compiled module (opaque). @internal */
export type WasmModule = object;

/**
 * A WebAssembly memory: the part of the standard API the kernels use.
 * @internal
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** The largest memory the shared module's import accepts, in pages (2 GiB). */
const SHARED_MAX_PAGES = 32768;

/** The part of the standard `WebAssembly` API the kernels use, typed here so that no DOM library is needed. */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
}

const runtime = globalThis as unknown as { WebAssembly?: WasmApi; atob?: (text: string) => string };

/**
 * Creates a memory of a fixed number of pages: it can never grow, so views of it are never detached.
 * @param pages - Its size in 64 KiB pages.
 * @internal
 */
export function fixedMemory(pages: number): WasmMemory {
  return new (runtime.WebAssembly as WasmApi).Memory({ initial: pages, maximum: pages });
}

/**
 * Creates a shared memory of a fixed number of pages, which worker threads
 * can work on too (its buffer is a `SharedArrayBuffer`).
 * @param pages - Its size in 64 KiB pages, at most 32,768.
 * @returns The memory, or `undefined` where shared memory is not available
 * (a browser page that is not cross-origin isolated, say).
 * @throws A `RangeError` when the system cannot provide that much memory.
 * @internal
 */
export function fixedSharedMemory(pages: number): WasmMemory | undefined {
  if (pages > SHARED_MAX_PAGES || sharedKernelsModule() === null || typeof SharedArrayBuffer !== 'function') return undefined;
  return new (runtime.WebAssembly as WasmApi).Memory({ initial: pages, maximum: pages, shared: true });
}

function decodeBase64(text: string): Uint8Array {
  const binary = (runtime.atob as (text: string) => string)(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let compiled: WasmModule | null | undefined;
let compiledShared: WasmModule | null | undefined;

/**
 * The kernels module that imports a shared memory, or `null` where that is not available.
 * @internal
 */
export function sharedKernelsModule(): WasmModule | null {
  if (compiledShared !== undefined) return compiledShared;
  const api = runtime.WebAssembly;
  try {
    if (api === undefined || kernelsModule() === null) {
      compiledShared = null;
    } else {
      // The same module with its memory import declared shared: one byte, the import's limits flag.
      const bytes = decodeBase64(KERNELS_WASM_BASE64);
      bytes[SHARED_MEMORY_FLAG_OFFSET] = 0x03;
      compiledShared = new api.Module(bytes);
    }
  } catch {
    compiledShared = null;
  }
  return compiledShared;
}

/**
 * The compiled kernels module, or `null` where WebAssembly or its SIMD
 * instructions are missing, or where synchronous compilation is refused
 * (a browser's main thread refuses modules over a few kilobytes: await
 * {@link loadKernels} there first).
 * @internal
 */
export function kernelsModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  const api = runtime.WebAssembly;
  try {
    const bytes = decodeBase64(KERNELS_WASM_BASE64);
    compiled = api !== undefined && api.validate(bytes) ? new api.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * Compiles the WebAssembly kernels asynchronously. Node and workers compile
 * them on first use anyway; a browser's main thread needs this call (awaited
 * once at start-up) before the WebAssembly path can be used.
 *
 * @returns Whether WebAssembly SIMD kernels are available.
 * @public
 */
export async function loadKernels(): Promise<boolean> {
  if (compiled) return true;
  const api = runtime.WebAssembly;
  try {
    const bytes = decodeBase64(KERNELS_WASM_BASE64);
    compiled = api !== undefined && api.validate(bytes) ? await api.compile(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled !== null;
}

/**
 * Whether this runtime can run the WebAssembly SIMD kernels.
 * @public
 */
export function simdSupported(): boolean {
  return kernelsModule() !== null;
}

/**
 * Instantiates the kernels over a memory.
 * @param memory - The memory the kernels read and write.
 * @param shared - Whether it is a shared memory (from {@link fixedSharedMemory}). Defaults to `false`.
 * @internal
 */
export function instantiate(memory: WasmMemory, shared = false): KernelExports {
  const module = shared ? sharedKernelsModule() : kernelsModule();
  if (module === null) throw new Error('WebAssembly SIMD is not available');
  return new (runtime.WebAssembly as WasmApi).Instance(module, { env: { memory } }).exports as unknown as KernelExports;
}
