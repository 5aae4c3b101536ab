import { describe, expect, it } from 'vitest';
import { RectifyError, createRegistry, tensor } from '@rectify/core';
import { DTYPE_LIMITS, edgeCase } from '@rectify/testing';
import { describeConformance, describeReference } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { hardshrink, softshrink, tanhshrink, threshold } from '../src/index.js';

describeConformance(hardshrink);
describeConformance(hardshrink, { config: { lambda: 1.5 } });
describeConformance(softshrink);
describeConformance(softshrink, { config: { lambda: 1.5 } });
describeConformance(tanhshrink);
describeConformance(threshold);
describeConformance(threshold, { config: { threshold: 1.5, value: -2 } });

const { max: MAX32, tiny: TINY32 } = DTYPE_LIMITS.float32;
const { max: MAX64, tiny: TINY64 } = DTYPE_LIMITS.float64;
const edges = edgeCase;

// Each table was computed by PyTorch 1.13.1 (F.hardshrink, F.softshrink, F.tanhshrink, F.threshold and autograd), one
// input at a time. At NaN the scalar kernel ran; where its vectorised kernel differs, the row gives Rectify's choice.
describe('edge cases against PyTorch', () => {
  describeReference(
    [hardshrink, softshrink, tanhshrink, threshold],
    {
      generator: 'PyTorch 1.13.1, one input at a time',
      cases: [
          edges('hardshrink', { lambda: 0.5 }, 'float32', [
            [0, 0, 0],
            [-0, 0, 0],
            [-0.5000000596046448, -0.5000000596046448, -1.5],
            [-0.5, 0, 0],
            [-0.4999999701976776, 0, 0],
            [0.4999999701976776, 0, 0],
            [0.5, 0, 0],
            [0.5000000596046448, 0.5000000596046448, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, Number.NaN, -1.5], // PyTorch's scalar kernel; its vectorised one gives 0
          ]),
          edges('hardshrink', { lambda: 0.5 }, 'float64', [
            [0, 0, 0],
            [-0, 0, 0],
            [-0.5000000000000001, -0.5000000000000001, -1.5],
            [-0.5, 0, 0],
            [-0.49999999999999994, 0, 0],
            [0.49999999999999994, 0, 0],
            [0.5, 0, 0],
            [0.5000000000000001, 0.5000000000000001, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, Number.NaN, -1.5], // PyTorch's scalar kernel; its vectorised one gives 0
          ]),
          edges('softshrink', { lambda: 0.5 }, 'float32', [
            [0, 0, 0],
            [-0, 0, 0],
            [-0.5000000596046448, -5.960464477539063e-8, -1.5],
            [-0.5, 0, 0],
            [-0.4999999701976776, 0, 0],
            [0.4999999701976776, 0, 0],
            [0.5, 0, 0],
            [0.5000000596046448, 5.960464477539063e-8, -1.5],
            [3, 2.5, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, 0, 0], // PyTorch's vectorised kernel; its scalar one gives dy
          ]),
          edges('softshrink', { lambda: 0.5 }, 'float64', [
            [0, 0, 0],
            [-0, 0, 0],
            [-0.5000000000000001, -1.1102230246251565e-16, -1.5],
            [-0.5, 0, 0],
            [-0.49999999999999994, 0, 0],
            [0.49999999999999994, 0, 0],
            [0.5, 0, 0],
            [0.5000000000000001, 1.1102230246251565e-16, -1.5],
            [3, 2.5, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, 0, 0], // PyTorch's vectorised kernel; its scalar one gives dy
          ]),
          edges('hardshrink', { lambda: 0.1 }, 'float32', [
            [0, 0, 0],
            [-0, 0, 0],
            [-0.10000000894069672, -0.10000000894069672, -1.5],
            [-0.10000000149011612, 0, 0],
            [-0.09999999403953552, 0, 0],
            [0.09999999403953552, 0, 0],
            [0.10000000149011612, 0, 0],
            [0.10000000894069672, 0.10000000894069672, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, Number.NaN, -1.5], // PyTorch's scalar kernel; its vectorised one gives 0
          ]),
          edges('hardshrink', { lambda: 0.1 }, 'float64', [
            [0, 0, 0],
            [-0, 0, 0],
            [-0.10000000000000002, -0.10000000000000002, -1.5],
            [-0.1, 0, 0],
            [-0.09999999999999999, 0, 0],
            [0.09999999999999999, 0, 0],
            [0.1, 0, 0],
            [0.10000000000000002, 0.10000000000000002, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, Number.NaN, -1.5], // PyTorch's scalar kernel; its vectorised one gives 0
          ]),
          edges('softshrink', { lambda: 0.1 }, 'float32', [
            [0, 0, 0],
            [-0, 0, 0],
            [-0.10000000894069672, -7.450580596923828e-9, -1.5],
            [-0.10000000149011612, 0, 0],
            [-0.09999999403953552, 0, 0],
            [0.09999999403953552, 0, 0],
            [0.10000000149011612, 0, 0],
            [0.10000000894069672, 7.450580596923828e-9, -1.5],
            [3, 2.9000000953674316, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, 0, 0], // PyTorch's vectorised kernel; its scalar one gives dy
          ]),
          edges('softshrink', { lambda: 0.1 }, 'float64', [
            [0, 0, 0],
            [-0, 0, 0],
            [-0.10000000000000002, -1.3877787807814457e-17, -1.5],
            [-0.1, 0, 0],
            [-0.09999999999999999, 0, 0],
            [0.09999999999999999, 0, 0],
            [0.1, 0, 0],
            [0.10000000000000002, 1.3877787807814457e-17, -1.5],
            [3, 2.9, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, 0, 0], // PyTorch's vectorised kernel; its scalar one gives dy
          ]),
          edges('tanhshrink', {}, 'float32', [
            [0, 0, 0],
            [-0, 0, 0],
            [TINY32, 0, 0],
            [0.0010000000474974513, 3.4924596548080444e-10, -1.5497207641601563e-6],
            [-2, -1.0359723567962646, -1.3940237760543823],
            [1, 0.23840582370758057, -0.8700385689735413],
            [20, 19, -1.5],
            [MAX32, MAX32, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, Number.NaN, Number.NaN],
          ]),
          edges('tanhshrink', {}, 'float64', [
            [0, 0, 0],
            [-0, 0, 0],
            [TINY64, 0, 0],
            [0.001, 3.333332000178546e-10, -1.4999990001207664e-6],
            [-2, -1.035972419924183, -1.3940237627202534],
            [1, 0.23840584404423515, -0.8700384875789609],
            [20, 19, -1.5],
            [MAX64, MAX64, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -Infinity, -1.5],
            [Number.NaN, Number.NaN, Number.NaN],
          ]),
          edges('threshold', { threshold: 0, value: 0 }, 'float32', [
            [0, 0, 0],
            [-0, 0, 0],
            [-TINY32, 0, 0],
            [0, 0, 0],
            [TINY32, TINY32, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, 0, 0],
            [Number.NaN, Number.NaN, -1.5],
          ]),
          edges('threshold', { threshold: 0, value: 0 }, 'float64', [
            [0, 0, 0],
            [-0, 0, 0],
            [-TINY64, 0, 0],
            [0, 0, 0],
            [TINY64, TINY64, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, 0, 0],
            [Number.NaN, Number.NaN, -1.5],
          ]),
          edges('threshold', { threshold: 1.5, value: -2 }, 'float32', [
            [0, -2, 0],
            [-0, -2, 0],
            [1.4999998807907104, -2, 0],
            [1.5, -2, 0],
            [1.5000001192092896, 1.5000001192092896, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -2, 0],
            [Number.NaN, Number.NaN, -1.5],
          ]),
          edges('threshold', { threshold: 1.5, value: -2 }, 'float64', [
            [0, -2, 0],
            [-0, -2, 0],
            [1.4999999999999998, -2, 0],
            [1.5, -2, 0],
            [1.5000000000000002, 1.5000000000000002, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, -2, 0],
            [Number.NaN, Number.NaN, -1.5],
          ]),
          edges('threshold', { threshold: -1, value: 3 }, 'float32', [
            [0, 0, -1.5],
            [-0, -0, -1.5],
            [-1.0000001192092896, 3, 0],
            [-1, 3, 0],
            [-0.9999999403953552, -0.9999999403953552, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, 3, 0],
            [Number.NaN, Number.NaN, -1.5],
          ]),
          edges('threshold', { threshold: -1, value: 3 }, 'float64', [
            [0, 0, -1.5],
            [-0, -0, -1.5],
            [-1.0000000000000002, 3, 0],
            [-1, 3, 0],
            [-0.9999999999999999, -0.9999999999999999, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, 3, 0],
            [Number.NaN, Number.NaN, -1.5],
          ]),
          edges('threshold', { threshold: 0.1, value: 0.7 }, 'float32', [
            [0, 0.699999988079071, 0],
            [-0, 0.699999988079071, 0],
            [0.09999999403953552, 0.699999988079071, 0],
            [0.10000000149011612, 0.699999988079071, 0],
            [0.10000000894069672, 0.10000000894069672, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, 0.699999988079071, 0],
            [Number.NaN, Number.NaN, -1.5],
          ]),
          edges('threshold', { threshold: 0.1, value: 0.7 }, 'float64', [
            [0, 0.7, 0],
            [-0, 0.7, 0],
            [0.09999999999999999, 0.7, 0],
            [0.1, 0.7, 0],
            [0.10000000000000002, 0.10000000000000002, -1.5],
            [Infinity, Infinity, -1.5],
            [-Infinity, 0.7, 0],
            [Number.NaN, Number.NaN, -1.5],
          ]),
      ],
    },
    { exact: ['hardshrink', 'softshrink', 'threshold'] },
  );
});

