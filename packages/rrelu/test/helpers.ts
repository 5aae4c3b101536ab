import fc from 'fast-check';
import { createRng, tensor, uniform01, type Activation, type DType, type FloatArray, type RandomSource } from '@rectify/core';
import { toArray } from '@rectify/testing';
import type { RreluConfig } from '../src/index.js';

/** Rounds a number to a dtype: `Math.fround` for float32, unchanged for float64. */
export function rounder(dtype: DType): (value: number) => number {
  return dtype === 'float32' ? Math.fround : (value: number) => value;
}

/** The largest finite value of a dtype. */
export function maxOf(dtype: DType): number {
  return dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
}

/** The smallest positive (subnormal) value of a dtype. */
export function minSubnormalOf(dtype: DType): number {
  return dtype === 'float32' ? 1.401298464324817e-45 : Number.MIN_VALUE;
}

/**
 * One training-mode call: y, and dx for dy = 1 everywhere, which is each
 * element's factor (the drawn slope where x ≤ 0, else 1).
 */
export function trainOnce(activation: Activation, x: FloatArray, rng?: RandomSource): { y: FloatArray; slopes: FloatArray } {
  const { y, backward } = activation.forward(tensor(x), rng === undefined ? { training: true } : { training: true, rng });
  const ones = x instanceof Float32Array ? new Float32Array(x.length).fill(1) : new Float64Array(x.length).fill(1);
  return { y: y.data, slopes: backward(tensor(ones)).data };
}

/**
 * What PyTorch's CPU `rrelu_with_noise` computes in training mode, written
 * out element by element from its definition, given the same uniform draws:
 * the bounds rounded to the dtype, r = lower + (upper − lower)·u rounded to the
 * dtype, y = x·r rounded to the dtype, one draw per element with x ≤ 0 in
 * index order.
 */
export function referenceTraining(xs: ArrayLike<number>, config: { lower: number; upper: number }, dtype: DType, seed: number): { y: number[]; slopes: number[] } {
  const round = rounder(dtype);
  const rng = createRng(seed);
  const lower = round(config.lower);
  const upper = round(config.upper);
  const y: number[] = [];
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (x <= 0) {
      const r = round(lower + (upper - lower) * uniform01(rng));
      slopes.push(r);
      y.push(round(x * r));
    } else {
      slopes.push(1);
      y.push(x);
    }
  }
  return { y, slopes };
}

/** Bounds lower ≤ upper, each in [−4, 4], −0 included. */
export const boundsArbitrary: fc.Arbitrary<Pick<RreluConfig, 'lower' | 'upper'>> = fc
  .tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }))
  .map(([a, b]) => (a <= b ? { lower: a, upper: b } : { lower: b, upper: a }));

/** 32-bit signed seeds, as the config accepts them. */
export const seedArbitrary: fc.Arbitrary<number> = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/** Inputs of a dtype: ordinary values, ±0, subnormals, huge values, ±Infinity and NaN. */
export function inputArbitrary(dtype: DType): fc.Arbitrary<FloatArray> {
  const special = fc.constantFrom(0, -0, Infinity, -Infinity, Number.NaN, maxOf(dtype), -maxOf(dtype), minSubnormalOf(dtype), -minSubnormalOf(dtype));
  const value = fc.oneof({ weight: 4, arbitrary: fc.double({ min: -8, max: 8, noNaN: true }) }, { weight: 1, arbitrary: special }).map(rounder(dtype));
  return fc.array(value, { minLength: 1, maxLength: 64 }).map((values) => toArray(dtype, values));
}

export const DTYPES: readonly DType[] = ['float32', 'float64'];
