import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOWERING_OPS, RectifyError, createRegistry, tensor, type DType, type LoweredValue } from '@rectify/core';
import { bitEqual, createContext, shapeArbitrary, valueArbitrary } from '@rectify/testing';
import { describeConformance } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { GLU_LIPSCHITZ_DOMAIN, Glu, glu } from '../src/index.js';
import { pairsOf, referenceGate } from './reference.js';

describeConformance(glu); // axis drawn from the field
describeConformance(glu, { config: { axis: -1 } });
describeConformance(glu, { config: { axis: 0 }, shapes: shapeArbitrary({ maxRank: 3 }) });
describeConformance(glu, { config: { axis: 1 }, shapes: shapeArbitrary({ minRank: 2, maxRank: 4 }) });

const MAX32 = 3.4028234663852886e38;
const DTYPES = [
  ['float32', Float32Array, MAX32],
  ['float64', Float64Array, Number.MAX_VALUE],
] as const;

/** Values rich in what a gate must survive: saturation on both sides, huge magnitudes, infinities, NaN. */
function spicyValues(dtype: DType): fc.Arbitrary<number> {
  const max = dtype === 'float32' ? MAX32 : Number.MAX_VALUE;
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  return fc.oneof(
    { weight: 4, arbitrary: valueArbitrary(dtype) },
    { weight: 2, arbitrary: fc.double({ min: -120, max: 40, noNaN: true }).map(round) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity, max, -max, 1e30, -1e30, -88.72283, 16.7, Number.NaN) },
  );
}

/** A shape whose split axis is even, the configured axis and the axis it resolves to. */
const layouts = shapeArbitrary({ maxRank: 4, maxDim: 3 }).chain((dims) =>
  fc.tuple(fc.integer({ min: -dims.length, max: dims.length - 1 }), fc.integer({ min: 0, max: 3 })).map(([axis, half]) => {
    const resolved = dims.length === 1 ? 0 : axis < 0 ? axis + dims.length : axis;
    return { axis, resolved, shape: dims.map((d, i) => (i === resolved ? 2 * half : d)) };
  }),
);

function caseArbitrary(dtype: DType) {
  return layouts.chain(({ axis, resolved, shape }) => {
    const size = shape.reduce((p, q) => p * q, 1);
    return fc.record({
      axis: fc.constant(axis),
      resolved: fc.constant(resolved),
      shape: fc.constant(shape),
      x: fc.array(spicyValues(dtype), { minLength: size, maxLength: size }),
      dy: fc.array(fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(-0, Infinity, Number.NaN)), { minLength: size / 2, maxLength: size / 2 }),
    });
  });
}

describe.each(DTYPES)('glu in %s', (dtype, Float) => {
  const single = dtype === 'float32';
  const round = single ? Math.fround : (v: number) => v;

  it('should give y = a·σ(b), da = σ(b)·dy and db = (1 − σ(b))·σ(b)·a·dy for every pair, bit for bit as an index-by-index reference', () => {
    fc.assert(
      fc.property(caseArbitrary(dtype), ({ axis, resolved, shape, x, dy }) => {
        const input = tensor(Float.from(x), shape);
        const { y, backward } = glu.create({ axis }).forward(input);
        const outShape = shape.map((d, i) => (i === resolved ? d / 2 : d));
        expect(y.shape).toEqual(outShape);
        expect(y.data).toBeInstanceOf(Float);
        const dx = backward(tensor(Float.from(dy), outShape)).data;
        const g = Float.from(dy);
        const want = new Array<number>(x.length).fill(0);
        pairsOf(input.shape, resolved).forEach(([i, j], o) => {
          const a = input.data[i] as number;
          const s = referenceGate(input.data[j] as number, single);
          expect(Object.is(y.data[o], round(a * s))).toBe(true);
          want[i] = round(s * (g[o] as number));
          want[j] = round((1 - s) * s * a * (g[o] as number));
        });
        expect(bitEqual(dx, want)).toBe(true);
      }),
    );
  });
});