describe.each([
  ['float32', Float32Array],
  ['float64', Float64Array],
] as const)('selected zeros in %s', (_, Array) => {
  it('should give +0 inside the band and at or below the threshold whatever dy holds, -0 and NaN included', () => {
    for (const [act, xs] of [
      [hardshrink.create(), [0.5, -0.5, 0, -0.25]],
      [softshrink.create(), [0.5, -0.5, -0, Number.NaN]],
      [threshold.create(), [0, -0, -1, -Infinity]],
    ] as const) {
      const { backward } = act.forward(tensor(Array.from(xs)));
      const dx = backward(tensor(Array.from([Number.NaN, -0, -Infinity, Number.NaN]))).data;
      expect([...dx].map((v) => Object.is(v, 0))).toEqual([true, true, true, true]);
    }
  });

  it('should give tanhshrink a +0 gradient at ±0 whatever the sign of dy, as dy + (−dy)·1 is', () => {
    const { backward } = tanhshrink.create().forward(tensor(Array.from([0, -0])));
    expect([...backward(tensor(Array.from([-2, 3]))).data].map((v) => Object.is(v, 0))).toEqual([true, true]);
  });
});

describe('tanhshrink accuracy', () => {
  it('should not lose the digits x − tanh(x) cancels near 0', () => {
    // x³/3 − 2x⁵/15 + 17x⁷/315, exact to far below an ulp for these x.
    for (const x of [1e-3, -2e-5, 1e-8]) {
      const series = x ** 3 / 3 - (2 * x ** 5) / 15 + (17 * x ** 7) / 315;
      const y = tanhshrink.create().forward(tensor([x])).y.data[0] as number;
      expect(Math.abs(y - series) / Math.abs(series)).toBeLessThan(8 * Number.EPSILON);
    }
  });
});

