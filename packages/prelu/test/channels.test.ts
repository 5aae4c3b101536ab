import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RectifyError, tensor, type DType, type FloatArray } from '@rectify/core';
import { bitEqual, toArray } from '@rectify/testing';
import { Prelu, prelu } from '../src/index.js';

/** A PReLU whose slopes are set to the given values. */
function withWeights(weights: readonly number[], axis = 1): Prelu {
  const act = new Prelu({ numParameters: weights.length, axis });
  act.weight.data.set(weights);
  return act;
}

/**
 * PReLU written element by element from its definition: the channel of
 * element i is ⌊i / inner⌋ mod C, where inner is the product of the sizes after
 * the channel axis. Slopes are rounded to the dtype first.
 */
function reference(x: FloatArray, dy: FloatArray, shape: readonly number[], axis: number, weights: readonly number[]) {
  const rank = shape.length;
  const channelAxis = rank < 2 ? -1 : axis < 0 ? axis + rank : axis;
  const channels = channelAxis < 0 ? 1 : (shape[channelAxis] as number);
  const inner = channelAxis < 0 ? 1 : shape.slice(channelAxis + 1).reduce((a, b) => a * b, 1);
  const round = x instanceof Float32Array ? Math.fround : (v: number) => v;
  const y = x.slice();
  const dx = dy.slice();
  const dweight = weights.map(() => 0);
  for (let i = 0; i < x.length; i++) {
    const c = weights.length === 1 ? 0 : Math.floor(i / inner) % channels;
    const s = round(weights[c] as number);
    const v = x[i] as number;
    const g = dy[i] as number;
    y[i] = v > 0 ? v : v * s;
    dx[i] = v > 0 ? g : g * s;
    if (!(v > 0)) dweight[c] = (dweight[c] as number) + v * g;
  }
  return { y, dx, dweight };
}

/**
 * Quarter-integers from -8 to 8 and -0: every product of two is exact, and so
 * is every sum of a few hundred products, in any order, so the slope gradient
 * has one right answer bit for bit.
 */
const quarters = fc.oneof(fc.integer({ min: -32, max: 32 }).map((k) => k / 4), fc.constant(-0));

/** A shape of rank 0 to 4 (sizes 0 to 4), an axis valid for it, and a slope count the shape accepts. */
const layouts = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((shape) => {
    const rank = shape.length;
    const axes = rank < 2 ? fc.integer({ min: -3, max: 3 }) : fc.integer({ min: -rank, max: rank - 1 });
    return fc.tuple(fc.constant(shape), axes, fc.boolean());
  })
  .map(([shape, axis, perChannel]) => {
    const rank = shape.length;
    const channels = rank < 2 ? 1 : (shape[axis < 0 ? axis + rank : axis] as number);
    return { shape, axis, numParameters: perChannel && channels > 0 ? channels : 1 };
  });

function caseFor(dtype: DType) {
  return layouts.chain(({ shape, axis, numParameters }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.record({
      shape: fc.constant(shape),
      axis: fc.constant(axis),
      weights: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: numParameters, maxLength: numParameters }),
      x: fc.array(quarters, { minLength: size, maxLength: size }).map((v) => toArray(dtype, v)),
      dy: fc.array(quarters, { minLength: size, maxLength: size }).map((v) => toArray(dtype, v)),
    });
  });
}

