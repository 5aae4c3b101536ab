import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRegistry, RectifyError, tensor, type Activation, type FloatArray } from '@rectify/core';
import { bitEqual, toArray } from '@rectify/testing';
import { describeConformance } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { leakyRelu, type LeakyReluConfig } from '../src/index.js';

describeConformance(leakyRelu);
describeConformance(leakyRelu, { config: { negativeSlope: 0 } });
describeConformance(leakyRelu, { config: { negativeSlope: 1.5 } });
describeConformance(leakyRelu, { config: { negativeSlope: -0.3 } });

/** Largest finite float32, (2 − 2^−23)·2^127. */
const MAX32 = 3.4028234663852886e38;
/** Smallest float32 subnormal, 2^−149. */
const SUB32 = 2 ** -149;
/** Smallest float64 subnormal, 2^−1074. */
const SUB64 = 2 ** -1074;
/** 1e30 rounded to float32 (0x7149f2ca). */
const F1E30 = 1.0000000150474662e30;
/** 0.01 rounded to float32 (0x3c23d70a): the slope a float32 call uses by default. */
const S32 = 0.009999999776482582;
/** −0.3 rounded to float32 (0xbe99999a). */
const NEG_03_F32 = -0.30000001192092896;

type Row = readonly [x: number, y: number, dx: number];
type ArrayType = typeof Float32Array | typeof Float64Array;