describe('shrink package', () => {
  it('should export exactly its four plugins and their config types', () => {
    expect(Object.keys(api).sort()).toEqual(['hardshrink', 'softshrink', 'tanhshrink', 'threshold']);
  });

  it('should register under their names, aliases and display names', () => {
    const registry = createRegistry().use([hardshrink, softshrink, tanhshrink, threshold]).freeze();
    expect(registry.create('Softshrink', { lambda: 1 }).config).toEqual({ lambda: 1 });
    expect(registry.create('Threshold', { threshold: 1, value: 2 }).config).toEqual({ threshold: 1, value: 2 });
    expect([hardshrink, softshrink, tanhshrink, threshold].map((p) => p.displayName)).toEqual(['Hardshrink', 'Softshrink', 'Tanhshrink', 'Threshold']);
  });

  it('should give the documented gains', () => {
    expect(hardshrink.create({ lambda: 20 }).gain()).toBe(1);
    expect(softshrink.create().gain()).toBe(1);
    expect(threshold.create({ threshold: 30 }).gain()).toBe(1);
    expect(tanhshrink.create().gain()).toBeCloseTo(2.3384, 4);
  });

  it('should reproduce the examples in the docs', () => {
    const h = hardshrink.create({ lambda: 0.5 }).forward(tensor([-1, -0.5, 0.25, 0.5, 2]));
    expect(Array.from(h.y.data)).toEqual([-1, 0, 0, 0, 2]);
    expect(Array.from(h.backward(tensor([1, 1, 1, 1, 1])).data)).toEqual([1, 0, 0, 0, 1]);
    const s = softshrink.create({ lambda: 0.5 }).forward(tensor([-2, -0.5, 0.25, 0.5, 3]));
    expect(Array.from(s.y.data)).toEqual([-1.5, 0, 0, 0, 2.5]);
    expect(Array.from(s.backward(tensor([1, 1, 1, 1, 1])).data)).toEqual([1, 0, 0, 0, 1]);
    const t = tanhshrink.create().forward(tensor([-2, 0, 1]));
    expect(Array.from(t.y.data)).toEqual([-1.035972419924183, 0, 0.2384058440442351]);
    expect(Array.from(t.backward(tensor([1, 1, 1])).data)).toEqual([0.9293491751468356, 0, 0.5800256583859739]);
    const th = threshold.create({ threshold: 1.5, value: -2 }).forward(tensor([-1, 1.5, 2, 3]));
    expect(Array.from(th.y.data)).toEqual([-2, -2, 2, 3]);
    expect(Array.from(th.backward(tensor([1, 1, 1, 1])).data)).toEqual([0, 0, 1, 1]);
  });

  it('should give softshrink(NaN) = 0, as PyTorch 1.13 does, and declare that NaN does not propagate', () => {
    expect(Array.from(softshrink.create().forward(tensor([Number.NaN])).y.data)).toEqual([0]);
    expect(softshrink.traits.propagatesNaN).toBe(false);
    expect([hardshrink, tanhshrink, threshold].every((p) => p.traits.propagatesNaN)).toBe(true);
  });
});

