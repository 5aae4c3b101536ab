import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOWERING_OPS, RectifyError, createRegistry, tensor, type AnyActivationPlugin, type DType, type LoweredValue, type Tensor } from '@rectify/core';
import { bitEqual, createContext, shapeArbitrary, toArray, valueArbitrary } from '@rectify/testing';
import { describeConformance } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { logSoftmax, softmax, softmin } from '../src/index.js';
import { referenceSlice, referenceSliceCore, referenceSliceGradientCore, slicesOf, type Kind } from './reference.js';

const PLUGINS = [softmax, logSoftmax, softmin] as const;

for (const plugin of PLUGINS) {
  describeConformance(plugin); // axis drawn from the field
  describeConformance(plugin, { config: { axis: -1 } });
  describeConformance(plugin, { config: { axis: 0 }, shapes: shapeArbitrary({ maxRank: 3 }) });
  describeConformance(plugin, { config: { axis: 1 }, shapes: shapeArbitrary({ minRank: 2, maxRank: 4 }) });
}

const MAX32 = 3.4028234663852886e38;
const DTYPES = [
  ['float32', Float32Array, MAX32],
  ['float64', Float64Array, Number.MAX_VALUE],
] as const;

const roundFor = (dtype: DType) => (dtype === 'float32' ? Math.fround : (v: number) => v);

/** Values rich in what softmax must survive: huge magnitudes, infinities, NaN, ties. */
function spicyValues(dtype: DType): fc.Arbitrary<number> {
  const max = dtype === 'float32' ? MAX32 : Number.MAX_VALUE;
  return fc.oneof(
    { weight: 4, arbitrary: valueArbitrary(dtype) },
    { weight: 2, arbitrary: fc.integer({ min: -2, max: 2 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity, max, -max, 1e30, -1e30, 710, Number.NaN) },
  );
}

/** A shape, an axis in range for it (any axis for rank 1), and the axis it resolves to. */
const layouts = shapeArbitrary({ maxRank: 4 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axis: shape.length === 1 ? fc.integer({ min: -3, max: 3 }) : fc.integer({ min: -shape.length, max: shape.length - 1 }),
  }),
);

function caseArbitrary(dtype: DType, values: fc.Arbitrary<number> = spicyValues(dtype)) {
  return layouts.chain(({ shape, axis }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const resolved = shape.length === 1 ? 0 : axis < 0 ? axis + shape.length : axis;
    return fc.record({
      axis: fc.constant(axis),
      resolved: fc.constant(resolved),
      x: fc.array(values, { minLength: size, maxLength: size }).map((v) => tensor(toArray(dtype, v), shape)),
      dy: fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: size, maxLength: size }).map((v) => tensor(toArray(dtype, v), shape)),
    });
  });
}

const KINDS: readonly [Kind, AnyActivationPlugin][] = [
  ['softmax', softmax],
  ['log_softmax', logSoftmax],
  ['softmin', softmin],
];

