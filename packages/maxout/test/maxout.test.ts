import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegistry, tensor, RectifyError, type DType, type Tensor } from '@rectify/core';
import { bitEqual, shapeArbitrary, smoothValueArbitrary, toArray, valueArbitrary } from '@rectify/testing';
import { describeConformance } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { MAX_PIECES, Maxout, maxout } from '../src/index.js';
import { maxoutLowering } from '../src/lowering.js';
import { groupsOf, referenceMaxout } from './reference.js';

describeConformance(maxout);
describeConformance(maxout, { config: { pieces: 1 } });
describeConformance(maxout, { config: { pieces: 3 }, shapes: shapeArbitrary({ maxRank: 3, maxDim: 6 }) });
describeConformance(maxout, { config: { pieces: 2, axis: -1 } });

const MAX32 = 3.4028234663852886e38;
const SUB32 = 1.401298464324817e-45;
const SUB64 = 5e-324;

const DTYPES = [
  ['float32', Float32Array, MAX32, SUB32],
  ['float64', Float64Array, Number.MAX_VALUE, SUB64],
] as const;

/** Element values rich in ties, signed zeros, infinities, NaN and the extremes of a dtype. */
function spicyValues(dtype: DType): fc.Arbitrary<number> {
  const max = dtype === 'float32' ? MAX32 : Number.MAX_VALUE;
  const sub = dtype === 'float32' ? SUB32 : SUB64;
  return fc.oneof(
    { weight: 3, arbitrary: valueArbitrary(dtype) },
    { weight: 3, arbitrary: fc.integer({ min: -2, max: 2 }) },
    { weight: 2, arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity, max, -max, sub, -sub, Number.NaN) },
  );
}

interface Layout {
  /** k. */
  readonly pieces: number;
  /** The configured axis, possibly negative. */
  readonly axis: number;
  /** The axis it resolves to. */
  readonly resolved: number;
  /** An input shape whose grouped axis is a multiple of k. */
  readonly shape: number[];
}

/** Shapes of rank 1 to 4 with a configured axis in range and a grouped axis of 0 to 3 groups. */
function layoutArbitrary(pieces: fc.Arbitrary<number> = fc.integer({ min: 1, max: 4 })): fc.Arbitrary<Layout> {
  return fc
    .tuple(pieces, fc.integer({ min: 1, max: 4 }))
    .chain(([k, rank]) =>
      fc.tuple(
        fc.constant(k),
        fc.integer({ min: -rank, max: rank - 1 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: rank, maxLength: rank }),
        fc.integer({ min: 0, max: 3 }),
      ),
    )
    .map(([k, axis, dims, groups]) => {
      const resolved = dims.length === 1 ? 0 : axis < 0 ? axis + dims.length : axis;
      return { pieces: k, axis, resolved, shape: dims.map((d, i) => (i === resolved ? groups * k : d)) };
    });
}

interface Case {
  readonly layout: Layout;
  readonly x: Tensor;
  readonly dy: Tensor;
}

function caseArbitrary(dtype: DType, layouts: fc.Arbitrary<Layout> = layoutArbitrary(), values: fc.Arbitrary<number> = spicyValues(dtype)): fc.Arbitrary<Case> {
  return layouts.chain((layout) => {
    const size = layout.shape.reduce((a, b) => a * b, 1);
    const outShape = layout.shape.map((d, i) => (i === layout.resolved ? d / layout.pieces : d));
    const outSize = outShape.reduce((a, b) => a * b, 1);
    return fc.record({
      layout: fc.constant(layout),
      x: fc.array(values, { minLength: size, maxLength: size }).map((v) => tensor(toArray(dtype, v), layout.shape)),
      dy: fc
        .array(fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(-0, Number.NaN, Infinity)), { minLength: outSize, maxLength: outSize })
        .map((v) => tensor(toArray(dtype, v), outShape)),
    });
  });
}