describe.each(['float32', 'float64'] as const)('prelu channels in %s', (dtype) => {
  it('should equal the element-by-element definition for any shape, axis and slopes, y, dx and dweight bit for bit', () => {
    fc.assert(
      fc.property(caseFor(dtype), ({ shape, axis, weights, x, dy }) => {
        const act = withWeights(weights, axis);
        const { y, backward } = act.forward(tensor(x, shape));
        const dx = backward(tensor(dy, shape));
        const expected = reference(x, dy, shape, axis, weights);
        expect(bitEqual(y.data, expected.y)).toBe(true);
        expect(bitEqual(dx.data, expected.dx)).toBe(true);
        expect(bitEqual(act.weight.grad.data, expected.dweight)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('should give the same bits channels last (axis -1) as channels first on the transposed input', () => {
    const cases = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 5 })).chain(([n, c]) =>
      fc.record({
        n: fc.constant(n),
        c: fc.constant(c),
        weights: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: c, maxLength: c }),
        values: fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n * c, maxLength: n * c }),
      }),
    );
    fc.assert(
      fc.property(cases, ({ n, c, weights, values }) => {
        const last = toArray(dtype, values); // [n, c]
        const dyLast = toArray(dtype, values.map((v, i) => ((i % 7) - 3) / 2 + v / 8));
        const first = last.slice(); // [1, c, n]: first[k·n + r] = last[r·c + k]
        const dyFirst = dyLast.slice();
        for (let r = 0; r < n; r++) {
          for (let k = 0; k < c; k++) {
            first[k * n + r] = last[r * c + k] as number;
            dyFirst[k * n + r] = dyLast[r * c + k] as number;
          }
        }
        const a = withWeights(weights, -1);
        const b = withWeights(weights, 1);
        const ra = a.forward(tensor(last, [n, c]));
        const rb = b.forward(tensor(first, [1, c, n]));
        const dxa = ra.backward(tensor(dyLast, [n, c])).data;
        const dxb = rb.backward(tensor(dyFirst, [1, c, n])).data;
        for (let r = 0; r < n; r++) {
          for (let k = 0; k < c; k++) {
            expect(Object.is(ra.y.data[r * c + k], rb.y.data[k * n + r])).toBe(true);
            expect(Object.is(dxa[r * c + k], dxb[k * n + r])).toBe(true);
          }
        }
        expect(bitEqual(a.weight.grad.data, b.weight.grad.data)).toBe(true);
      }),
    );
  });
});

describe('prelu slope gradient', () => {
  // x and dy of shape [N = 2, C = 3, 2], slopes [0.25, 0.5, -1].
  const x = [
    [-1, 2, -3, 0, 4, -2],
    [-5, -1, 1, -2, -0, 3],
  ].flat();
  const dy = [
    [2, 7, 1, 9, 6, -3],
    [1, -4, 5, 2, 8, 1],
  ].flat();
  const weights = [0.25, 0.5, -1];

  it('should sum x·dy over the non-positive elements of each channel', () => {
    // channel 0: (-1)(2) + (-5)(1) + (-1)(-4)  = -3   (x = 2 is skipped)
    // channel 1: (-3)(1) + (0)(9) + (-2)(2)    = -7   (x = 1 is skipped)
    // channel 2: (-2)(-3) + (-0)(8)            =  6   (x = 4 and 3 are skipped)
    const act = withWeights(weights);
    const { y, backward } = act.forward(tensor(x, [2, 3, 2]));
    const dx = backward(tensor(dy, [2, 3, 2]));
    expect(Array.from(act.weight.grad.data)).toEqual([-3, -7, 6]);
    expect(bitEqual(y.data, [-0.25, 2, -1.5, 0, 4, 2, -1.25, -0.25, 1, -1, 0, 3])).toBe(true);
    expect(bitEqual(dx.data, [0.5, 7, 0.5, 4.5, 6, 3, 0.25, -1, 5, 1, -8, 1])).toBe(true);
  });

  it('should accumulate across backward calls until zeroGrad', () => {
    const act = withWeights(weights);
    const { backward } = act.forward(tensor(x, [2, 3, 2]));
    backward(tensor(dy, [2, 3, 2]));
    // With dy = 1 everywhere: channel 0: -1 - 5 - 1 = -7; channel 1: -3 + 0 - 2 = -5; channel 2: -2 - 0 = -2.
    backward(tensor(new Float64Array(12).fill(1), [2, 3, 2]));
    expect(Array.from(act.weight.grad.data)).toEqual([-3 - 7, -7 - 5, 6 - 2]);
    act.zeroGrad();
    expect(bitEqual(act.weight.grad.data, [0, 0, 0])).toBe(true);
    backward(tensor(new Float64Array(12).fill(1), [2, 3, 2]));
    expect(Array.from(act.weight.grad.data)).toEqual([-7, -5, -2]);
  });

  it('should give the same gradient for the same data laid out channels last', () => {
    // The same elements as [2, 2, 3] (N, position, C), with axis -1.
    const act = withWeights(weights, -1);
    const toLast = (v: number[]) => [0, 1].flatMap((n) => [0, 1].flatMap((p) => [0, 1, 2].map((c) => v[n * 6 + c * 2 + p] as number)));
    act.forward(tensor(toLast(x), [2, 2, 3])).backward(tensor(toLast(dy), [2, 2, 3]));
    expect(Array.from(act.weight.grad.data)).toEqual([-3, -7, 6]);
  });

  it('should share one slope over every element when numParameters is 1', () => {
    const act = withWeights([0.25]);
    act.forward(tensor(x, [2, 3, 2])).backward(tensor(dy, [2, 3, 2]));
    expect(Array.from(act.weight.grad.data)).toEqual([-3 - 7 + 6]);
  });

  it('should use the slopes of its own forward call even if the weights change before backward', () => {
    const act = withWeights([0.25]);
    const { backward } = act.forward(tensor([-2, 3]));
    act.weight.data[0] = 3;
    expect(Array.from(backward(tensor([1, 1])).data)).toEqual([0.25, 1]);
    expect(Array.from(act.forward(tensor([-2, 3])).y.data)).toEqual([-6, 3]);
  });
});

