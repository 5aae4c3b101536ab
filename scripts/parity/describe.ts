/**
 * Words for where an engine disagrees with Rectify: the kind of input at an
 * element, and what differs between the two values.
 */
import type { ParityCase } from './cases.js';

const SMALLEST_NORMAL = 2 ** -126;
const LARGE = 3e38;

/** The kind of one float32 value, by the edges the cases draw. */
function kindOf(v: number, kinks: readonly number[]): string {
  if (Number.isNaN(v)) return 'NaN';
  if (Object.is(v, -0)) return '−0';
  if (v === 0) return '+0';
  if (v === Infinity) return '+∞';
  if (v === -Infinity) return '−∞';
  if (Math.abs(v) >= LARGE) return '±largest float32';
  if (Math.abs(v) < SMALLEST_NORMAL) return 'subnormal';
  if (kinks.some((k) => Math.fround(k) === v)) return 'at a kink';
  if (kinks.some((k) => Math.abs(v - k) <= 2 ** -19 * Math.max(1, Math.abs(k)))) return 'beside a kink';
  if (Math.abs(v) <= 1e-6) return 'tiny';
  if (Math.abs(v) >= 5) return '|x| ≥ 5';
  return 'ordinary';
}

/** The kind of a dy value, named only when it is an edge (NaN, ±∞, ±0). */
function dyKindOf(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (Object.is(v, -0)) return '−0';
  if (v === 0) return '+0';
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : '−∞';
  return undefined;
}

/**
 * The input behind an element of an output: for an elementwise activation
 * the kind of its x (and of dy for dx where dy is an edge); for the others
 * the kind of input the case draws.
 *
 * @param c - The case.
 * @param output - `y`, `dx` or a parameter gradient.
 * @param index - The element's index in that output.
 * @param dy - The output gradient.
 * @returns A short phrase, such as `x −0` or `x |x| ≥ 5, dy +∞`.
 */
export function describeInput(c: ParityCase, output: string, index: number, dy: readonly number[]): string {
  if (output !== 'y' && output !== 'dx') return 'sum over x·dy';
  if (!c.plugin.traits.elementwise) {
    if (c.plugin.name === 'maxout') return 'groups of ties among ±0, ±1, 2, NaN, ±∞';
    return 'slices holding NaN, ±∞, ±1e30, −0 and large values';
  }
  const kinks = c.plugin.traits.kinks(c.plugin.create(c.config));
  const x = `x ${kindOf(Math.fround(c.x[index] as number), kinks)}`;
  const d = output === 'dx' ? dyKindOf(dy[index] as number) : undefined;
  return d === undefined ? x : `${x}, dy ${d}`;
}

/**
 * What differs between an engine's value and Rectify's.
 *
 * @param got - The engine's value.
 * @param want - Rectify's.
 * @returns A short phrase, such as `+0 for −0`.
 */
export function describeDifference(got: number, want: number): string {
  if (Number.isNaN(want) !== Number.isNaN(got)) return Number.isNaN(got) ? 'NaN for a number' : 'a number for NaN';
  if (got === 0 && want === 0) return Object.is(got, -0) ? '−0 for +0' : '+0 for −0';
  if (!Number.isFinite(want) && !Number.isFinite(got)) return 'the opposite infinity';
  if (!Number.isFinite(want) || !Number.isFinite(got)) return Number.isFinite(got) ? 'finite for ±∞' : '±∞ for finite';
  return 'off by more than the tolerance';
}