describe.each(DTYPES)('the softmax family in %s', (dtype) => {
  const round = roundFor(dtype);

  it.each(KINDS)('should give %s of every slice along the axis, y and dx, bit for bit as a slice-by-slice reference and close to the formulas', (kind, plugin) => {
    fc.assert(
      fc.property(caseArbitrary(dtype), ({ axis, resolved, x, dy }) => {
        const { y, backward } = plugin.create({ axis }).forward(x);
        const dx = backward(dy).data;
        expect(y.shape).toEqual(x.shape);
        for (const slice of slicesOf(x.shape, resolved)) {
          const values = slice.map((i) => x.data[i] as number);
          const grads = slice.map((i) => dy.data[i] as number);
          // Bit for bit: core's definition of a slice in the dtype; close: the formulas in float64, rounded once.
          const want = referenceSliceCore(kind, values, dtype);
          const got = slice.map((i) => y.data[i] as number);
          expect(bitEqual(got, want)).toBe(true);
          const formula = referenceSlice(kind, values, round);
          got.forEach((v, k) => {
            const f = formula[k] as number;
            if (Number.isFinite(f)) expect(Math.abs(v - f) / Math.max(Math.abs(f), 1)).toBeLessThanOrEqual(dtype === 'float32' ? 3e-7 : 1e-15);
            else expect(Object.is(v, f)).toBe(true);
          });
          expect(bitEqual(slice.map((i) => dx[i] as number), referenceSliceGradientCore(kind, values, grads, dtype))).toBe(true);
        }
      }),
    );
  });

  it('should make every finite slice a distribution: softmax in [0, 1] summing to 1, log_softmax ≤ 0 with exp summing to 1', () => {
    fc.assert(
      fc.property(caseArbitrary(dtype, valueArbitrary(dtype)), ({ axis, resolved, x }) => {
        const p = softmax.create({ axis }).forward(x).y.data;
        const logP = logSoftmax.create({ axis }).forward(x).y.data;
        const tolerance = dtype === 'float32' ? 1e-6 : 1e-14;
        for (const slice of slicesOf(x.shape, resolved)) {
          for (const i of slice) {
            expect(p[i]).toBeGreaterThanOrEqual(0);
            expect(p[i]).toBeLessThanOrEqual(1);
            expect(logP[i]).toBeLessThanOrEqual(0);
          }
          const sum = slice.reduce((s, i) => s + (p[i] as number), 0);
          const expSum = slice.reduce((s, i) => s + Math.exp(logP[i] as number), 0);
          expect(Math.abs(sum - 1)).toBeLessThanOrEqual(slice.length * tolerance);
          expect(Math.abs(expSum - 1)).toBeLessThanOrEqual(slice.length * tolerance);
        }
      }),
    );
  });

  it('should compute softmin(x) as softmax(−x), and its gradient as the negated one, bit for bit', () => {
    fc.assert(
      fc.property(caseArbitrary(dtype), ({ axis, x, dy }) => {
        const negated = tensor(x.data.map((v) => -v), x.shape);
        const a = softmin.create({ axis }).forward(x);
        const b = softmax.create({ axis }).forward(negated);
        expect(bitEqual(a.y.data, b.y.data)).toBe(true);
        expect(bitEqual(a.backward(dy).data, b.backward(dy).data.map((v) => -v))).toBe(true);
      }),
    );
  });

  it('should not change when a constant is added to a slice, up to rounding', () => {
    fc.assert(
      fc.property(caseArbitrary(dtype, valueArbitrary(dtype).filter((v) => Math.abs(v) < 100)), fc.integer({ min: -50, max: 50 }), ({ axis, x }, shift) => {
        const shifted = tensor(x.data.map((v) => v + shift), x.shape);
        const a = softmax.create({ axis }).forward(x).y.data;
        const b = softmax.create({ axis }).forward(shifted).y.data;
        // x + shift is rounded in float32, which moves x by up to 2^-17 before the exponential.
        const tolerance = dtype === 'float32' ? 1e-4 : 1e-12;
        a.forEach((v, i) => expect(Math.abs(v - (b[i] as number))).toBeLessThanOrEqual(tolerance));
      }),
    );
  });

  it('should sum dx to zero along each slice of softmax and log_softmax for finite inputs, up to rounding', () => {
    fc.assert(
      fc.property(caseArbitrary(dtype, valueArbitrary(dtype)), ({ axis, resolved, x, dy }) => {
        for (const plugin of [softmax, logSoftmax, softmin]) {
          const dx = plugin.create({ axis }).forward(x).backward(dy).data;
          for (const slice of slicesOf(x.shape, resolved)) {
            const sum = slice.reduce((s, i) => s + (dx[i] as number), 0);
            const scale = slice.reduce((s, i) => s + Math.abs(dy.data[i] as number), 0);
            expect(Math.abs(sum)).toBeLessThanOrEqual((dtype === 'float32' ? 1e-6 : 1e-14) * (scale + 1) * slice.length);
          }
        }
      }),
    );
  });
});

interface EdgeRow {
  readonly name: string;
  readonly x: readonly number[];
  readonly softmax: readonly number[];
  readonly logSoftmax: readonly number[];
  readonly softmin: readonly number[];
}

const NaN4 = [Number.NaN, Number.NaN];

