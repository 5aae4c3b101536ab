import type { FloatArray } from '@rectify/core';

/**
 * Whether two arrays hold the same values bit for bit, as far as JavaScript can
 * tell: `Object.is` per element, so −0 differs from +0 and NaN equals NaN.
 *
 * @param a - An array.
 * @param b - Another array.
 * @public
 */
export function bitEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * The first index where two arrays differ bit for bit, or −1.
 *
 * @param a - An array.
 * @param b - Another array of the same length.
 * @public
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/**
 * A copy of a typed array of the same dtype.
 * @param data - The array.
 * @internal
 */
export function copyOf<T extends FloatArray>(data: T): T {
  return data.slice() as T;
}

/**
 * Throws the failure of a property, which fast-check reports as its reason.
 * @param message - What went wrong.
 * @internal
 */
export function fail(message: string): never {
  throw new Error(message);
}

/**
 * Fails, naming the first index and both values, unless two arrays are
 * identical bit for bit.
 * @param what - What the arrays are, for the message.
 * @param actual - The array under test.
 * @param expected - The array it must equal.
 * @internal
 */
export function expectBitEqual(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  const i = firstDifference(actual, expected);
  if (i >= 0) fail(`${what} differs at index ${i}: ${String(actual[i])} vs ${String(expected[i])}`);
}
