/**
 * Two-dimensional toy data for the training view, drawn from a seeded
 * generator so that a seed always gives the same points.
 *
 * @packageDocumentation
 */
import { createRng, uniform01, type RandomSource } from '@rectify/core';
import type { Dataset } from '../state.js';

/** Points in the plane with a class each. */
export interface Points {
  /** x₁, x₂ of each point, row after row. */
  readonly inputs: Float64Array;
  /** The class of each point, 0 or 1. */
  readonly labels: Uint8Array;
  /** How many points. */
  readonly count: number;
  /** How many classes. */
  readonly classes: number;
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: RandomSource): number {
  const u = 1 - uniform01(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform01(rng));
}

type Sampler = (rng: RandomSource, label: number, t: number) => [number, number];

const samplers: Readonly<Record<Dataset, Sampler>> = {
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
 * Draws a data set: `count` points, half of each class.
 *
 * @param dataset - Which shape.
 * @param count - How many points, even.
 * @param seed - The generator's seed.
 */
export function makePoints(dataset: Dataset, count: number, seed: number): Points {
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
  return { inputs, labels, count, classes: 2 };
}