/** One slice each, along the last axis; `max` the dtype's largest finite value. */
function edgeRows(max: number, round: (v: number) => number): EdgeRow[] {
  return [
    { name: 'the largest finite value beside 0', x: [max, 0], softmax: [1, 0], logSoftmax: [0, -max], softmin: [0, 1] },
    { name: 'the largest finite values of both signs', x: [max, -max], softmax: [1, 0], logSoftmax: [0, -Infinity], softmin: [0, 1] },
    { name: 'huge equal values', x: [1e30, 1e30], softmax: [0.5, 0.5], logSoftmax: [-Math.LN2, -Math.LN2].map(round), softmin: [0.5, 0.5] },
    { name: '-Infinity among finite values', x: [0, -Infinity], softmax: [1, 0], logSoftmax: [0, -Infinity], softmin: NaN4 },
    { name: '+Infinity among finite values (Inf − Inf in its own term)', x: [Infinity, 0], softmax: NaN4, logSoftmax: NaN4, softmin: [0, 1] },
    { name: '+Infinity beside -Infinity', x: [Infinity, -Infinity], softmax: NaN4, logSoftmax: NaN4, softmin: NaN4 },
    { name: 'only -Infinity', x: [-Infinity, -Infinity], softmax: NaN4, logSoftmax: NaN4, softmin: NaN4 },
    { name: 'NaN among finite values', x: [Number.NaN, 1], softmax: NaN4, logSoftmax: NaN4, softmin: NaN4 },
    { name: 'NaN after -Infinity', x: [-Infinity, Number.NaN], softmax: NaN4, logSoftmax: NaN4, softmin: NaN4 },
    { name: 'four equal values', x: [7, 7, 7, 7], softmax: [0.25, 0.25, 0.25, 0.25], logSoftmax: new Array(4).fill(round(-Math.log(4))), softmin: [0.25, 0.25, 0.25, 0.25] },
    { name: 'both zeros', x: [-0, 0], softmax: [0.5, 0.5], logSoftmax: [-Math.LN2, -Math.LN2].map(round), softmin: [0.5, 0.5] },
    { name: 'one element', x: [5], softmax: [1], logSoftmax: [0], softmin: [1] },
    { name: 'one huge element', x: [-max], softmax: [1], logSoftmax: [0], softmin: [1] },
    { name: 'one -Infinity', x: [-Infinity], softmax: [Number.NaN], logSoftmax: [Number.NaN], softmin: [Number.NaN] },
    { name: 'one +Infinity', x: [Infinity], softmax: [Number.NaN], logSoftmax: [Number.NaN], softmin: [Number.NaN] },
    { name: 'one NaN', x: [Number.NaN], softmax: [Number.NaN], logSoftmax: [Number.NaN], softmin: [Number.NaN] },
  ];
}

describe.each(DTYPES)('softmax family edge cases in %s', (dtype, Float, max) => {
  const round = roundFor(dtype);
  describe.each(edgeRows(max, round))('a slice of $name', (row) => {
    it.each([
      ['softmax', softmax, row.softmax],
      ['log_softmax', logSoftmax, row.logSoftmax],
      ['softmin', softmin, row.softmin],
    ] as const)('should give %s as PyTorch does', (_, plugin, expected) => {
      const { y } = plugin.create().forward(tensor(Float.from(row.x), [1, row.x.length]));
      expect(y.data).toBeInstanceOf(Float);
      expect(Array.from(y.data)).toEqual(expected);
    });
  });

  it('should give a zero gradient on one-element slices: +0 for softmax and log_softmax, -0 for softmin', () => {
    const x = tensor(Float.from([3, -2]), [2, 1]);
    const dy = tensor(Float.from([1.5, -4]), [2, 1]);
    expect(Array.from(softmax.create().forward(x).backward(dy).data)).toEqual([0, 0]);
    expect(Array.from(logSoftmax.create().forward(x).backward(dy).data)).toEqual([0, 0]);
    expect(bitEqual(softmin.create().forward(x).backward(dy).data, [-0, -0])).toBe(true);
  });

  it('should give a signed zero gradient where a probability is 0: the sign of dy − Σ dy·y', () => {
    const x = tensor(Float.from([0, -Infinity, 0, -Infinity]), [2, 2]);
    const dy = tensor(Float.from([1, 2, 2, 1]), [2, 2]);
    expect(bitEqual(softmax.create().forward(x).backward(dy).data, [0, 0, 0, -0])).toBe(true);
  });

  it('should pass dy through log_softmax where the log-probability is -Infinity', () => {
    const { backward } = logSoftmax.create().forward(tensor(Float.from([0, -Infinity]), [1, 2]));
    expect(Array.from(backward(tensor(Float.from([1, 2]), [1, 2])).data)).toEqual([-2, 2]);
  });

  it('should give NaN gradients for a NaN slice and leave the other slices alone', () => {
    const { y, backward } = softmax.create({ axis: 0 }).forward(tensor(Float.from([Number.NaN, 1, 0, 1]), [2, 2]));
    expect(Array.from(y.data)).toEqual([Number.NaN, 0.5, Number.NaN, 0.5]);
    const dx = backward(tensor(Float.from([1, 1, 1, 0]), [2, 2])).data;
    expect(Number.isNaN(dx[0]) && Number.isNaN(dx[2])).toBe(true);
    expect([dx[1], dx[3]]).toEqual([0.25, -0.25]);
  });
});

