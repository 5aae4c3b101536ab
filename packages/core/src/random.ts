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
 * {@link SeededRandom.setState} and {@link SeededRandom.copyState} let a
 * kernel that runs the same algorithm elsewhere (RReLU's WebAssembly kernel
 * draws its slopes in bulk) take the state and hand the generator back where
 * it stopped; the kernel's tests compare its stream with this one. A state
 * that is set is kept as four integers until the next draw in JavaScript
 * needs a `pure-rand` generator again, so a loop of such kernel calls
 * allocates nothing.
 * @public
 */
export class SeededRandom implements RandomGenerator {
  /** The `pure-rand` generator, or `undefined` while the state is only in {@link SeededRandom.#state}. */
  #inner: RandomGenerator | undefined = undefined;
  /** The state last set, valid while `#inner` is `undefined`. */
  readonly #state = new Int32Array(4);

  /**
   * @param state - A xoroshiro128+ state, as {@link SeededRandom.getState}
   * returns it: four 32-bit integers.
   */
  constructor(state: ArrayLike<number>) {
    this.setState(state);
  }

  /** Returns the next 32-bit integer, from −2^31 to 2^31 − 1, and advances the generator. */
  next(): number {
    return (this.#inner ?? this.#resume()).next();
  }

  /** An independent copy, at the same point of the stream. */
  clone(): SeededRandom {
    return new SeededRandom(this.getState());
  }

  /** The state: four 32-bit integers, in `pure-rand`'s order for xoroshiro128+. */
  getState(): readonly number[] {
    return this.#inner === undefined ? Array.from(this.#state) : this.#inner.getState();
  }

  /**
   * Copies the state, as {@link SeededRandom.getState} gives it, into
   * `target` from `offset` on: without allocating, after a `setState`.
   * @param target - Where to write four 32-bit integers.
   * @param offset - The index of the first. Defaults to 0.
   */
  copyState(target: Int32Array, offset = 0): void {
    if (this.#inner === undefined) target.set(this.#state, offset);
    else target.set(this.#inner.getState(), offset);
  }

  /**
   * Continues the stream from a state {@link SeededRandom.getState} returned,
   * here or by another generator running the same algorithm.
   * @param state - Four 32-bit integers (more are ignored).
   * @param offset - The index of the first in `state`. Defaults to 0.
   */
  setState(state: ArrayLike<number>, offset = 0): void {
    const own = this.#state;
    for (let i = 0; i < 4; i++) own[i] = state[offset + i] as number;
    this.#inner = undefined;
  }

  /** Makes the `pure-rand` generator again from the state last set. */
  #resume(): RandomGenerator {
    const inner = xoroshiro128plusFromState(Array.from(this.#state));
    this.#inner = inner;
    return inner;
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
