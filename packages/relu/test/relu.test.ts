import { describe, expect, it } from 'vitest';
import { createRegistry, tensor, RectifyError } from '@rectify/core';
import { bitEqual } from '@rectify/testing';
import { describeConformance } from '@rectify/testing/vitest';
import { relu } from '../src/index.js';

describeConformance(relu);

const MAX32 = 3.4028234663852886e38;
const SUB64 = 5e-324;
const SUB32 = 1.401298464324817e-45;

/** Inputs and what torch.relu and its backward (dy = 1) give for them. */
const cases: [number, number, number][] = [
  // x, y, dx
  [1, 1, 1],
  [-10, 0, 0],
  [0, 0, 0],
  [-0, -0, 0],
  [15, 15, 1],
  [-20, 0, 0],
  [SUB32, SUB32, 1],
  [-SUB32, 0, 0],
  [1e30, 1e30, 1],
  [-1e30, 0, 0],
  [Infinity, Infinity, 1],
  [-Infinity, 0, 0],
  [Number.NaN, Number.NaN, 1],
];

describe.each([
  ['float32', Float32Array, MAX32],
  ['float64', Float64Array, Number.MAX_VALUE],
] as const)('relu edge cases in %s', (_, Array, max) => {
  const table: [number, number, number][] = [...cases, [max, max, 1], [-max, 0, 0]];
  if (Array === Float64Array) table.push([SUB64, SUB64, 1], [-SUB64, 0, 0]);
  const x = tensor(Array.from(table.map((c) => c[0])));

  it('should give torch.relu values bit for bit, -0 and NaN included', () => {
    const { y } = relu.create().forward(x);
    expect(bitEqual(y.data, Array.from(table.map((c) => c[1])))).toBe(true);
    expect(y.data).toBeInstanceOf(Array);
  });

  it('should give a gradient of 0 at ±0 and below, dy above 0 and at NaN', () => {
    const dy = tensor(Array.from(table.map(() => 1)));
    const dx = relu.create().forward(x).backward(dy);
    expect(bitEqual(dx.data, Array.from(table.map((c) => c[2])))).toBe(true);
  });

  it('should pass dy through unchanged where x > 0, even a NaN or -0 dy', () => {
    const xs = tensor(Array.from([2, 3, -1]));
    const dx = relu.create().forward(xs).backward(tensor(Array.from([Number.NaN, -0, Number.NaN])));
    expect(bitEqual(dx.data, [Number.NaN, -0, 0])).toBe(true);
  });
});

describe('relu plugin', () => {
  it('should reproduce the tutorial table', () => {
    const { y } = createRegistry().use(relu).create('ReLU').forward(tensor([1, -10, 0, 15, -20]));
    expect(Array.from(y.data)).toEqual([1, 0, 0, 15, 0]);
  });

  it('should have gain √2 and no parameters', () => {
    const act = relu.create();
    expect(act.gain()).toBe(Math.SQRT2);
    expect(act.parameters).toEqual([]);
  });

  it('should reject any config key', () => {
    expect(() => relu.create({ slope: 1 } as never)).toThrow(RectifyError);
    expect(() => relu.create({ slope: 1 } as never)).toThrow(/unknown config key "slope"/);
  });

  it('should reject dy of the wrong shape or dtype, naming it', () => {
    const { backward } = relu.create().forward(tensor(new Float32Array(6), [2, 3]));
    expect(() => backward(tensor(new Float32Array(6), [3, 2]))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'dy.shape' }));
    expect(() => backward(tensor(new Float64Array(6), [2, 3]))).toThrow(expect.objectContaining({ code: 'DTYPE_MISMATCH' }));
  });
});
