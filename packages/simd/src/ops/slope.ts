/**
 * The slope gradient of the leaky rectifiers: the float64 sum, in index
 * order, of x·dy where x is not positive.
 */
import type { FloatArray } from '@rectify/core';
import { REGION_BYTES, loadChunk, regionPtr, resident, scratchFor, streams, usesWasm, type KernelPath } from '../runtime.js';

/**
 * Continues a slope gradient over x[start, end): returns sum plus, in index
 * order and in float64, x·dy wherever x is not positive, as core's
 * `slopeGradient` adds them; `undefined` where the path leaves it to the
 * activation's loop.
 *
 * @param path - The provider's path.
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param start - First index.
 * @param end - One past the last index.
 * @param sum - The sum so far.
 * @internal
 */
export function slopeSum(path: KernelPath, x: FloatArray, dy: FloatArray, start: number, end: number, sum: number): number | undefined {
  const n = end - start;
  const f32 = x instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const target = usesWasm(path) ? resident(x, dy, null, null) : undefined;
  if (target !== undefined) {
    const k = target.kernels;
    const xp = x.byteOffset + (start << shift);
    const gp = dy.byteOffset + (start << shift);
    return f32 ? k.slope_grad_f32(xp, gp, n, sum) : k.slope_grad_f64(xp, gp, n, sum);
  }
  if (!streams(path, n)) return undefined;
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