/** The IEEE bits of a float64, as 16 hex digits. */
function bits64(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** The IEEE bits of a float32, as 8 hex digits. */
function bits32(value: number): string {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  return view.getUint32(0).toString(16).padStart(8, '0');
}

/** A number as text, with −0 written as `-0`. */
function show(value: number | undefined): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Runs forward, then backward with dy = 1 everywhere (unless dy is given). */
function run(activation: Activation, Array: ArrayType, xs: readonly number[], dys?: readonly number[]): { y: FloatArray; dx: FloatArray } {
  const x = tensor(Array.from(xs));
  const { y, backward } = activation.forward(x);
  const dx = backward(tensor(Array.from(dys ?? xs.map(() => 1))));
  return { y: y.data, dx: dx.data };
}

/**
 * Checks a table of [x, y, dx at dy = 1] against the activation, bit for bit
 * (−0 and NaN included), and names the first row that differs.
 */
function expectTable(config: Partial<LeakyReluConfig>, Array: ArrayType, table: readonly Row[]): void {
  const { y, dx } = run(leakyRelu.create(config), Array, table.map((row) => row[0]));
  expect(y).toBeInstanceOf(Array);
  table.forEach(([x, yExpected, dxExpected], i) => {
    // String() of a number round-trips exactly, so comparing strings is a bit
    // comparison that also shows −0 in the failure message.
    expect(show(y[i]), `y(${show(x)})`).toBe(show(yExpected));
    expect(show(dx[i]), `dx(${show(x)})`).toBe(show(dxExpected));
  });
}

// Every expected value below follows from PyTorch's rule, y = x > 0 ? x : x·s
// and dx = x > 0 ? dy : dy·s, with s rounded to float32 first for float32
// data and each product rounded once (ties to even) to the dtype. Products
// that are not obvious are explained beside them; they were cross-checked
// with an independent IEEE implementation.

describe('leaky_relu edge cases with the default slope 0.01', () => {
  it('should match PyTorch bit for bit in float64', () => {
    expectTable({}, Float64Array, [
      [1, 1, 1],
      [-10, -0.1, 0.01], // −10 × 0.01 rounds to the double nearest −0.1
      [0, 0, 0.01], // +0 is not > 0: y = +0·s = +0, and the gradient at the kink is s
      [-0, -0, 0.01], // −0·s = −0
      [15, 15, 1],
      [-20, -0.2, 0.01],
      [SUB64, SUB64, 1],
      [-SUB64, -0, 0.01], // 2^−1074 × 0.01 underflows; the sign survives
      [1e30, 1e30, 1],
      [-1e30, -1e28, 0.01], // rounds to the double nearest −1e28 (0xc5c027e72f1f1281)
      [Number.MAX_VALUE, Number.MAX_VALUE, 1],
      [-Number.MAX_VALUE, -1.7976931348623156e306, 0.01],
      [Infinity, Infinity, 1],
      [-Infinity, -Infinity, 0.01],
      [Number.NaN, Number.NaN, 0.01], // NaN is not > 0: y = NaN·s, dx = dy·s
    ]);
  });

  it('should match PyTorch bit for bit in float32, with the slope rounded to float32', () => {
    expectTable({}, Float32Array, [
      [1, 1, 1],
      // −10 × S32 = −0.0999999977648258209228515625 exactly, halfway between
      // float32 0xbdcccccc and 0xbdcccccd: ties to even gives 0xbdcccccc.
      [-10, -0.09999999403953552, S32],
      [0, 0, S32],
      [-0, -0, S32],
      [15, 15, 1],
      [-20, -0.19999998807907104, S32], // twice the above: 0xbe4ccccc
      [SUB32, SUB32, 1],
      [-SUB32, -0, S32], // 2^−149 × S32 underflows to −0
      [F1E30, F1E30, 1],
      [-F1E30, -9.99999944211969e27, S32], // 0xee013f39
      [MAX32, MAX32, 1],
      [-MAX32, -3.4028232762376986e36, S32], // 0xfc23d709
      [Infinity, Infinity, 1],
      [-Infinity, -Infinity, S32],
      [Number.NaN, Number.NaN, S32],
    ]);
  });

  it('should round the slope to float32 before multiplying, not the float64 product afterwards', () => {
    const { y } = run(leakyRelu.create(), Float32Array, [-10]);
    const y32 = y[0] as number;
    expect(Object.is(y32, Math.fround(-10 * Math.fround(0.01)))).toBe(true);
    expect(bits32(y32)).toBe('bdcccccc');
    // Rounding only the float64 result would give 0xbdcccccd instead.
    expect(bits32(Math.fround(-10 * 0.01))).toBe('bdcccccd');
    expect(y32).not.toBe(Math.fround(-10 * 0.01));
    // And the float64 result is different again.
    const y64 = run(leakyRelu.create(), Float64Array, [-10]).y[0] as number;
    expect(y64).toBe(-0.1);
    expect(y32).not.toBe(y64);
  });

  it('should pass dy through unchanged where x > 0, even NaN, -0 and Infinity, and scale it by s elsewhere', () => {
    const xs = [2, 3, 4, -1, 0, Number.NaN];
    const dys = [Number.NaN, -0, Infinity, -2, Infinity, -3];
    expect(bitEqual(run(leakyRelu.create(), Float64Array, xs, dys).dx, [Number.NaN, -0, Infinity, -0.02, Infinity, -0.03])).toBe(true);
    const dx32 = run(leakyRelu.create(), Float32Array, xs, dys).dx;
    expect(bitEqual(dx32, [Number.NaN, -0, Infinity, Math.fround(-2 * S32), Infinity, Math.fround(-3 * S32)])).toBe(true);
  });

  it('should give the same bits in training mode, since it draws no random numbers', () => {
    const x = tensor(Float32Array.from([-10, 0, -0, 3, Number.NaN]));
    const act = leakyRelu.create();
    expect(bitEqual(act.forward(x, { training: true }).y.data, act.forward(x).y.data)).toBe(true);
  });
});

describe('leaky_relu edge cases with other slopes', () => {
  it('should flip the sign of zeros and negative values for a negative slope (-0.3)', () => {
    // The slope -0.3 is 0xbe99999a in float32; −10 × that is 3.0000001192092896
    // exactly, halfway between 3 and the next float32, and ties to even gives 3.
    const common = (s: number): Row[] => [
      [0, -0, s], // +0·(−0.3) = −0
      [-0, 0, s], // −0·(−0.3) = +0
      [-10, 3, s], // float64: −10 × −0.3 rounds to 3
      [2, 2, 1],
      [Infinity, Infinity, 1],
      [-Infinity, Infinity, s],
      [Number.NaN, Number.NaN, s],
    ];
    expectTable({ negativeSlope: -0.3 }, Float64Array, [
      ...common(-0.3),
      [-SUB64, 0, -0.3], // underflows to +0
      [-1e30, 3e29, -0.3],
      [-Number.MAX_VALUE, 5.393079404586947e307, -0.3],
    ]);
    expectTable({ negativeSlope: -0.3 }, Float32Array, [
      ...common(NEG_03_F32),
      [-SUB32, 0, NEG_03_F32],
      [-F1E30, 3.000000234037058e29, NEG_03_F32],
      [-MAX32, 1.0208470399155866e38, NEG_03_F32],
    ]);
  });

  it('should round subnormals to even and overflow to -Infinity for a slope of 1.5', () => {
    const common: Row[] = [
      [-10, -15, 1.5],
      [0, 0, 1.5],
      [-0, -0, 1.5],
      [Number.NaN, Number.NaN, 1.5],
    ];
    // 1.5 times the smallest subnormal lies halfway between 1 and 2 of them: ties to even gives 2.
    expectTable({ negativeSlope: 1.5 }, Float64Array, [...common, [-SUB64, -2 * SUB64, 1.5], [-Number.MAX_VALUE, -Infinity, 1.5]]);
    expectTable({ negativeSlope: 1.5 }, Float32Array, [...common, [-SUB32, -2 * SUB32, 1.5], [-MAX32, -Infinity, 1.5]]);
  });

  it('should give -0 for negative inputs, NaN for -Infinity and a zero gradient below 0 for a slope of 0', () => {
    for (const Array of [Float32Array, Float64Array]) {
      expectTable({ negativeSlope: 0 }, Array, [
        [-10, -0, 0], // −10·0 = −0, where ReLU would give +0
        [-0, -0, 0],
        [0, 0, 0],
        [3, 3, 1],
        [-Infinity, Number.NaN, 0], // −∞·0 is NaN
        [Number.NaN, Number.NaN, 0],
      ]);
    }
    // dy·0 keeps the sign of dy.
    expect(bitEqual(run(leakyRelu.create({ negativeSlope: 0 }), Float64Array, [-1], [-5]).dx, [-0])).toBe(true);
  });

  it('should be the identity, bit for bit, for a slope of 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (values) => {
        const x = Float64Array.from(values);
        expect(bitEqual(leakyRelu.create({ negativeSlope: 1 }).forward(tensor(x)).y.data, x)).toBe(true);
      }),
    );
  });
});

