import {
  leakyBackward as scalarLeakyBackward,
  leakyForward as scalarLeakyForward,
  slopeGradient as scalarSlopeGradient,
  type FloatArray,
} from '@rectify/core';
import { fastLeaky, fastLeakyBackward, fastSlopeGradient } from './dispatch.js';

/**
 * Core's `leakyForward` (y = x \> 0 ? x : x·s over [start, end)) on the
 * fastest path available: a drop-in replacement with the same signature and
 * the same bits, falling back to core's scalar kernel.
 *
 * @param x - Input.
 * @param y - Output, same dtype; may not overlap `x`.
 * @param slope - The negative-side slope s (rounded to the dtype first).
 * @param start - First index. Defaults to 0.
 * @param end - One past the last index. Defaults to `x.length`.
 * @public
 */
export function leakyForward(x: FloatArray, y: FloatArray, slope: number, start = 0, end = x.length): void {
  if (!fastLeaky(x, y, slope, start, end)) scalarLeakyForward(x, y, slope, start, end);
}

/**
 * Core's `leakyBackward` (dx = x \> 0 ? dy : dy·s over [start, end)) on the
 * fastest path available; same signature, same bits.
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @param slope - The negative-side slope s.
 * @param start - First index. Defaults to 0.
 * @param end - One past the last index. Defaults to `x.length`.
 * @public
 */
export function leakyBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, slope: number, start = 0, end = x.length): void {
  if (!fastLeakyBackward(x, dy, dx, slope, start, end)) scalarLeakyBackward(x, dy, dx, slope, start, end);
}

/**
 * Core's `slopeGradient` (the float64 sum, in index order, of x·dy where x is
 * not positive) on the fastest path available; same signature, same bits.
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param start - First index. Defaults to 0.
 * @param end - One past the last index. Defaults to `x.length`.
 * @public
 */
export function slopeGradient(x: FloatArray, dy: FloatArray, start = 0, end = x.length): number {
  return fastSlopeGradient(x, dy, start, end) ?? scalarSlopeGradient(x, dy, start, end);
}
