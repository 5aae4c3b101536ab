import type { DType } from '@rectify/core';

/**
 * The gap between 1 and the next value of each dtype: the relative spacing
 * of its normal numbers, twice the largest relative error of one rounding.
 * @internal
 */
export const EPSILON: Readonly<Record<DType, number>> = Object.freeze({ float32: 2 ** -23, float64: Number.EPSILON });

/**
 * The smallest positive (subnormal) value of each dtype: the spacing of its
 * values near 0, where rounding errors are absolute, not relative.
 * @internal
 */
export const SMALLEST: Readonly<Record<DType, number>> = Object.freeze({ float32: 2 ** -149, float64: Number.MIN_VALUE });

/**
 * The largest finite value of each dtype.
 * @internal
 */
export const LARGEST: Readonly<Record<DType, number>> = Object.freeze({ float32: 3.4028234663852886e38, float64: Number.MAX_VALUE });

/**
 * Rounds a number to the nearest value of a dtype.
 * @param value - Any number.
 * @param dtype - The dtype.
 * @internal
 */
export function roundToDtype(value: number, dtype: DType): number {
  return dtype === 'float32' ? Math.fround(value) : value;
}

const bits64 = new Float64Array(1);
const int64 = new BigInt64Array(bits64.buffer);
const bits32 = new Float32Array(1);
const int32 = new Int32Array(bits32.buffer);

/** The value of a dtype one step above `value` (itself of the dtype and finite, not −0's neighbour). */
function stepAway(value: number, dtype: DType): number {
  // For finite values of one sign the bit patterns are ordered by magnitude, so one step up in
  // the pattern is one step away from 0.
  if (dtype === 'float32') {
    bits32[0] = value;
    int32[0] = (int32[0] as number) + 1;
    return bits32[0] as number;
  }
  bits64[0] = value;
  int64[0] = (int64[0] as bigint) + 1n;
  return bits64[0] as number;
}

/**
 * The smallest value of a dtype greater than `value` (a value of that dtype):
 * +∞ stays +∞, NaN stays NaN, and ±0 steps to the smallest subnormal.
 * @param value - A value of the dtype.
 * @param dtype - The dtype.
 * @internal
 */
export function nextUp(value: number, dtype: DType): number {
  if (Number.isNaN(value) || value === Infinity) return value;
  if (value === 0) return SMALLEST[dtype];
  if (value === -Infinity) return -LARGEST[dtype];
  return value > 0 ? stepAway(value, dtype) : -stepDown(-value, dtype);
}

/**
 * The largest value of a dtype less than `value` (a value of that dtype): −∞
 * stays −∞, NaN stays NaN, and ±0 steps to minus the smallest subnormal.
 * @param value - A value of the dtype.
 * @param dtype - The dtype.
 * @internal
 */
export function nextDown(value: number, dtype: DType): number {
  return -nextUp(-value, dtype);
}

/** The value of a dtype one step nearer 0 than a positive finite `value` of it. */
function stepDown(value: number, dtype: DType): number {
  if (dtype === 'float32') {
    bits32[0] = value;
    int32[0] = (int32[0] as number) - 1;
    return bits32[0] as number;
  }
  bits64[0] = value;
  int64[0] = (int64[0] as bigint) - 1n;
  return bits64[0] as number;
}

/**
 * A bound as a dtype holds it without shrinking the interval: a lower bound
 * rounded down, an upper bound rounded up, to the nearest value of the dtype
 * on that side (itself when the dtype holds it).
 *
 * @remarks
 * Rounding is monotonic: an exact result v ≤ hi rounds to a value no greater
 * than hi rounded up. So an activation whose exact outputs lie in
 * [lo, hi] stores outputs in [lo rounded down, hi rounded up], and no further:
 * float32's hardtanh with maxVal 0.1 clamps at fround(0.1) \> 0.1.
 *
 * @param bound - The bound, a float64.
 * @param dtype - The dtype.
 * @param side - `'down'` for a lower bound, `'up'` for an upper one.
 * @internal
 */
export function roundOutward(bound: number, dtype: DType, side: 'down' | 'up'): number {
  const rounded = roundToDtype(bound, dtype);
  if (side === 'up') return rounded >= bound ? rounded : nextUp(rounded, dtype);
  return rounded <= bound ? rounded : nextDown(rounded, dtype);
}