describe('leaky_relu properties', () => {
  const slopes = fc.double({ noNaN: true, noDefaultInfinity: true });

  it('should apply the configured slope, rounded to the dtype, in forward and backward', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const round = dtype === 'float32' ? Math.fround : (v: number) => v;
      fc.assert(
        fc.property(slopes, fc.array(fc.tuple(fc.double(), fc.double()), { minLength: 1 }), (s, pairs) => {
          const x = toArray(dtype, pairs.map((p) => p[0]));
          const dy = toArray(dtype, pairs.map((p) => p[1]));
          const { y, backward } = leakyRelu.create({ negativeSlope: s }).forward(tensor(x));
          const dx = backward(tensor(dy)).data;
          const slope = round(s);
          for (let i = 0; i < x.length; i++) {
            const v = x[i] as number;
            expect(Object.is(y.data[i], v > 0 ? v : round(v * slope))).toBe(true);
            expect(Object.is(dx[i], v > 0 ? dy[i] : round((dy[i] as number) * slope))).toBe(true);
          }
        }),
      );
    }
  });

  it('should be positively homogeneous: f(2^k·x) = 2^k·f(x) away from overflow and underflow', () => {
    const normal = fc.double({ min: -1e100, max: 1e100, noNaN: true }).filter((v) => v === 0 || Math.abs(v) > 1e-100);
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }).filter((s) => s === 0 || Math.abs(s) > 1e-100), fc.array(normal, { minLength: 1 }), fc.integer({ min: -20, max: 20 }), (s, values, k) => {
        const act = leakyRelu.create({ negativeSlope: s });
        const scale = 2 ** k;
        const y = act.forward(tensor(Float64Array.from(values))).y.data;
        const yScaled = act.forward(tensor(Float64Array.from(values, (v) => v * scale))).y.data;
        expect(bitEqual(yScaled, Float64Array.from(y, (v) => v * scale))).toBe(true);
      }),
    );
  });
});

