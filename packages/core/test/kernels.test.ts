import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { axisLayout, leakyBackward, leakyForward, leakyGain, slopeGradient } from '../src/index.js';

describe('leaky kernels', () => {
  it('should compute x > 0 ? x : x·s, rounding the slope to float32 for float32 data', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (v, s) => {
        const y32 = new Float32Array(1);
        leakyForward(Float32Array.of(v), y32, s);
        expect(Object.is(y32[0], v > 0 ? v : Math.fround(v * Math.fround(s)))).toBe(true);
        const y64 = new Float64Array(1);
        leakyForward(Float64Array.of(v), y64, s);
        expect(Object.is(y64[0], v > 0 ? v : v * s)).toBe(true);
      }),
    );
  });

  it('should keep NaN, flip -0 for a negative slope, and give slope·dy at 0 and at NaN', () => {
    const x = Float64Array.of(Number.NaN, -0, 0, 2);
    const y = new Float64Array(4);
    leakyForward(x, y, -0.5);
    expect(Array.from(y).map((v) => Object.is(v, -0) ? '-0' : String(v))).toEqual(['NaN', '0', '-0', '2']);
    const dx = new Float64Array(4);
    leakyBackward(x, Float64Array.of(1, 1, 1, 1), dx, 0.25);
    expect(Array.from(dx)).toEqual([0.25, 0.25, 0.25, 1]);
  });

  it('should only touch the given range', () => {
    const y = new Float64Array(4).fill(9);
    leakyForward(Float64Array.of(-1, -1, -1, -1), y, 0.5, 1, 3);
    expect(Array.from(y)).toEqual([9, -0.5, -0.5, 9]);
  });

  it('should sum x·dy over the non-positive inputs for the slope gradient', () => {
    expect(slopeGradient(Float64Array.of(-2, 3, 0, -1), Float64Array.of(1, 5, 7, 2))).toBe(-4);
  });
});

describe('leakyGain', () => {
  it('should give √2 for ReLU, 1 for the identity, and stay positive for huge slopes', () => {
    expect(leakyGain(0)).toBe(Math.SQRT2);
    expect(leakyGain(1)).toBe(1);
    expect(leakyGain(-1)).toBe(1);
    expect(leakyGain(1e200)).toBeGreaterThan(0);
  });
});

describe('axisLayout', () => {
  it('should split a shape around an axis, counting negative axes from the end', () => {
    expect(axisLayout('t', [2, 3, 4, 5], 1)).toEqual({ axis: 1, outer: 2, channels: 3, inner: 20 });
    expect(axisLayout('t', [2, 3, 4, 5], -1)).toEqual({ axis: 3, outer: 24, channels: 5, inner: 1 });
    expect(axisLayout('t', [7], 1)).toEqual({ axis: 0, outer: 1, channels: 7, inner: 1 });
  });

  it('should refuse scalars and axes out of range, naming the field', () => {
    expect(() => axisLayout('t', [], 0)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape' }));
    expect(() => axisLayout('t', [2, 3], 2)).toThrow(expect.objectContaining({ field: 'axis', value: 2 }));
    expect(() => axisLayout('t', [2, 3], -3)).toThrow(/t: axis -3 is out of range for an input of rank 2/);
  });
});
