/**
 * The data of the training view: labelled examples as the network reads
 * them, two-dimensional toy data drawn from a seeded generator so that a
 * seed always gives the same points, and the digits of the digits asset.
 *
 * @packageDocumentation
 */
import { createRng, uniform01, type RandomSource } from '@rectify/core';
import { DIGIT_CLASSES, DIGIT_PIXELS, type DigitSet } from '../digits/format.js';
import type { ToyDataset } from '../state.js';

/** Labelled examples: points in the plane, or digits. */
export interface Examples {
  /** The {@link Examples.features} inputs of each example, row after row. */
  readonly inputs: Float64Array;
  /** The class of each example, from 0 to {@link Examples.classes} − 1. */
  readonly labels: Uint8Array;
  /** How many examples. */
  readonly count: number;
  /** Inputs per example. */
  readonly features: number;
  /** How many classes. */
  readonly classes: number;
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: RandomSource): number {
  const u = 1 - uniform01(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform01(rng));
}

type Sampler = (rng: RandomSource, label: number, t: number) => [number, number];

const samplers: Readonly<Record<ToyDataset, Sampler>> = {
  // Two interleaved arms: radius grows with t, the second arm turned by π.
  spirals: (rng, label, t) => {
    const radius = 0.1 + 0.9 * t;
    const angle = 3 * Math.PI * t + label * Math.PI;
    return [radius * Math.cos(angle) + 0.04 * normal(rng), radius * Math.sin(angle) + 0.04 * normal(rng)];
  },
  // A disc of one class inside a ring of the other.
  circles: (rng, label) => {
    const radius = label === 0 ? 0.45 * Math.sqrt(uniform01(rng)) : 0.7 + 0.3 * uniform01(rng);
    const angle = 2 * Math.PI * uniform01(rng);
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  },
  // Quadrants: the class is whether the signs of the coordinates differ.
  xor: (rng, label) => {
    const a = 0.1 + 0.9 * uniform01(rng);
    const b = 0.1 + 0.9 * uniform01(rng);
    const sa = uniform01(rng) < 0.5 ? -1 : 1;
    return label === 0 ? [sa * a, sa * b] : [sa * a, -sa * b];
  },
};

/**
 * Draws a toy data set: `count` points, half of each class.
 *
 * @param dataset - Which shape.
 * @param count - How many points, even.
 * @param seed - The generator's seed.
 */
export function makePoints(dataset: ToyDataset, count: number, seed: number): Examples {
  const rng = createRng(seed);
  const inputs = new Float64Array(2 * count);
  const labels = new Uint8Array(count);
  const sample = samplers[dataset];
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const [a, b] = sample(rng, label, Math.floor(i / 2) / (count / 2));
    inputs[2 * i] = a;
    inputs[2 * i + 1] = b;
    labels[i] = label;
  }
  return { inputs, labels, count, features: 2, classes: 2 };
}

/**
 * Digits as examples: each pixel scaled from 0–255 to [0, 1].
 *
 * @param digits - A set of the digits asset.
 */
export function digitExamples(digits: DigitSet): Examples {
  const inputs = new Float64Array(digits.pixels.length);
  for (let i = 0; i < inputs.length; i++) inputs[i] = (digits.pixels[i] as number) / 255;
  return { inputs, labels: Uint8Array.from(digits.labels), count: digits.count, features: DIGIT_PIXELS, classes: DIGIT_CLASSES };
}