describe.each(DTYPES)('maxout properties in %s', (dtype) => {
  it('should match an index-by-index reference: values, shape, and dy routed to the first winner', () => {
    fc.assert(
      fc.property(caseArbitrary(dtype), ({ layout, x, dy }) => {
        const { pieces, axis, resolved, shape } = layout;
        const expected = referenceMaxout(x.data, shape, resolved, pieces);
        const { y, backward } = maxout.create({ pieces, axis }).forward(x);
        expect(y.shape).toEqual(expected.shape);
        expect(y.data).toBeInstanceOf(x.data.constructor);
        expect(bitEqual(y.data, expected.y)).toBe(true);
        const dx = new Array<number>(x.data.length).fill(0);
        expected.source.forEach((s, o) => (dx[s] = dy.data[o] as number));
        expect(bitEqual(backward(dy).data, dx)).toBe(true);
      }),
    );
  });

  it('should make dx over each group sum exactly to dy, all of it on one member', () => {
    fc.assert(
      fc.property(caseArbitrary(dtype), ({ layout, x, dy }) => {
        const { pieces, axis, resolved, shape } = layout;
        const dx = maxout.create({ pieces, axis }).forward(x).backward(dy).data;
        groupsOf(shape, resolved, pieces).forEach((members, o) => {
          const g = dy.data[o] as number;
          const parts = members.map((m) => dx[m] as number);
          const sum = parts.reduce((a, b) => a + b, 0);
          if (Number.isNaN(g)) expect(sum).toBeNaN();
          else expect(sum === g).toBe(true);
          expect(parts.filter((v) => !Object.is(v, 0)).length).toBeLessThanOrEqual(1);
        });
      }),
    );
  });

  it('should output a member of each group: NaN if any member is NaN, else at least every member', () => {
    fc.assert(
      fc.property(caseArbitrary(dtype), ({ layout, x }) => {
        const { pieces, axis, resolved, shape } = layout;
        const y = maxout.create({ pieces, axis }).forward(x).y.data;
        groupsOf(shape, resolved, pieces).forEach((members, o) => {
          const out = y[o] as number;
          const values = members.map((m) => x.data[m] as number);
          expect(values.some((v) => Object.is(v, out))).toBe(true);
          if (values.some(Number.isNaN)) expect(out).toBeNaN();
          else for (const v of values) expect(out >= v).toBe(true);
        });
      }),
    );
  });

  it('should be the identity bit for bit with pieces = 1, forward and backward', () => {
    fc.assert(
      fc.property(caseArbitrary(dtype, layoutArbitrary(fc.constant(1))), ({ layout, x, dy }) => {
        const { y, backward } = maxout.create({ pieces: 1, axis: layout.axis }).forward(x);
        expect(y.shape).toEqual(x.shape);
        expect(bitEqual(y.data, x.data)).toBe(true);
        expect(bitEqual(backward(dy).data, dy.data)).toBe(true);
      }),
    );
  });

  it('should give distanceToKink as half the smallest gap between a group\'s two largest members', () => {
    fc.assert(
      fc.property(
        caseArbitrary(dtype, layoutArbitrary(fc.integer({ min: 2, max: 4 }))).filter(({ x }) => x.data.length > 0 && x.data.every(Number.isFinite)),
        ({ layout, x }) => {
          const { pieces, axis, resolved, shape } = layout;
          const margin = maxout.traits.distanceToKink?.(maxout.create({ pieces, axis }), x) as number;
          const halfGaps = groupsOf(shape, resolved, pieces).map((members) => {
            const values = members.map((m) => x.data[m] as number).sort((a, b) => b - a);
            return ((values[0] as number) - (values[1] as number)) / 2;
          });
          for (const half of halfGaps) expect(half >= margin).toBe(true);
          expect(halfGaps).toContain(margin);
        },
      ),
    );
  });

  it('should keep every winner when each member moves by less than distanceToKink', () => {
    fc.assert(
      fc.property(
        caseArbitrary(dtype, layoutArbitrary(fc.integer({ min: 2, max: 4 })), smoothValueArbitrary(dtype)).filter(({ x }) => x.data.length > 0),
        fc.array(fc.double({ min: -0.99, max: 0.99, noNaN: true }), { minLength: 256, maxLength: 256 }),
        ({ layout, x }, moves) => {
          const { pieces, axis, resolved, shape } = layout;
          const margin = maxout.traits.distanceToKink?.(maxout.create({ pieces, axis }), x) as number;
          fc.pre(margin > 0);
          const moved = Float64Array.from(x.data, (v, i) => v + (moves[i % moves.length] as number) * margin);
          const before = maxout.create({ pieces, axis }).forward(tensor(Float64Array.from(x.data), shape)).y.data;
          const after = maxout.create({ pieces, axis }).forward(tensor(moved, shape)).y.data;
          const winners = (y: ArrayLike<number>, data: ArrayLike<number>) =>
            groupsOf(shape, resolved, pieces).map((members, o) => members.find((m) => data[m] === y[o]));
          expect(winners(after, moved)).toEqual(winners(before, x.data));
        },
      ),
    );
  });
});

interface EdgeCase {
  readonly name: string;
  readonly group: readonly number[];
  readonly winner: number;
}

