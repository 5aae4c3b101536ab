import { describe, expect, it } from 'vitest';
import { createRng, tensor, type DType } from '@rectify/core';
import { bitEqual, toArray } from '@rectify/testing';
import { rrelu } from '../src/index.js';
import { DTYPES, maxOf, minSubnormalOf, rounder, trainOnce } from './helpers.js';

describe.each(DTYPES)('rrelu edge cases in %s', (dtype: DType) => {
  const round = rounder(dtype);
  const max = maxOf(dtype);
  const sub = minSubnormalOf(dtype);
  const x = toArray(dtype, [1, -1, 0, -0, sub, -sub, Infinity, -Infinity, Number.NaN, max, -max]);

  describe('eval mode, default bounds', () => {
    const s = round(11 / 48);
    // x, y, dx for dy = 1, as torch.nn.functional.rrelu(training=False) and its backward give them.
    const table: [number, number, number][] = [
      [1, 1, 1],
      [-1, -s, s],
      [0, 0, s], // 0 is not > 0: 0·s = +0, and the gradient at 0 is s
      [-0, -0, s],
      [sub, sub, 1],
      [-sub, -0, s], // −sub·s underflows to −0
      [Infinity, Infinity, 1],
      [-Infinity, -Infinity, s],
      [Number.NaN, Number.NaN, s], // leaky_relu_backward: NaN is not > 0, so dy·s
      [max, max, 1],
      [-max, round(-max * s), s],
    ];

    it('should give leaky ReLU values for ±0, subnormals, ±Infinity, NaN and the largest finite value', () => {
      const { y } = rrelu.create().forward(tensor(x));
      expect(bitEqual(y.data, table.map((row) => row[1]))).toBe(true);
      expect(y.data).toBeInstanceOf(x.constructor);
    });

    it('should give dy·s at and below 0 and at NaN, dy above 0', () => {
      const ones = toArray(dtype, new Array<number>(x.length).fill(1));
      const dx = rrelu.create().forward(tensor(x)).backward(tensor(ones));
      expect(bitEqual(dx.data, table.map((row) => row[2]))).toBe(true);
    });
  });

  describe('training mode, default bounds', () => {
    const lower = round(1 / 8);
    const upper = round(1 / 3);
    // Elements > 0 and NaN pass through with factor 1; the others draw a slope r.
    const drawn = [false, true, true, true, false, true, false, true, false, false, true];

    it('should pass x > 0 and NaN through with dx = dy, and scale the rest by a slope in [lower, upper]', () => {
      const { y, slopes } = trainOnce(rrelu.create(), x, createRng(2024));
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number;
        const r = slopes[i] as number;
        if (drawn[i]) {
          expect(r >= lower && r <= upper, `slope at ${v}`).toBe(true);
          expect(Object.is(y[i], round(v * r)), `y at ${v}`).toBe(true);
        } else {
          expect(Object.is(r, 1), `dx at ${v}`).toBe(true);
          expect(Object.is(y[i], v), `y at ${v}`).toBe(true);
        }
      }
    });

    it('should give +0 for +0, −0 for −0 and for −subnormal, −Infinity for −Infinity', () => {
      const { y } = trainOnce(rrelu.create(), x, createRng(7));
      expect(Object.is(y[2], 0)).toBe(true);
      expect(Object.is(y[3], -0)).toBe(true);
      expect(Object.is(y[5], -0)).toBe(true);
      expect(y[7]).toBe(-Infinity);
      expect(Number.isNaN(y[8])).toBe(true);
    });

    it('should pass a NaN dy through where no slope was drawn, and keep it NaN where one was', () => {
      const { backward } = rrelu.create().forward(tensor(toArray(dtype, [2, Number.NaN, -1])), { training: true, rng: createRng(1) });
      const dx = backward(tensor(toArray(dtype, [Number.NaN, -0, Number.NaN]))).data;
      expect(Number.isNaN(dx[0])).toBe(true);
      expect(Object.is(dx[1], -0)).toBe(true);
      expect(Number.isNaN(dx[2])).toBe(true);
    });
  });

  describe.each([false, true])('with training: %s', (training) => {
    const run = (config: object, values: number[]) =>
      rrelu.create(config).forward(tensor(toArray(dtype, values)), { training, rng: createRng(3) }).y.data;

    it('should flip the sign of zeros and infinities when the slopes are negative', () => {
      const y = run({ lower: -0.5, upper: -0.1 }, [0, -0, -Infinity]);
      expect(bitEqual(y, [-0, 0, Infinity])).toBe(true);
    });

    it('should overflow the largest finite negative input to −Infinity when the slopes exceed 1', () => {
      expect(bitEqual(run({ lower: 2, upper: 3 }, [-max, max]), [-Infinity, max])).toBe(true);
    });

    it('should give NaN for −Infinity when the slope is 0, as −∞·0 is NaN', () => {
      expect(bitEqual(run({ lower: 0, upper: 0 }, [-Infinity, -1, 1]), [Number.NaN, -0, 1])).toBe(true);
    });
  });

  it('should draw a +0 slope in training but use −0 in eval when lower = upper = −0, as PyTorch does', () => {
    // Training: r = u·(−0 − −0) + −0 = +0. Eval: (−0 + −0)/2 = −0.
    const activation = rrelu.create({ lower: -0, upper: -0 });
    const x = tensor(toArray(dtype, [-1, 0]));
    expect(bitEqual(activation.forward(x).y.data, [0, -0])).toBe(true);
    expect(bitEqual(activation.forward(x, { training: true, rng: createRng(0) }).y.data, [-0, 0])).toBe(true);
  });

  it('should honour an out buffer in training mode and return it', () => {
    const out = toArray(dtype, [9, 9, 9]);
    const input = tensor(toArray(dtype, [-1, 2, -3]));
    const { y } = rrelu.create().forward(input, { training: true, rng: createRng(4), out });
    expect(y.data).toBe(out);
    expect(bitEqual(out, rrelu.create().forward(input, { training: true, rng: createRng(4) }).y.data)).toBe(true);
  });
});