describe('softmax family axes and shapes', () => {
  it.each([
    [-1, [2, 3], new Array<number>(6).fill(1 / 3)],
    [0, [2, 3], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]],
  ])('should normalise along axis %d of %o', (axis, shape, expected) => {
    const { y } = softmax.create({ axis }).forward(tensor(new Float64Array(6).fill(1), shape));
    expect(Array.from(y.data)).toEqual(expected);
  });

  it('should normalise along a middle axis, strided', () => {
    // Shape [1, 2, 2]: along axis 1 the slices are (x0, x2) and (x1, x3).
    const { y } = softmax.create({ axis: 1 }).forward(tensor([0, 5, -Infinity, 5], [1, 2, 2]));
    expect(Array.from(y.data)).toEqual([1, 0.5, 0, 0.5]);
  });

  it.each([1, 0, -1, 5, -7])('should use axis 0 for a rank-1 input when axis is %d, as core\'s axisLayout does', (axis) => {
    const { y } = softmax.create({ axis }).forward(tensor([0, 0]));
    expect(Array.from(y.data)).toEqual([0.5, 0.5]);
  });

  it('should take axes of size 0 and empty inputs', () => {
    expect(Array.from(softmax.create().forward(tensor(new Float32Array(0), [3, 0])).y.data)).toEqual([]);
    expect(Array.from(logSoftmax.create({ axis: 0 }).forward(tensor(new Float64Array(0), [0, 2])).y.data)).toEqual([]);
  });

  it.each(PLUGINS.map((p) => [p.name, p] as const))('should refuse an axis out of range for %s with INVALID_ARGUMENT on the field axis, as core\'s axisLayout does', (_, plugin) => {
    const outOfRange: [number, number[]][] = [
      [2, [3, 4]],
      [-3, [3, 4]],
      [4, [1, 2, 3, 4]],
    ];
    for (const [axis, shape] of outOfRange) {
      const act = plugin.create({ axis });
      expect(() => act.outputShape(shape)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'axis', value: axis }));
      expect(() => act.forward(tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape))).toThrow(new RegExp(`axis ${axis} is out of range for an input of rank ${shape.length}`));
    }
  });

  it('should refuse a scalar input and a malformed shape', () => {
    expect(() => softmax.create().outputShape([])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape' }));
    expect(() => softmax.create().forward(tensor([7], []))).toThrow(RectifyError);
    expect(() => softmax.create().outputShape([2, -1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('should refuse a dy of the wrong shape or dtype, changing nothing', () => {
    const { backward } = softmax.create().forward(tensor(new Float32Array([1, 2, 3, 4]), [2, 2]));
    expect(() => backward(tensor(new Float32Array(4), [4]))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'dy.shape' }));
    expect(() => backward(tensor(new Float64Array(4), [2, 2]))).toThrow(expect.objectContaining({ code: 'DTYPE_MISMATCH' }));
  });

  it('should let the kit draw only axes that fit the drawn shape: outputShape refuses the others', () => {
    for (const plugin of PLUGINS) {
      const cases = fc.sample(createContext(plugin).cases('float64'), { numRuns: 300, seed: 42 });
      const axes = new Set(cases.map(({ config }) => config.axis as number));
      expect(axes.size).toBeGreaterThan(3); // drawn, not pinned
      for (const { config, x } of cases) {
        const axis = config.axis as number;
        const rank = x.shape.length;
        if (rank > 1) expect(axis >= -rank && axis < rank).toBe(true);
      }
    }
  });
});

describe('softmax family config', () => {
  it.each(PLUGINS.map((p) => [p.name, p] as const))('should default %s to axis -1', (_, plugin) => {
    expect(plugin.defaults).toEqual({ axis: -1 });
    expect(plugin.create().config).toEqual({ axis: -1 });
    expect(Object.isFrozen(plugin.create().config)).toBe(true);
  });

  it.each([0.5, Number.NaN, Infinity, '1', true, null])('should refuse axis = %s, naming the field', (axis) => {
    for (const plugin of PLUGINS) {
      expect(() => plugin.create({ axis } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'axis' }));
    }
  });

  it('should refuse unknown keys such as PyTorch\'s dim', () => {
    expect(() => softmax.create({ dim: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'dim' }));
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

describe('softmax family plugins', () => {
  it('should export exactly the three plugins', () => {
    expect(Object.keys(api).sort()).toEqual(['logSoftmax', 'softmax', 'softmin']);
  });

  it('should be found by names and aliases, with the display names the field uses', () => {
    const registry = createRegistry().use([softmax, logSoftmax, softmin]).freeze();
    expect(registry.names()).toEqual(['log_softmax', 'softmax', 'softmin']);
    expect(registry.create('Softmax').name).toBe('softmax');
    expect(registry.create('LogSoftmax').name).toBe('log_softmax');
    expect(registry.create('log-softmax', { axis: 0 }).config).toEqual({ axis: 0 });
    expect(registry.create('Softmin').name).toBe('softmin');
    expect(PLUGINS.map((p) => p.displayName)).toEqual(['Softmax', 'LogSoftmax', 'Softmin']);
  });

  it('should declare their traits: smooth, not elementwise, NaN-propagating, Lipschitz ½, 2, ½, distributions along the axis', () => {
    for (const [plugin, lipschitz, kind, range] of [
      [softmax, 0.5, 'probabilities', [0, 1]],
      [logSoftmax, 2, 'log-probabilities', [-Infinity, 0]],
      [softmin, 0.5, 'probabilities', [0, 1]],
    ] as const) {
      const act = plugin.create({ axis: 1 });
      const { traits } = plugin;
      expect([traits.elementwise, traits.stochastic, traits.propagatesNaN]).toEqual([false, false, true]);
      expect(traits.lipschitz(act)).toBe(lipschitz);
      expect(traits.kinks(act)).toEqual([]);
      expect(traits.distanceToKink?.(act, tensor([1, 1], [1, 2]))).toBe(Infinity);
      expect(traits.range?.(act)).toEqual(range);
      expect(traits.distribution?.(act)).toEqual({ kind, axis: 1 });
      expect(act.gain()).toBe(1);
      expect(act.parameters).toEqual([]);
    }
  });

  it('should reach its Lipschitz bound ½ on two equal inputs and stay under it', () => {
    const h = 1e-6;
    const a = softmax.create().forward(tensor([0, 0])).y.data;
    const b = softmax.create().forward(tensor([h, -h])).y.data;
    const ratio = Math.abs((b[0] as number) - (a[0] as number)) / h;
    expect(ratio).toBeLessThanOrEqual(0.5 * (1 + 1e-9)); // the exact ratio is just under ½; rounding may lift it a few ulps
    expect(ratio).toBeGreaterThan(0.4999);
  });

  it('should lower to the op set, along the resolved axis, with a backward that reads y', () => {
    for (const plugin of PLUGINS) {
      const lowering = plugin.lowering?.(plugin.validate({ axis: -2 }), [2, 3, 4]);
      expect(lowering).toBeDefined();
      const all = [...opsOf(lowering!.forward), ...opsOf(lowering!.backward!)];
      for (const op of all) expect(LOWERING_OPS).toContain(op);
      expect(JSON.parse(JSON.stringify(lowering))).toEqual(lowering);
      const text = JSON.stringify(lowering);
      expect(text).toContain('"axes":[1],"keepdims":1');
      expect(text).toContain('{"input":"y"}');
    }
    expect(opsOf(softmin.lowering!(softmin.defaults, [4]).forward)).toContain('Neg');
    expect(opsOf(logSoftmax.lowering!(logSoftmax.defaults, [4]).forward)).toContain('Log');
    expect(() => softmax.lowering!(softmax.validate({ axis: 3 }), [2, 2])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'axis' }));
  });

  it('should serialise its config and restore it', () => {
    const registry = createRegistry().use([softmax, logSoftmax, softmin]);
    for (const plugin of PLUGINS) {
      const json = plugin.create({ axis: 0 }).toJSON();
      expect(json).toEqual({ format: 'rectify.activation', version: 1, name: plugin.name, config: { axis: 0 }, parameters: {} });
      expect(registry.fromJSON(JSON.stringify(json)).config).toEqual({ axis: 0 });
    }
  });

  it('should compute forwardInto and backwardInto without reading state a later call changed', () => {
    const act = logSoftmax.create({ axis: 0 });
    const x: Tensor = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    const expected = act.forward(x);
    const y = new Float64Array(6);
    act.forwardInto(x, y);
    act.forward(tensor(new Float64Array([9, 9, 9, 9, 9, 9, 9, 9]), [2, 4])); // a longer axis elsewhere: the scratch row grows
    const dy = tensor(new Float64Array([1, -1, 2, 0.5, 0, 3]), [3, 2]);
    const dx = new Float64Array(6);
    act.backwardInto(dy, dx);
    expect(bitEqual(y, expected.y.data)).toBe(true);
    expect(bitEqual(dx, expected.backward(dy).data)).toBe(true);
  });
});