/** Groups and the member that wins each, by the tie, NaN and signed-zero rules. */
function edgeCases(max: number, sub: number): EdgeCase[] {
  return [
    { name: 'the first of two equal maxima', group: [1, 1], winner: 0 },
    { name: 'the first of two equal maxima after a smaller member', group: [-1, 2, 2], winner: 1 },
    { name: 'NaN when it comes first', group: [Number.NaN, 1], winner: 0 },
    { name: 'NaN when it comes second', group: [1, Number.NaN], winner: 1 },
    { name: 'the first of two NaNs', group: [Number.NaN, Number.NaN], winner: 0 },
    { name: 'the first NaN, after a larger number', group: [5, Number.NaN, Number.NaN], winner: 1 },
    { name: 'NaN over +Infinity', group: [Infinity, Number.NaN], winner: 1 },
    { name: '-0 when it comes before +0', group: [-0, 0], winner: 0 },
    { name: '+0 when it comes before -0', group: [0, -0], winner: 0 },
    { name: '-0 over a negative number', group: [-1, -0], winner: 1 },
    { name: '+Infinity over the largest finite value', group: [max, Infinity], winner: 1 },
    { name: 'the largest finite value over its negation', group: [-max, max], winner: 1 },
    { name: 'the most negative finite value over -Infinity', group: [-Infinity, -max], winner: 1 },
    { name: 'the first -Infinity when all are -Infinity', group: [-Infinity, -Infinity], winner: 0 },
    { name: 'the first +Infinity when all are +Infinity', group: [Infinity, Infinity], winner: 0 },
    { name: 'the smallest subnormal over +0', group: [0, sub], winner: 1 },
    { name: '-0 over the negative smallest subnormal', group: [-sub, -0], winner: 1 },
    { name: 'the nearer of two negative subnormals', group: [-2 * sub, -sub], winner: 1 },
  ];
}

describe.each(DTYPES)('maxout edge cases in %s', (_, Float, max, sub) => {
  it.each(edgeCases(max, sub))('should output $name and route dy to it', ({ group, winner }) => {
    const x = tensor(Float.from(group));
    const { y, backward } = maxout.create({ pieces: group.length }).forward(x);
    expect(y.shape).toEqual([1]);
    expect(y.data).toBeInstanceOf(Float);
    expect(bitEqual(y.data, [group[winner] as number])).toBe(true);
    const dx = backward(tensor(Float.from([3]))).data;
    expect(bitEqual(dx, group.map((_, j) => (j === winner ? 3 : 0)))).toBe(true);
  });

  it('should route a NaN or -0 dy unchanged and write +0 elsewhere, even into a dirty out buffer', () => {
    const x = tensor(Float.from([1, 2, 4, 3, -1, -2]), [3, 2]);
    const { backward } = maxout.create({ pieces: 2, axis: -1 }).forward(x);
    const out = new Float(6).fill(Number.NaN);
    const dx = backward(tensor(Float.from([Number.NaN, -0, 5]), [3, 1]), { out });
    expect(dx.data).toBe(out);
    expect(bitEqual(out, [0, Number.NaN, -0, 0, 5, 0])).toBe(true);
  });

  it('should group consecutive channels, not strided ones', () => {
    // Consecutive groups are (1, 2) and (3, 4); strided ones would be (1, 3) and (2, 4).
    const { y } = maxout.create({ pieces: 2 }).forward(tensor(Float.from([1, 2, 3, 4]), [1, 4]));
    expect(bitEqual(y.data, [2, 4])).toBe(true);
  });
});