interface EdgePair {
  readonly name: string;
  readonly a: number;
  readonly b: number;
  /** y, da and db for dy = 2. */
  readonly want: readonly [number, number, number];
}

const EDGES: readonly EdgePair[] = [
  { name: 'b = +Infinity passes a through', a: 3, b: Infinity, want: [3, 2, 0] },
  { name: 'b = +Infinity passes a negative a through, db -0', a: -3, b: Infinity, want: [-3, 2, -0] },
  { name: 'b = -Infinity closes the gate', a: 3, b: -Infinity, want: [0, 0, 0] },
  { name: 'b = -Infinity closes the gate on a negative a: -0', a: -3, b: -Infinity, want: [-0, 0, -0] },
  { name: 'a = +Infinity behind a closed gate: NaN', a: Infinity, b: -Infinity, want: [Number.NaN, 0, Number.NaN] },
  { name: 'a = +Infinity behind a half-open gate', a: Infinity, b: 0, want: [Infinity, 1, Infinity] },
  { name: 'a = +Infinity behind an open gate: db NaN', a: Infinity, b: Infinity, want: [Infinity, 2, Number.NaN] },
  { name: 'a = NaN', a: Number.NaN, b: 0, want: [Number.NaN, 1, Number.NaN] },
  { name: 'b = NaN', a: 1, b: Number.NaN, want: [Number.NaN, Number.NaN, Number.NaN] },
  { name: 'a = -0', a: -0, b: 0, want: [-0, 1, -0] },
  { name: 'a = +0 and b = -0', a: 0, b: -0, want: [0, 1, 0] },
];

describe.each(DTYPES)('glu edge cases in %s', (dtype, Float, max) => {
  it.each(EDGES)('should follow PyTorch where $name', ({ a, b, want }) => {
    const { y, backward } = glu.create().forward(tensor(Float.from([a, b]), [1, 2]));
    const dx = backward(tensor(Float.from([2]), [1, 1])).data;
    expect(bitEqual([y.data[0] as number, dx[0] as number, dx[1] as number], want)).toBe(true);
  });

  it('should pass the largest finite value through an open gate without overflow', () => {
    const { y, backward } = glu.create().forward(tensor(Float.from([max, 1e30]), [1, 2]));
    expect(y.data[0]).toBe(max);
    expect(Array.from(backward(tensor(Float.from([0.5]), [1, 1])).data)).toEqual([0.5, 0]);
  });
});

describe('glu float32 gate, as PyTorch keeps it', () => {
  it('should close the gate exactly where exp(-b) overflows float32, so that Infinity·σ(b) is NaN', () => {
    const x = [Infinity, -90];
    const f32 = glu.create().forward(tensor(Float32Array.from(x), [1, 2]));
    expect(f32.y.data[0]).toBeNaN();
    expect(Array.from(f32.backward(tensor(Float32Array.from([1]), [1, 1])).data)).toEqual([0, Number.NaN]);
    // float64 has room for exp(90): the gate is 8e-40, and a·σ(b) is +Infinity.
    expect(glu.create().forward(tensor(Float64Array.from(x), [1, 2])).y.data[0]).toBe(Infinity);
  });

  it('should open the gate exactly once exp(-b) is under half an ulp of 1, so that db is 0 however large a is', () => {
    const x = [1e30, 17];
    const dy = [2];
    const f32 = glu.create().forward(tensor(Float32Array.from(x), [1, 2])).backward(tensor(Float32Array.from(dy), [1, 1])).data;
    expect(Array.from(f32)).toEqual([2, 0]);
    const f64 = glu.create().forward(tensor(Float64Array.from(x), [1, 2])).backward(tensor(Float64Array.from(dy), [1, 1])).data;
    expect(f64[1]).toBeGreaterThan(8e22); // (1 − σ(17))·σ(17)·1e30·2 ≈ 8.28e22
    expect(f64[1]).toBeLessThan(8.3e22);
  });
});

