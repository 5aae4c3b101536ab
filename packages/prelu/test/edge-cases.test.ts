import { describe, expect, it } from 'vitest';
import { tensor, type FloatArray } from '@rectify/core';
import { bitEqual } from '@rectify/testing';
import { Prelu } from '../src/index.js';

const MAX32 = 3.4028234663852886e38;
const SUB32 = 1.401298464324817e-45; // 2^-149
const SUB64 = 5e-324; // 2^-1074

/** A PReLU whose slopes are set to the given values. */
function withWeights(weights: readonly number[], axis = 1): Prelu {
  const act = new Prelu({ numParameters: weights.length, axis });
  act.weight.data.set(weights);
  return act;
}

describe.each([
  ['float32', Float32Array, MAX32, SUB32],
  ['float64', Float64Array, Number.MAX_VALUE, SUB64],
] as const)('prelu edge cases in %s', (_, Array, max, sub) => {
  const of = (values: readonly number[]): FloatArray => Array.from(values);

  /**
   * x, and what torch.nn.functional.prelu with weight 0.25 gives: y, and dx
   * for dy = 1. The slope 0.25 is exact in both dtypes, so each product is too,
   * except where it falls below the smallest subnormal.
   */
  const table: [number, number, number][] = [
    [1, 1, 1],
    [-4, -1, 0.25],
    [0, 0, 0.25],
    [-0, -0, 0.25],
    [sub, sub, 1],
    [-sub, -0, 0.25], // -sub/4 underflows to -0 in its own dtype
    [-4 * sub, -sub, 0.25],
    [Infinity, Infinity, 1],
    [-Infinity, -Infinity, 0.25],
    [Number.NaN, Number.NaN, 0.25],
    [max, max, 1],
    [-max, -max / 4, 0.25],
  ];
  const x = tensor(of(table.map((row) => row[0])));

  it('should give torch values bit for bit at ±0, subnormals, ±Infinity, NaN and the largest finite value', () => {
    const { y } = withWeights([0.25]).forward(x);
    expect(y.data).toBeInstanceOf(Array);
    expect(bitEqual(y.data, table.map((row) => row[1]))).toBe(true);
  });

  it('should give dx = dy above 0 and w·dy at 0, below 0 and at NaN', () => {
    const dx = withWeights([0.25]).forward(x).backward(tensor(of(table.map(() => 1))));
    expect(bitEqual(dx.data, table.map((row) => row[2]))).toBe(true);
  });

  it('should flip the sign of zero and of negative inputs when the slope is negative', () => {
    const { y, backward } = withWeights([-1]).forward(tensor(of([-0, 0, -3, 2])));
    expect(bitEqual(y.data, [0, -0, 3, 2])).toBe(true);
    expect(bitEqual(backward(tensor(of([1, 1, 1, 1]))).data, [-1, -1, -1, 1])).toBe(true);
  });

  it('should overflow to -Infinity when a slope above 1 meets the largest finite value', () => {
    const { y } = withWeights([2]).forward(tensor(of([-max, max])));
    expect(bitEqual(y.data, [-Infinity, max])).toBe(true);
  });

  it('should give NaN for a NaN slope only where x is not > 0', () => {
    const act = withWeights([Number.NaN]);
    const { y, backward } = act.forward(tensor(of([2, -1, 0])));
    expect(bitEqual(y.data, [2, Number.NaN, Number.NaN])).toBe(true);
    expect(bitEqual(backward(tensor(of([1, 1, 1]))).data, [1, Number.NaN, Number.NaN])).toBe(true);
  });

  it('should pass dy through where x > 0, even NaN and -0, and scale it elsewhere', () => {
    const { backward } = withWeights([0.5]).forward(tensor(of([3, 3, -1, -1])));
    const dx = backward(tensor(of([Number.NaN, -0, Number.NaN, -0])));
    expect(bitEqual(dx.data, [Number.NaN, -0, Number.NaN, -0])).toBe(true);
  });

  it('should add x·dy to the slope gradient at 0 (a zero) and NaN for -Infinity·0 or a NaN input', () => {
    const zeros = withWeights([0.25]);
    zeros.forward(tensor(of([0, -0, 3]))).backward(tensor(of([5, 5, 5])));
    expect(bitEqual(zeros.weight.grad.data, [0])).toBe(true);

    const infinite = withWeights([0.25]);
    infinite.forward(tensor(of([Infinity, -Infinity]))).backward(tensor(of([0, 0])));
    expect(bitEqual(infinite.weight.grad.data, [Number.NaN])).toBe(true);

    const positiveInfinity = withWeights([0.25]);
    positiveInfinity.forward(tensor(of([Infinity, -2]))).backward(tensor(of([0, 3])));
    expect(bitEqual(positiveInfinity.weight.grad.data, [-6])).toBe(true);

    const nan = withWeights([0.25]);
    nan.forward(tensor(of([Number.NaN, -1]))).backward(tensor(of([1, 1])));
    expect(bitEqual(nan.weight.grad.data, [Number.NaN])).toBe(true);
  });

  it('should apply each channel its own slope at the edge values, channels first and last', () => {
    // Two channels with slopes 0.25 and -2: channel 0 holds -4·sub and -0, channel 1 holds -0 and -max/4.
    const first = withWeights([0.25, -2]).forward(tensor(of([-4 * sub, -0, -0, -max / 4]), [1, 2, 2]));
    expect(bitEqual(first.y.data, [-sub, -0, 0, max / 2])).toBe(true);
    const last = withWeights([0.25, -2], -1).forward(tensor(of([-4 * sub, -0, -0, -max / 4]), [2, 2]));
    expect(bitEqual(last.y.data, [-sub, 0, -0, max / 2])).toBe(true);
  });
});

describe('prelu slope rounding', () => {
  it('should round a float32 slope to float32 before multiplying, as a float32 torch parameter', () => {
    // fround(0.1) = 0.10000000149011612; -9 times it, rounded once, is -0.9000000357627869,
    // while rounding the float64 product -9·0.1 would give -0.8999999761581421.
    const fromFloat32Slope = Math.fround(-9 * Math.fround(0.1));
    expect(fromFloat32Slope).not.toBe(Math.fround(-9 * 0.1));

    for (const axis of [1, -1]) {
      const act = withWeights([0.1, 0.1], axis);
      const { y, backward } = act.forward(tensor(Float32Array.from([-9, -9, -9, -9]), [2, 2]));
      expect(bitEqual(y.data, [fromFloat32Slope, fromFloat32Slope, fromFloat32Slope, fromFloat32Slope])).toBe(true);
      const dx = backward(tensor(Float32Array.from([1, 1, 1, 1]), [2, 2]));
      expect(bitEqual(dx.data, [Math.fround(0.1), Math.fround(0.1), Math.fround(0.1), Math.fround(0.1)])).toBe(true);
    }
  });

  it('should use the float64 slope unrounded for float64 inputs', () => {
    const act = withWeights([0.1]);
    const { y, backward } = act.forward(tensor(Float64Array.from([-9])));
    expect(bitEqual(y.data, [-9 * 0.1])).toBe(true);
    expect(bitEqual(backward(tensor(Float64Array.from([1]))).data, [0.1])).toBe(true);
  });

  it('should keep the stored weight in float64 after a float32 call', () => {
    const act = withWeights([0.1]);
    act.forward(tensor(Float32Array.from([-1]))).backward(tensor(Float32Array.from([1])));
    expect(act.weight.data[0]).toBe(0.1);
  });
});
