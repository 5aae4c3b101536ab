import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * A seeded source of random 32-bit integers, as `pure-rand` defines it.
 *
 * @remarks
 * Any `pure-rand` generator fits (`xoroshiro128plus`, `mersenne`, ...). The
 * integer stream depends only on the seed, so draws built on it are
 * bit-identical on every platform. `Math.random` is never used.
 * @public
 */
export type RandomSource = RandomGenerator;

/**
 * Creates the default seeded generator: xoroshiro128+ from `pure-rand`.
 *
 * @param seed - Any 32-bit integer; other numbers are truncated to one.
 * @returns A generator; each call to `next()` advances it.
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * rrelu.forward(x, { training: true, rng });
 * ```
 * @public
 */
export function createRng(seed: number): RandomSource {
  return xoroshiro128plus(seed | 0);
}

/**
 * Draws a float64 uniformly from [0, 1), a multiple of 2^−53, advancing `rng`.
 *
 * @param rng - The generator to draw from.
 * @public
 */
export function uniform01(rng: RandomSource): number {
  return uniformFloat64(rng);
}

/**
 * Whether a value looks like a {@link RandomSource}: an object with `next`.
 *
 * @param value - The candidate.
 * @public
 */
export function isRandomSource(value: unknown): value is RandomSource {
  return typeof value === 'object' && value !== null && typeof (value as { next?: unknown }).next === 'function';
}
