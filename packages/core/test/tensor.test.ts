import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RectifyError, assertTensor, sizeOf, tensor } from '../src/index.js';

describe('tensor', () => {
  it('should accept data whose length is the product of the shape', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }), (shape) => {
        const size = shape.reduce((a, b) => a * b, 1);
        const t = tensor(new Float32Array(size), shape);
        expect(t.shape).toEqual(shape);
        expect(Object.isFrozen(t.shape)).toBe(true);
      }),
    );
  });

  it('should reject data whose length differs from the product of the shape', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), (shape, extra) => {
        const size = shape.reduce((a, b) => a * b, 1);
        expect(() => tensor(new Float64Array(size + extra), shape)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'shape' }));
      }),
    );
  });

  it('should reject negative, fractional and non-finite dimensions, naming the axis', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity]) {
      expect(() => tensor(new Float32Array(0), [2, bad])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'shape[1]', value: bad }));
    }
  });

  it('should reject a shape describing more elements than a typed array can hold', () => {
    expect(() => sizeOf([65536, 65536])).toThrow(RectifyError);
    expect(() => sizeOf(new Array<number>(22).fill(2 ** 53 - 1))).toThrow(RectifyError);
    expect(sizeOf([...new Array<number>(22).fill(2 ** 53 - 1), 0])).toBe(0);
  });

  it('should default to a vector and copy plain arrays into float64', () => {
    const t = tensor([1, -2, 3]);
    expect(t.shape).toEqual([3]);
    expect(t.data).toBeInstanceOf(Float64Array);
  });

  it('should use typed arrays as they are, without copying', () => {
    const data = new Float32Array(4);
    expect(tensor(data, [2, 2]).data).toBe(data);
  });

  it('should reject other typed arrays and non-numbers', () => {
    expect(() => tensor(new Int32Array(2) as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'data' }));
    expect(() => tensor([1, '2'] as never)).toThrow(expect.objectContaining({ field: 'data[1]' }));
  });

  it('should validate tensors built by hand', () => {
    expect(() => assertTensor({ data: new Float32Array(3), shape: [2, 2] }, 'dy')).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'dy.shape' }));
    expect(() => assertTensor(null, 'x')).toThrow(/x must be a tensor/);
  });
});
