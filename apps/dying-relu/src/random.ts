/**
 * Seeded randomness for the study: independent streams from one seed, a
 * Fisher–Yates permutation and Gaussian draws, all on core's pure-rand
 * generator so that a seed gives the same numbers on every run.
 */
import { createRng, uniform01, type FloatArray, type RandomSource } from '@rectify/core';

/**
 * The purposes the study draws random numbers for, each with its own stream,
 * so that changing how many numbers one purpose draws never shifts another.
 * @public
 */
export const Stream = {
  /** The train/test split. */
  split: 1,
  /** Weight initialisation. */
  init: 2,
  /** The order of training examples in each epoch. */
  order: 3,
  /** RReLU's slopes in training mode. */
  slopes: 4,
} as const;

/**
 * Derives the 32-bit seed of one stream from the study's seed, by a
 * MurmurHash3-style finaliser over seed and stream number.
 *
 * @param seed - The study's seed.
 * @param stream - A value of {@link Stream}.
 * @returns A 32-bit signed integer.
 * @public
 */
export function streamSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream, 0x9e3779b1)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * A fresh generator for one stream of the study's seed.
 *
 * @param seed - The study's seed.
 * @param stream - A value of {@link Stream}.
 * @public
 */
export function streamRng(seed: number, stream: number): RandomSource {
  return createRng(streamSeed(seed, stream));
}

/**
 * Shuffles an index array in place by Fisher–Yates: for i from the end down
 * to 1, swap element i with a uniformly drawn j in [0, i].
 *
 * @param indices - The array to shuffle.
 * @param rng - The generator; it is advanced by `indices.length − 1` draws.
 * @public
 */
export function shuffleInPlace(indices: Uint32Array, rng: RandomSource): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(uniform01(rng) * (i + 1));
    const held = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = held;
  }
}

/**
 * A uniformly random permutation of 0 … n − 1.
 *
 * @param n - The length.
 * @param rng - The generator.
 * @public
 */
export function permutation(n: number, rng: RandomSource): Uint32Array {
  const indices = new Uint32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  shuffleInPlace(indices, rng);
  return indices;
}

/**
 * Fills an array with draws from N(0, std²) by the Box–Muller transform:
 * with u₁ ∈ (0, 1] and u₂ ∈ [0, 1) uniform, r = √(−2 ln u₁) gives the pair
 * r·cos 2πu₂ and r·sin 2πu₂, both used.
 *
 * @param out - The array to fill.
 * @param std - The standard deviation.
 * @param rng - The generator.
 * @public
 */
export function fillNormal(out: FloatArray, std: number, rng: RandomSource): void {
  for (let i = 0; i < out.length; i += 2) {
    const u1 = 1 - uniform01(rng);
    const u2 = uniform01(rng);
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    const angle = 2 * Math.PI * u2;
    out[i] = r * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(angle);
  }
}
