/**
 * Fast kernels for Rectify's activations: WebAssembly SIMD and branchless
 * TypeScript, bit-identical to the scalar kernels, and arenas of WebAssembly
 * memory whose tensors the SIMD kernels process in place.
 *
 * @remarks
 * The activation packages call these kernels themselves: users keep passing
 * plain typed arrays. Allocate tensors with {@link allocateTensor} (or an
 * {@link Arena}) to skip the copy into WebAssembly memory; use
 * {@link setKernelPath} to force one path, for tests or comparisons.
 *
 * @packageDocumentation
 */
export { allocateTensor, allocateBeside, releaseTensor, createArena, isWasmResident, type Arena, type ArenaOptions } from './arena.js';
export { startThreads, stopThreads, threadCount } from './threads.js';
export { wakeThreads } from './thread-split.js';
export { loadKernels, simdSupported } from './wasm.js';
export { leakyForward, leakyBackward, slopeGradient } from './accelerated.js';
export {
  setKernelPath,
  getKernelPath,
  fastRelu,
  fastReluBackward,
  fastLeaky,
  fastLeakyBackward,
  fastLeakyEach,
  fastLeakyEachBackward,
  fastMultiply,
  fastSlopeGradient,
  fastPreluRows,
  fastPreluRowsBackward,
  fastMaxout,
  fastMaxoutBackward,
  type KernelPath,
} from './dispatch.js';
export { fastRreluTrain } from './rrelu.js';