describe('prelu channel count', () => {
  it('should reject a slope count that is neither 1 nor the channel count, naming both', () => {
    const act = new Prelu({ numParameters: 3 });
    const expected = expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape[1]', value: 4 });
    expect(() => act.outputShape([2, 4, 5])).toThrow(expected);
    expect(() => act.outputShape([2, 4, 5])).toThrow(/numParameters is 3 but the input has 4 channels along axis 1.*must be 1 or 4/);
    expect(() => act.forward(tensor(new Float32Array(40), [2, 4, 5]))).toThrow(expected);
    expect(() => new Prelu({ numParameters: 3, axis: -1 }).outputShape([3, 5])).toThrow(/numParameters is 3 but the input has 5 channels along axis 1/);
  });

  it('should reject several slopes for inputs of rank 0 and 1, which have one channel', () => {
    const act = new Prelu({ numParameters: 3 });
    expect(() => act.outputShape([3])).toThrow(/numParameters is 3 but an input of rank 1 .* has 1 channel/);
    expect(() => act.outputShape([3])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape' }));
    expect(() => act.outputShape([])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(new Prelu({ axis: -1 }).outputShape([7])).toEqual([7]);
  });

  it('should reject an axis out of range for the input rank', () => {
    const act = new Prelu({ numParameters: 2, axis: 2 });
    expect(() => act.outputShape([3, 2])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'axis', value: 2 }));
    expect(() => new Prelu({ axis: -3 }).outputShape([3, 2])).toThrow(/axis -3 is out of range for an input of rank 2/);
    expect(new Prelu({ numParameters: 2, axis: -2 }).outputShape([2, 3])).toEqual([2, 3]);
  });

  it('should change nothing when it rejects a shape', () => {
    const act = withWeights([0.5, 0.5, 0.5]);
    const out = new Float64Array(8).fill(7);
    expect(() => act.forward(tensor(new Float64Array(8).fill(-1), [2, 4]), { out })).toThrow(RectifyError);
    expect(bitEqual(out, new Float64Array(8).fill(7))).toBe(true);
    expect(bitEqual(act.weight.data, [0.5, 0.5, 0.5])).toBe(true);
  });

  it('should accept empty inputs, including an empty channel axis with one shared slope', () => {
    expect(new Prelu({ numParameters: 3 }).forward(tensor(new Float64Array(0), [0, 3])).y.shape).toEqual([0, 3]);
    const act = new Prelu();
    const { y, backward } = act.forward(tensor(new Float32Array(0), [2, 0, 4]));
    expect(y.data.length).toBe(0);
    backward(tensor(new Float32Array(0), [2, 0, 4]));
    expect(bitEqual(act.weight.grad.data, [0])).toBe(true);
  });
});

describe('prelu slopes between calls', () => {
  it('should use changed weights in the next forward while an earlier backward keeps its own slopes', () => {
    const act = prelu.create({ numParameters: 2 });
    const x = tensor(Float64Array.from([-1, -2, -3, -4]), [2, 2]);
    const first = act.forward(x);
    act.parameters[0]!.data.set([0.5, 2]);
    const second = act.forward(x);
    expect(Array.from(first.y.data)).toEqual([-0.25, -0.5, -0.75, -1]);
    expect(Array.from(second.y.data)).toEqual([-0.5, -4, -1.5, -8]);
    const ones = tensor(new Float64Array(4).fill(1), [2, 2]);
    expect(Array.from(first.backward(ones).data)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(second.backward(ones).data)).toEqual([0.5, 2, 0.5, 2]);
  });
});
