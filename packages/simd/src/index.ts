/**
 * Fast kernels for Rectify's activations, as a kernel provider: WebAssembly
 * SIMD and branchless TypeScript, bit-identical to the activations' own
 * loops; arenas of WebAssembly memory whose tensors the kernels process in
 * place; and kernel threads that split large calls.
 *
 * @remarks
 * Turn the provider on per registry: `createRegistry({ kernels: [simd] })`.
 * Users keep passing plain typed arrays. Allocate tensors with
 * {@link allocateTensor} (or an {@link Arena}) to skip the copy into
 * WebAssembly memory; create a provider with {@link createSimd} to force one
 * path, for tests or comparisons.
 *
 * @packageDocumentation
 */
export { simd, createSimd, type SimdOptions, type SimdProvider } from './provider.js';
export type { KernelPath } from './runtime.js';
export { allocateTensor, allocateBeside, releaseTensor, createArena, isWasmResident, type Arena, type ArenaOptions } from './arena.js';
export { startThreads, stopThreads, threadCount } from './threads.js';
export { wakeThreads } from './thread-split.js';
export { loadKernels, simdSupported } from './wasm.js';
