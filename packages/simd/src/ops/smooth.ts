/**
 * The smooth activations' kernels (sigmoid, SiLU, LogSigmoid, tanh, the ELU
 * family, Softplus, Mish) in float32 (`scripts/smooth.mjs`) and float64
 * (`scripts/smooth64.mjs`): in place on arena tensors (split across the
 * kernel threads on shared ones) or streamed through the scratch buffer.
 * Each gives the bits of core's definitions (`sigmoidF32`, `siluGradF32`,
 * `tanhF64`, `eluF64`, …), which the activations' loops of the same dtype run.
 */
import type { FloatArray } from '@rectify/core';
import type { Target } from '../arena.js';
import { REGION_BYTES, loadChunk, regionPtr, resident, scratchFor, storeChunk, streams, usesWasm, type KernelPath } from '../runtime.js';
import { arg, splitCall } from '../thread-split.js';
import { SPLITTABLE_KERNELS, type KernelExports, type SmoothKernel } from '../wasm.js';

/** Calls a smooth kernel: a forward when `b` is 0 and `backward` is false, else a backward reading b = dy. */
function call(k: KernelExports, name: SmoothKernel, backward: boolean, a: number, b: number, o: number, n: number, c0: number, c1: number, c2: number): void {
  if (backward) (k[name] as (a: number, b: number, o: number, n: number, c0: number, c1: number, c2: number) => void)(a, b, o, n, c0, c1, c2);
  else (k[name] as (a: number, o: number, n: number, c0: number, c1: number, c2: number) => void)(a, o, n, c0, c1, c2);
}

/** Splits a call on a shared arena across the kernel threads (elements of `size` bytes); false when it is not split. */
function split(t: Target, name: SmoothKernel, size: number, backward: boolean, a: number, b: number, o: number, n: number, c0: number, c1: number, c2: number): boolean {
  if (t.split === undefined) return false;
  let i = arg(0, a, size);
  if (backward) i = arg(i, b, size);
  i = arg(i, o, size);
  const countAt = i;
  i = arg(i, n);
  i = arg(i, c0);
  i = arg(i, c1);
  i = arg(i, c2);
  if (!backward) arg(i, 0);
  return splitCall(t.split, SPLITTABLE_KERNELS.indexOf(name), n, countAt, 16, (backward ? 3 : 2) * size * n);
}

/**
 * Runs a smooth kernel over whole arrays, float32 for the `_f32` kernels
 * and float64 for the `_f64` ones: out = f(a) (forward) or out = f′(a)·b
 * (backward, b = dy); `false`, having written nothing, where the path leaves
 * the call to the activation's own loop (an array of the other dtype, inputs
 * under 64 elements on the `'auto'` path, the `'typescript'` path).
 *
 * @param path - The provider's path.
 * @param name - The kernel.
 * @param a - x.
 * @param b - dy for a backward, `null` for a forward.
 * @param o - The output: y or dx.
 * @param c0 - The ELU family's positive-side slope, Softplus's β (ignored by the others).
 * @param c1 - The ELU family's factor of e^z − 1, Softplus's threshold.
 * @param c2 - The ELU family's input scale.
 * @internal
 */
export function smooth(path: KernelPath, name: SmoothKernel, a: FloatArray, b: FloatArray | null, o: FloatArray, c0 = 0, c1 = 0, c2 = 0): boolean {
  const f64 = name.endsWith('_f64');
  if (!(f64 ? a instanceof Float64Array : a instanceof Float32Array) || !usesWasm(path)) return false;
  const size = f64 ? 8 : 4;
  const n = a.length;
  const backward = b !== null;
  const target = resident(a, o, b, null);
  if (target !== undefined) {
    if (n === 0) return true;
    const bp = b === null ? 0 : b.byteOffset;
    if (!split(target, name, size, backward, a.byteOffset, bp, o.byteOffset, n, c0, c1, c2)) call(target.kernels, name, backward, a.byteOffset, bp, o.byteOffset, n, c0, c1, c2);
    return true;
  }
  if (!streams(path, n)) return false;
  const s = scratchFor(REGION_BYTES, 0);
  const per = s.region / size;
  for (let i = 0; i < n; i += per) {
    const m = Math.min(per, n - i);
    loadChunk(s, 0, a, i, m);
    if (b !== null) loadChunk(s, 1, b, i, m);
    call(s.kernels, name, backward, regionPtr(s, 0), regionPtr(s, 1), regionPtr(s, 3), m, c0, c1, c2);
    storeChunk(s, 3, o, i, m);
  }
  return true;
}