describe('leaky_relu plugin', () => {
  it('should reproduce the tutorial table with the bits of the nearest doubles', () => {
    const registry = createRegistry().use(leakyRelu).freeze();
    const { y } = registry.create('LeakyReLU').forward(tensor([1, -10, 0, 15, -20]));
    // −10 × 0.01 is −0.100000000000000002081668…, nearest to the double of −0.1
    // (0xbfb999999999999a); −20 × 0.01 likewise rounds to the double of −0.2.
    expect(Array.from(y.data, bits64)).toEqual([bits64(1), 'bfb999999999999a', '0000000000000000', bits64(15), 'bfc999999999999a']);
    expect(Array.from(y.data)).toEqual([1, -0.1, 0, 15, -0.2]);
  });

  it('should answer to its canonical name and aliases', () => {
    const registry = createRegistry().use(leakyRelu);
    for (const name of ['leaky_relu', 'LeakyReLU', 'leaky-relu', 'lrelu', 'LEAKY_RELU']) {
      expect(registry.get(name)).toBe(leakyRelu);
    }
    expect(registry.names()).toEqual(['leaky_relu']);
    expect(leakyRelu.aliases).toEqual(['LeakyReLU', 'leaky-relu', 'lrelu']);
  });

  it('should export exactly the plugin at run time', () => {
    expect(Object.keys(api).sort()).toEqual(['leakyRelu']);
    expect(leakyRelu.create({ negativeSlope: 0.2 }).config).toEqual({ negativeSlope: 0.2 });
  });

  it('should default negativeSlope to 0.01 and freeze the config', () => {
    expect(leakyRelu.defaults).toEqual({ negativeSlope: 0.01 });
    const act = leakyRelu.create({ negativeSlope: undefined } as never);
    expect(act.config).toEqual({ negativeSlope: 0.01 });
    expect(Object.isFrozen(act.config)).toBe(true);
    expect(act.name).toBe('leaky_relu');
    expect(act.parameters).toEqual([]);
  });

  it('should accept any finite slope: 0, -0, greater than 1, negative, tiny and huge', () => {
    for (const negativeSlope of [0, -0, 1, 1.5, 100, -0.3, -7, 5e-324, -1.7976931348623157e308]) {
      expect(Object.is(leakyRelu.validate({ negativeSlope }).negativeSlope, negativeSlope)).toBe(true);
    }
  });

  it('should give the gain torch.nn.init.calculate_gain("leaky_relu", s) gives', () => {
    const gain = (negativeSlope: number) => leakyRelu.create({ negativeSlope }).gain();
    expect(leakyRelu.create().gain()).toBe(1.4141428569978354); // √(2 / 1.0001)
    expect(gain(0)).toBe(Math.SQRT2);
    expect(gain(1)).toBe(1);
    expect(gain(-1)).toBe(1);
    expect(gain(1.5)).toBe(0.7844645405527362); // √(2 / 3.25)
    expect(gain(-0.3)).toBe(1.3545709229571927); // √(2 / 1.09)
    expect(gain(0.3)).toBe(gain(-0.3));
    // Where s² overflows, the limit √2/|s| keeps the gain positive.
    expect(gain(-1e200)).toBe(Math.SQRT2 / 1e200);
  });

  it('should have a gain that is even in s and satisfies gain²·(1 + s²) = 2', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e150, max: 1e150, noNaN: true }), (s) => {
        const g = leakyRelu.create({ negativeSlope: s }).gain();
        expect(leakyRelu.create({ negativeSlope: -s }).gain()).toBe(g);
        expect(Math.abs(g * g * (1 + s * s) - 2)).toBeLessThanOrEqual(16 * Number.EPSILON);
      }),
    );
  });

  it('should declare its traits: elementwise, deterministic, NaN-propagating, a kink at 0 and Lipschitz bound max(1, |s|)', () => {
    const { traits } = leakyRelu;
    expect([traits.elementwise, traits.stochastic, traits.propagatesNaN]).toEqual([true, false, true]);
    expect(traits.kinks(leakyRelu.create())).toEqual([0]);
    const bound = (negativeSlope: number) => traits.lipschitz(leakyRelu.create({ negativeSlope }));
    expect([bound(0.01), bound(0), bound(-0.3), bound(1.5), bound(-2)]).toEqual([1, 1, 1, 1.5, 2]);
    // The bound is attained between -1 and 0 when |s| > 1.
    const y = leakyRelu.create({ negativeSlope: -2 }).forward(tensor([-1, 0])).y.data;
    expect(Math.abs((y[0] as number) - (y[1] as number))).toBe(bound(-2));
  });

  it('should reject every bad negativeSlope with INVALID_CONFIG naming the field and value', () => {
    const registry = createRegistry().use(leakyRelu);
    for (const bad of [Number.NaN, Infinity, -Infinity, '0.1', null, true, 1n, [0.1], { value: 0.1 }]) {
      const config = { negativeSlope: bad } as never;
      for (const attempt of [() => leakyRelu.create(config), () => leakyRelu.validate(config), () => registry.create('leaky_relu', config)]) {
        expect(attempt).toThrow(RectifyError);
        expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'negativeSlope', value: bad }));
        expect(attempt).toThrow(/config\.negativeSlope must be a finite number/);
      }
    }
  });

  it('should reject unknown keys, naming the key and listing negativeSlope', () => {
    for (const key of ['slope', 'negative_slope', 'alpha', 'inplace']) {
      const attempt = () => leakyRelu.create({ [key]: 0.1 } as never);
      expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: key }));
      expect(attempt).toThrow(/known keys: negativeSlope/);
    }
  });

  it('should reject a config that is not a plain object', () => {
    for (const bad of [0.1, 'negativeSlope', null, [0.1], new Map([['negativeSlope', 0.1]])]) {
      expect(() => leakyRelu.validate(bad)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'config', value: bad }));
    }
  });

  it('should leave a rejected config untouched', () => {
    const config = { negativeSlope: Number.NaN };
    expect(() => leakyRelu.create(config)).toThrow(RectifyError);
    expect(Object.keys(config)).toEqual(['negativeSlope']);
    expect(config.negativeSlope).toBeNaN();
  });

  it('should type-check registry.create("leaky_relu") against LeakyReluConfig', () => {
    const registry = createRegistry().use(leakyRelu).freeze();
    const act = registry.create('leaky_relu', { negativeSlope: 0.1 });
    expectTypeOf(act).toEqualTypeOf<Activation<LeakyReluConfig>>();
    expectTypeOf(act.config.negativeSlope).toEqualTypeOf<number>();
    expect(act.config.negativeSlope).toBe(0.1);
    // @ts-expect-error: `slope` is not a key of LeakyReluConfig
    expect(() => registry.create('leaky_relu', { slope: 0.1 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'slope' }));
    // @ts-expect-error: negativeSlope is a number, not a string
    expect(() => registry.create('leaky_relu', { negativeSlope: '0.1' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'negativeSlope' }));
  });

  it('should round-trip through JSON with its slope', () => {
    const registry = createRegistry().use(leakyRelu);
    const restored = registry.fromJSON(JSON.stringify(leakyRelu.create({ negativeSlope: -0.3 }).toJSON()));
    expect(restored.name).toBe('leaky_relu');
    expect(restored.config).toEqual({ negativeSlope: -0.3 });
  });
});