describe('maxout shapes', () => {
  it.each([
    [{}, [2, 6, 5], [2, 3, 5]],
    [{ pieces: 3 }, [2, 6, 5], [2, 2, 5]],
    [{ pieces: 3, axis: -1 }, [2, 5, 6], [2, 5, 2]],
    [{ pieces: 2, axis: 0 }, [6, 2], [3, 2]],
    [{ pieces: 2, axis: -3 }, [4, 1, 1], [2, 1, 1]],
    [{ pieces: 4 }, [3, 0, 2], [3, 0, 2]],
    [{ pieces: 1, axis: 3 }, [2, 3, 4, 5], [2, 3, 4, 5]],
  ])('should map %o on %o to %o', (config, input, output) => {
    expect(maxout.create(config).outputShape(input)).toEqual(output);
  });

  it.each([1, 0, -1, 5, -7])('should use axis 0 for a rank-1 input when axis is %d', (axis) => {
    const { y } = maxout.create({ pieces: 2, axis }).forward(tensor([1, 5, -3, -4]));
    expect(y.shape).toEqual([2]);
    expect(Array.from(y.data)).toEqual([5, -3]);
  });

  it('should reject a size not divisible by pieces, naming the axis, its size and pieces', () => {
    const act = maxout.create({ pieces: 2 });
    expect(() => act.outputShape([2, 5, 3])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape[1]', value: 5 }));
    expect(() => act.outputShape([2, 5, 3])).toThrow(/axis 1 .*has size 5, which is not divisible by pieces = 2/);
    expect(() => maxout.create({ pieces: 3, axis: -1 }).outputShape([3, 4])).toThrow(/axis 1 .*size 4.*pieces = 3/);
  });

  it.each([
    [2, [4, 4]],
    [-3, [4, 4]],
    [4, [2, 2, 2, 2]],
  ])('should reject axis %d for shape %o as out of range', (axis, shape) => {
    const act = maxout.create({ pieces: 2, axis });
    expect(() => act.outputShape(shape)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'axis', value: axis }));
    expect(() => act.outputShape(shape)).toThrow(new RegExp(`axis ${axis} is out of range for an input of rank ${shape.length}`));
  });

  it('should reject a scalar input and a malformed shape', () => {
    const act = maxout.create({ pieces: 1 });
    expect(() => act.outputShape([])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape' }));
    expect(() => act.forward(tensor([7], []))).toThrow(RectifyError);
    expect(() => act.outputShape([2, -1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'inputShape[1]' }));
  });

  it('should change nothing when forward refuses a shape', () => {
    const x = tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    const out = new Float32Array(3).fill(9);
    expect(() => maxout.create({ pieces: 2 }).forward(x, { out })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(Array.from(out)).toEqual([9, 9, 9]);
    expect(Array.from(x.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('maxout config', () => {
  it('should default to pieces 2 on axis 1', () => {
    expect(maxout.defaults).toEqual({ pieces: 2, axis: 1 });
    expect(maxout.create().config).toEqual({ pieces: 2, axis: 1 });
    expect(Object.isFrozen(maxout.create().config)).toBe(true);
  });

  it('should accept pieces from 1 to MAX_PIECES', () => {
    expect(maxout.create({ pieces: 1 }).config.pieces).toBe(1);
    expect(maxout.create({ pieces: MAX_PIECES }).config.pieces).toBe(MAX_PIECES);
  });

  it.each([1.5, 0, -1, MAX_PIECES + 1, Number.NaN, Infinity, '2', null, 2n])('should reject pieces = %s, naming the field', (pieces) => {
    expect(() => maxout.create({ pieces } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'pieces' }));
    expect(() => maxout.validate({ pieces })).toThrow(/config\.pieces must be an integer from 1 to 1024/);
  });

  it.each([0.5, Number.NaN, -Infinity, '1', true])('should reject axis = %s, naming the field', (axis) => {
    expect(() => maxout.create({ axis } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'axis' }));
  });

  it('should reject unknown keys such as TensorFlow Addons\' numUnits', () => {
    expect(() => maxout.create({ numUnits: 4 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'numUnits' }));
    expect(() => maxout.create({ numUnits: 4 } as never)).toThrow(/known keys: pieces, axis/);
  });
});

describe('maxout plugin', () => {
  it('should export exactly MAX_PIECES, Maxout and maxout', () => {
    expect(Object.keys(api).sort()).toEqual(['MAX_PIECES', 'Maxout', 'maxout']);
  });

  it('should be found by its name and alias, with a typed config', () => {
    const registry = createRegistry().use(maxout).freeze();
    const act = registry.create('maxout', { pieces: 3 });
    expect(act).toBeInstanceOf(Maxout);
    expect(act.config.pieces).toBe(3);
    expect(registry.create('Maxout').name).toBe('maxout');
    expect(registry.names()).toEqual(['maxout']);
  });

  it('should declare its traits: not elementwise, deterministic, NaN-propagating, 1-Lipschitz, no fixed kinks', () => {
    const act = maxout.create();
    expect(maxout.traits.elementwise).toBe(false);
    expect(maxout.traits.stochastic).toBe(false);
    expect(maxout.traits.propagatesNaN).toBe(true);
    expect(maxout.traits.lipschitz(act)).toBe(1);
    expect(maxout.traits.kinks(act)).toEqual([]);
    expect(act.parameters).toEqual([]);
  });

  it.each([
    ['half the smallest top-two gap', { pieces: 2 }, [1, 4, 2, 2.5], 0.25],
    ['0 for a tie', { pieces: 3 }, [1, 3, 3], 0],
    ['0 for a tie of -0 and +0', { pieces: 2 }, [-0, 0], 0],
    ['0 for a group with NaN', { pieces: 2 }, [1, 4, Number.NaN, 2], 0],
    ['0 for equal infinities', { pieces: 2 }, [-Infinity, -Infinity], 0],
    ['Infinity for an infinite gap', { pieces: 2 }, [Infinity, 1], Infinity],
    ['Infinity with one piece', { pieces: 1 }, [1, 1], Infinity],
    ['Infinity with no groups', { pieces: 2, axis: -1 }, [], Infinity],
  ])('should give distanceToKink %s', (_, config, values, expected) => {
    const x = tensor(Float64Array.from(values), values.length === 0 ? [3, 0] : [1, values.length]);
    expect(maxout.traits.distanceToKink?.(maxout.create(config), x)).toBe(expected);
  });

  it('should route dy by the winners recorded at forward time, not by x at backward time', () => {
    const data = new Float64Array([1, 2, 4, 3]);
    const { backward } = maxout.create().forward(tensor(data, [1, 4]));
    const copy = tensor(data.slice(), [1, 4]);
    const fresh = maxout.create().forward(copy).backward(tensor([10, 20], [1, 2])).data;
    data.reverse();
    expect(bitEqual(backward(tensor([10, 20], [1, 2])).data, fresh)).toBe(true);
    expect(Array.from(fresh)).toEqual([0, 10, 20, 0]);
  });

  it('should give gradient only to the winning piece of each unit of a preceding dense layer', () => {
    const inputs = 4;
    const units = 2;
    const pieces = 3;
    const weight = new Float64Array(units * pieces * inputs).map((_, i) => Math.sin(i + 1));
    const x = new Float64Array([0.5, -1, 2, 0.25]);
    const z = new Float64Array(units * pieces);
    for (let o = 0; o < z.length; o++) for (let i = 0; i < inputs; i++) z[o] = (z[o] as number) + (weight[o * inputs + i] as number) * (x[i] as number);
    const { y, backward } = maxout.create({ pieces }).forward(tensor(z, [1, units * pieces]));
    expect(y.shape).toEqual([1, units]);
    const dz = backward(tensor([1, 1], [1, units])).data;
    for (let u = 0; u < units; u++) {
      const piecesOf = Array.from(z.subarray(u * pieces, (u + 1) * pieces));
      const best = piecesOf.indexOf(Math.max(...piecesOf));
      expect(y.data[u]).toBe(piecesOf[best]);
      expect(Array.from(dz.subarray(u * pieces, (u + 1) * pieces))).toEqual(piecesOf.map((_, j) => (j === best ? 1 : 0)));
    }
  });

  it('should serialise its config and restore it', () => {
    const registry = createRegistry().use(maxout);
    const json = maxout.create({ pieces: 4, axis: -1 }).toJSON();
    expect(json).toEqual({ format: 'rectify.activation', version: 1, name: 'maxout', config: { pieces: 4, axis: -1 }, parameters: {} });
    expect(registry.fromJSON(JSON.stringify(json)).config).toEqual({ pieces: 4, axis: -1 });
  });
});

describe('maxout lowering shapes', () => {
  /** The `shape` attribute of every Reshape in a lowering expression, in the order met. */
  const reshapes = (node: unknown): unknown[] => {
    if (typeof node !== 'object' || node === null) return [];
    const n = node as { op?: string; inputs?: unknown[]; attributes?: { shape?: unknown } };
    const own = n.op === 'Reshape' ? [n.attributes?.shape] : [];
    return [...own, ...(n.inputs ?? []).flatMap(reshapes)];
  };
  const lower = (config: Parameters<typeof maxout.create>[0], shape: number[]): ReturnType<typeof maxoutLowering> => maxoutLowering(maxout.create(config).config, shape);

  it('should write the leading size as −1, so that the lowering does not depend on the batch size', () => {
    const at = (shape: number[], config = {}): unknown => {
      const l = lower(config, shape);
      return { forward: reshapes(l.forward), backward: reshapes(l.backward) };
    };
    expect(at([2, 8])).toEqual(at([3, 8]));
    expect(at([2, 6, 4], { pieces: 3, axis: 1 })).toEqual(at([7, 6, 4], { pieces: 3, axis: 1 }));
    expect(reshapes(lower({}, [2, 8]).forward)).toEqual([[-1, 4], [-1, 2]]);
  });

  it('should write the sizes out where the axis is the first or another size is 0', () => {
    expect(reshapes(lower({ axis: 0 }, [8, 3]).forward)).toEqual([[4, 3], [4, 2, 3]]);
    expect(reshapes(lower({ axis: 1 }, [2, 8, 0]).forward)).toEqual([[2, 4, 0], [8, 2, 0]]);
  });
});