describe('glu shapes and errors', () => {
  it.each([
    [{}, [2, 6], [2, 3]],
    [{ axis: 1 }, [2, 6, 5], [2, 3, 5]],
    [{ axis: 0 }, [4, 3], [2, 3]],
    [{ axis: -3 }, [2, 1, 1], [1, 1, 1]],
    [{ axis: 0 }, [0, 3], [0, 3]],
    [{ axis: -1 }, [3, 0], [3, 0]],
  ])('should map %o on %o to %o', (config, input, output) => {
    expect(glu.create(config).outputShape(input)).toEqual(output);
  });

  it.each([1, 0, -1, 5, -7])('should use axis 0 for a rank-1 input when axis is %d, as core\'s axisLayout does', (axis) => {
    const { y } = glu.create({ axis }).forward(tensor([2, 4, Infinity, -Infinity]));
    expect(y.shape).toEqual([2]);
    expect(Array.from(y.data)).toEqual([2, 0]);
  });

  it('should refuse an axis of odd size with SHAPE_MISMATCH, naming the field and the size', () => {
    const act = glu.create({ axis: 1 });
    expect(() => act.outputShape([2, 3, 4])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape[1]', value: 3 }));
    expect(() => act.outputShape([2, 3, 4])).toThrow(/glu: axis 1 of shape \[2, 3, 4\] has size 3, which is odd/);
    expect(() => glu.create().forward(tensor([1, 2, 3]))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape[0]', value: 3 }));
  });

  it.each([
    [2, [4, 4]],
    [-3, [4, 4]],
    [4, [2, 2, 2, 2]],
  ])('should refuse axis %d for shape %o as out of range with INVALID_ARGUMENT on the field axis, as core\'s axisLayout does', (axis, shape) => {
    const act = glu.create({ axis });
    expect(() => act.outputShape(shape)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'axis', value: axis }));
    expect(() => act.outputShape(shape)).toThrow(new RegExp(`axis ${axis} is out of range for an input of rank ${shape.length}`));
  });

  it('should refuse a scalar input, a malformed shape and a dy of the input\'s shape, changing nothing', () => {
    const act = glu.create();
    expect(() => act.outputShape([])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape' }));
    expect(() => act.forward(tensor([7], []))).toThrow(RectifyError);
    expect(() => act.outputShape([2, -2])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const x = tensor(new Float32Array([1, 2, 3, 4]), [2, 2]);
    const out = new Float32Array(2).fill(9);
    expect(() => glu.create({ axis: 5 }).forward(x, { out })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'axis' }));
    expect(Array.from(out)).toEqual([9, 9]);
    const { backward } = act.forward(x);
    expect(() => backward(tensor(new Float32Array(4), [2, 2]))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'dy.shape' }));
  });

  it('should let the kit draw only configs whose axis fits the drawn shape and is even', () => {
    const cases = fc.sample(createContext(glu).cases('float64'), { numRuns: 300, seed: 42 });
    expect(new Set(cases.map(({ config }) => config.axis)).size).toBeGreaterThan(3);
    for (const { config, x } of cases) {
      const rank = x.shape.length;
      const axis = config.axis as number;
      const resolved = rank === 1 ? 0 : axis < 0 ? axis + rank : axis;
      expect(resolved >= 0 && resolved < rank).toBe(true);
      expect((x.shape[resolved] as number) % 2).toBe(0);
    }
  });
});

describe('glu config', () => {
  it('should default to axis -1', () => {
    expect(glu.defaults).toEqual({ axis: -1 });
    expect(glu.create().config).toEqual({ axis: -1 });
    expect(Object.isFrozen(new Glu().config)).toBe(true);
  });

  it.each([0.5, Number.NaN, -Infinity, '1', true, null])('should refuse axis = %s, naming the field', (axis) => {
    expect(() => glu.create({ axis } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'axis' }));
  });

  it('should refuse unknown keys such as PyTorch\'s dim', () => {
    expect(() => glu.create({ dim: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'dim' }));
  });
});

