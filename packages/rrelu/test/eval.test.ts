import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, type DType } from '@rectify/core';
import { bitEqual, toArray } from '@rectify/testing';
import { rrelu, Rrelu } from '../src/index.js';
import { boundsArbitrary, DTYPES, inputArbitrary, rounder } from './helpers.js';

describe.each(DTYPES)('rrelu eval mode in %s', (dtype: DType) => {
  const round = rounder(dtype);

  it('should be leaky ReLU with slope (lower + upper)/2, rounded to the dtype, bit for bit', () => {
    fc.assert(
      fc.property(boundsArbitrary, inputArbitrary(dtype), (bounds, x) => {
        const s = round((bounds.lower + bounds.upper) / 2);
        const dy = toArray(dtype, Array.from(x, (_, i) => [1, -2.5, Number.NaN, -0, 0.3][i % 5] as number));
        const { y, backward } = rrelu.create(bounds).forward(tensor(x));
        const dx = backward(tensor(dy)).data;
        expect(bitEqual(y.data, Array.from(x, (v) => (v > 0 ? v : round(v * s))))).toBe(true);
        expect(bitEqual(dx, Array.from(x, (v, i) => (v > 0 ? (dy[i] as number) : round((dy[i] as number) * s))))).toBe(true);
      }),
    );
  });
});

describe('rrelu eval slope', () => {
  it('should be 11/48 by default, the mean of 1/8 and 1/3 in float64', () => {
    expect(new Rrelu().evalSlope).toBe(11 / 48);
    expect(new Rrelu({ lower: -1, upper: 0.5 }).evalSlope).toBe(-0.25);
  });

  it('should round the float64 mean to float32 once, not the product', () => {
    // fround(x·fround(s)) and fround(x·s) differ here; PyTorch gives the first.
    const x = Math.fround(-3 / 7);
    const s = 11 / 48;
    expect(Math.fround(x * s)).not.toBe(Math.fround(x * Math.fround(s)));
    const { y } = rrelu.create().forward(tensor(new Float32Array([x])));
    expect(y.data[0]).toBe(Math.fround(x * Math.fround(s)));
  });
});
