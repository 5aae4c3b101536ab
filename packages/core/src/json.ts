import type { SerializedParameter } from './activation.js';

/**
 * Encodes a float64 for JSON without loss: finite numbers stay numbers, and
 * `NaN`, `±Infinity` and `−0` become strings.
 *
 * @param value - Any number.
 * @public
 */
export function encodeNumber(value: number): SerializedParameter['data'][number] {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return value;
}

/**
 * Decodes what {@link encodeNumber} wrote; anything else gives `undefined`.
 *
 * @param value - A JSON value.
 * @public
 */
export function decodeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  switch (value) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case '-0':
      return -0;
    default:
      return undefined;
  }
}