/** Every op of a lowered value, depth first. */
function opsOf(value: LoweredValue, into: string[] = []): string[] {
  if ('op' in value) {
    into.push(value.op);
    for (const input of value.inputs) opsOf(input, into);
  }
  return into;
}

describe('glu plugin', () => {
  it('should export exactly GLU_LIPSCHITZ_DOMAIN, Glu and glu', () => {
    expect(Object.keys(api).sort()).toEqual(['GLU_LIPSCHITZ_DOMAIN', 'Glu', 'glu']);
  });

  it('should be found by its name and alias, displayed as GLU', () => {
    const registry = createRegistry().use(glu).freeze();
    expect(registry.create('glu', { axis: 0 })).toBeInstanceOf(Glu);
    expect(registry.create('GLU').name).toBe('glu');
    expect(glu.displayName).toBe('GLU');
  });

  it('should declare its traits: smooth, not elementwise, NaN-propagating, a Lipschitz bound for |x| up to 2^20', () => {
    const act = glu.create();
    expect([glu.traits.elementwise, glu.traits.stochastic, glu.traits.propagatesNaN]).toEqual([false, false, true]);
    expect(glu.traits.kinks(act)).toEqual([]);
    expect(glu.traits.distanceToKink?.(act, tensor([1, 2], [1, 2]))).toBe(Infinity);
    expect(glu.traits.lipschitz(act)).toBe(1 + GLU_LIPSCHITZ_DOMAIN / 4);
    expect(act.gain()).toBe(1);
    expect(act.parameters).toEqual([]);
  });

  it('should stay within its Lipschitz bound where the slope in b is steepest, at |a| = 2^20', () => {
    const h = 1e-7;
    const a = GLU_LIPSCHITZ_DOMAIN;
    const y0 = glu.create().forward(tensor([a, 0], [1, 2])).y.data[0] as number;
    const y1 = glu.create().forward(tensor([a + h, h], [1, 2])).y.data[0] as number;
    const slope = (y1 - y0) / h;
    expect(slope).toBeLessThanOrEqual(glu.traits.lipschitz(glu.create()));
    expect(slope).toBeGreaterThan(0.99 * (0.5 + a / 4)); // σ(0) + a·σ′(0)
  });

  it('should lower to the op set with Reshape, reductions over the pair axis and a given backward', () => {
    const lowering = glu.lowering?.(glu.validate({ axis: 1 }), [2, 6, 5]);
    expect(lowering).toBeDefined();
    for (const op of [...opsOf(lowering!.forward), ...opsOf(lowering!.backward!)]) expect(LOWERING_OPS).toContain(op);
    expect(JSON.parse(JSON.stringify(lowering))).toEqual(lowering);
    const text = JSON.stringify(lowering);
    // The batch size is inferred (−1) when the split axis is not the first, and kept when it is.
    expect(text).toContain('"shape":[-1,2,15]');
    expect(text).toContain('"shape":[-1,3,5]');
    expect(text).not.toContain('"shape":[2,');
    expect(JSON.stringify(glu.lowering!(glu.validate({ axis: 0 }), [4, 3]))).toContain('"shape":[1,2,6]');
    expect(() => glu.lowering!(glu.validate({ axis: 1 }), [2, 3])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape[1]' }));
  });

  it('should serialise its config and restore it', () => {
    const json = glu.create({ axis: 0 }).toJSON();
    expect(json).toEqual({ format: 'rectify.activation', version: 1, name: 'glu', config: { axis: 0 }, parameters: {} });
    expect(createRegistry().use(glu).fromJSON(JSON.stringify(json)).config).toEqual({ axis: 0 });
  });
});