describe('config errors', () => {
  it.each([hardshrink, softshrink])('should refuse a negative lambda for $name, naming the field and value', (plugin) => {
    expect(() => plugin.create({ lambda: -0.5 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'lambda', value: -0.5 }));
    expect(() => plugin.validate({ lambda: -0.5 })).toThrow(new RegExp(`${plugin.name}: config\\.lambda must be a finite number ≥ 0, got -0\\.5`));
  });

  it.each([Number.NaN, Infinity, -Infinity, '1'])('should refuse a non-finite or non-number value (%s), naming the field', (bad) => {
    expect(() => hardshrink.create({ lambda: bad as number })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'lambda' }));
    expect(() => threshold.create({ threshold: bad as number })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'threshold' }));
    expect(() => threshold.create({ value: bad as number })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'value' }));
  });

  it('should leave the input config unchanged when it refuses it', () => {
    const config = { lambda: -1 };
    expect(() => softshrink.create(config)).toThrow(RectifyError);
    expect(config).toEqual({ lambda: -1 });
  });

  it('should refuse any config key for tanhshrink', () => {
    expect(() => tanhshrink.create({ lambda: 1 } as never)).toThrow(/unknown config key "lambda"/);
  });
});


describe('lowerings', () => {
  it('should give a backward for each (the kit checks the op set and that it is data)', () => {
    for (const plugin of [hardshrink, softshrink, tanhshrink, threshold]) {
      const lowering = plugin.lowering?.(plugin.validate({}) as never, [2, 3]);
      expect(lowering?.backward).toBeDefined();
    }
  });
});
