import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
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
 * The generator {@link createRng} makes: `pure-rand`'s xoroshiro128+, with a
 * state that can be read and set.
 *
 * @remarks
 * `next`, `clone` and `getState` are those of `pure-rand`'s generator, which
 * this class holds and forwards to, so the stream is exactly `pure-rand`'s.
 * `setState` lets a kernel that runs the same algorithm elsewhere (RReLU's
 * WebAssembly kernel draws its slopes in bulk) hand the generator back where
 * it stopped; the kernel's tests compare its stream with this one.
 * @public
 */
export class SeededRandom implements RandomGenerator {
  #inner: RandomGenerator;

  /**
   * @param state - A xoroshiro128+ state, as {@link SeededRandom.getState}
   * returns it: four 32-bit integers.
   */
  constructor(state: readonly number[]) {
    this.#inner = xoroshiro128plusFromState(state);
  }

  /** Returns the next 32-bit integer, from −2^31 to 2^31 − 1, and advances the generator. */
  next(): number {
    return this.#inner.next();
  }

  /** An independent copy, at the same point of the stream. */
  clone(): SeededRandom {
    return new SeededRandom(this.#inner.getState());
  }

  /** The state: four 32-bit integers, in `pure-rand`'s order for xoroshiro128+. */
  getState(): readonly number[] {
    return this.#inner.getState();
  }

  /**
   * Continues the stream from a state {@link SeededRandom.getState} returned,
   * here or by another generator running the same algorithm.
   * @param state - Four 32-bit integers.
   */
  setState(state: readonly number[]): void {
    this.#inner = xoroshiro128plusFromState(state);
  }
}

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
export function createRng(seed: number): SeededRandom {
  return new SeededRandom(xoroshiro128plus(seed | 0).getState());
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
