import { describe, expect, it } from 'vitest';
import { createRegistry, type AnyActivationPlugin } from '@rectify/core';
import { describeConformance, describeEdges } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { hardsigmoid, hardswish, logsigmoid, sigmoid, silu } from '../src/index.js';

const plugins = [sigmoid, logsigmoid, hardsigmoid, silu, hardswish];
for (const plugin of plugins) describeConformance(plugin);



const F32_1E30 = 1.0000000150474662e30;
const F32_MAX = 3.4028234663852886e38;

describeEdges(sigmoid, {}, 'at ±0, in saturation, at ±∞ and NaN', {
  float32: [
    [0, 1, 0.5, 0.25],
    [-0, 1, 0.5, 0.25],
    [1, -1, 0.7310585975646973, -0.1966119259595871],
    [30, -1, 1, -0],
    [800, -1, 1, -0],
    [-800, -1, 0, -0],
    [F32_1E30, -1, 1, -0],
    [-F32_1E30, -1, 0, -0],
    [Infinity, 1, 1, 0],
    [-Infinity, -1, 0, -0],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
  float64: [
    [0, 1, 0.5, 0.25],
    [-0, 1, 0.5, 0.25],
    [1, -1, 0.7310585786300049, -0.19661193324148185],
    [30, -1, 0.9999999999999065, -9.348077867342945e-14],
    [800, -1, 1, -0],
    [-800, -1, 0, -0],
    [1e30, -1, 1, -0],
    [-1e30, -1, 0, -0],
    [Infinity, 1, 1, 0],
    [-Infinity, -1, 0, -0],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
});

describeEdges(logsigmoid, {}, 'at ±0, in both tails (+0 far right), at ±∞ and NaN', {
  float32: [
    [0, 1, -0.6931471824645996, 0.5],
    [-0, -1, -0.6931471824645996, -0.5],
    [30, 1, -9.357622912219837e-14, 9.357622912219837e-14],
    [-30, -1, -30, -1],
    [800, -1, 0, -0],
    [-800, 1, -800, 1],
    [F32_1E30, -1, 0, -0],
    [-F32_1E30, 1, -F32_1E30, 1],
    [Infinity, -1, 0, -0],
    [-Infinity, 1, -Infinity, 1],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
  float64: [
    [0, 1, -0.6931471805599453, 0.5],
    [-0, -1, -0.6931471805599453, -0.5],
    [30, 1, -9.357622968839737e-14, 9.3576229688393e-14],
    [800, -1, 0, -0],
    [-800, 1, -800, 1],
    [1e30, -1, 0, -0],
    [-1e30, 1, -1e30, 1],
    [Infinity, -1, 0, -0],
    [-Infinity, 1, -Infinity, 1],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
});

// The linear piece is exact: each step rounded in the dtype. The gradient is dy times float32's 1/6 in both
// dtypes, and +0 is selected at ±3, beyond them and at Number.NaN, even for a Number.NaN dy.
describeEdges(hardsigmoid, {}, 'on the linear piece, at and beyond ±3, at ±∞ and NaN', {
  float32: [
    [-4, 1, 0, 0],
    [-3, -1, 0, 0],
    [-2.999999761581421, 1, 3.973643103449831e-8, 0.1666666716337204],
    [-1.5, 1, 0.25, 0.1666666716337204],
    [-0, 1, 0.5, 0.1666666716337204],
    [0, 1, 0.5, 0.1666666716337204],
    [0.10000000149011612, 1, 0.5166666507720947, 0.1666666716337204],
    [1, -1, 0.6666666865348816, -0.1666666716337204],
    [2.999999761581421, 1, 1, 0.1666666716337204],
    [3, -1, 1, 0],
    [3.000000238418579, 1, 1, 0],
    [4, Number.NaN, 1, 0],
    [F32_1E30, -1, 1, 0],
    [-F32_1E30, 1, 0, 0],
    [Infinity, 1, 1, 0],
    [-Infinity, -1, 0, 0],
    [Number.NaN, 1, Number.NaN, 0],
  ],
  float64: [
    [-4, 1, 0, 0],
    [-3, -1, 0, 0],
    [-2.9999999999999996, 1, 7.401486830834377e-17, 0.1666666716337204],
    [-1.5, 1, 0.25, 0.1666666716337204],
    [-0, 1, 0.5, 0.1666666716337204],
    [0, 1, 0.5, 0.1666666716337204],
    [0.1, 1, 0.5166666666666667, 0.1666666716337204],
    [1, -1, 0.6666666666666666, -0.1666666716337204],
    [2.9999999999999996, 1, 1, 0.1666666716337204],
    [3, -1, 1, 0],
    [3.0000000000000004, 1, 1, 0],
    [4, Number.NaN, 1, 0],
    [1e30, -1, 1, 0],
    [-1e30, 1, 0, 0],
    [Infinity, 1, 1, 0],
    [-Infinity, -1, 0, 0],
    [Number.NaN, 1, Number.NaN, 0],
  ],
});

describeEdges(silu, {}, 'at ±0, in saturation, at ±∞ and NaN', {
  float32: [
    [0, 1, 0, 0.5],
    [-0, -1, -0, -0.5],
    [20, 1, 20, 1],
    [30, -1, 30, -1],
    [800, -1, 800, -1],
    [-800, 1, -0, -0],
    [F32_1E30, -1, F32_1E30, -1],
    [-F32_1E30, 1, -0, -0],
    [Infinity, 1, Infinity, Number.NaN],
    [-Infinity, 1, Number.NaN, Number.NaN],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
  float64: [
    [0, 1, 0, 0.5],
    [-0, -1, -0, -0.5],
    [20, 1, 19.999999958776925, 1.0000000391619202],
    [30, -1, 29.999999999997197, -1.000000000002711],
    [800, -1, 800, -1],
    [-800, 1, -0, -0],
    [1e30, -1, 1e30, -1],
    [-1e30, 1, -0, -0],
    [Infinity, 1, Infinity, Number.NaN],
    [-Infinity, 1, Number.NaN, Number.NaN],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
});

// Bit for bit on every piece: −0 below −3, −½·dy at −3, dy selected from 3 up (even a Number.NaN dy), float32 overflow of x·6.
// At x = 3 and at Number.NaN this is PyTorch's vectorised kernel; its scalar kernel (the last few elements of a tensor)
// gives 1.5·dy and dy there instead.
describeEdges(hardswish, {}, 'on every piece, at ±3, at ±∞ and NaN', {
  float32: [
    [-4, Number.NaN, -0, 0],
    [-3, 1, -0, -0.5],
    [-2.999999761581421, -1, -1.1920928244535389e-7, 0.4999999403953552],
    [-1.5, -0, -0.375, -0],
    [-0, 1, -0, 0.5],
    [0, -1, 0, -0.5],
    [0.10000000149011612, 1, 0.05166666582226753, 0.5333333611488342],
    [1, 1, 0.6666666865348816, 0.8333333730697632],
    [2.999999761581421, 1, 2.999999761581421, 1.5],
    [3, -1, 3, -1],
    [3.000000238418579, 1, 3.000000238418579, 1],
    [4, Number.NaN, 4, Number.NaN],
    [F32_1E30, -1, 1.00000009060533e30, -1],
    [-F32_1E30, 1, -0, 0],
    [F32_MAX, 1, Infinity, 1],
    [-F32_MAX, 1, -0, 0],
    [Infinity, -1, Infinity, -1],
    [-Infinity, 1, Number.NaN, 0],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
  float64: [
    [-4, Number.NaN, -0, 0],
    [-3, 1, -0, -0.5],
    [-2.9999999999999996, -1, -2.2204460492503128e-16, 0.4999999999999999],
    [-1.5, -0, -0.375, -0],
    [-0, 1, -0, 0.5],
    [0, -1, 0, -0.5],
    [0.1, 1, 0.05166666666666667, 0.5333333333333333],
    [1, 1, 0.6666666666666666, 0.8333333333333333],
    [2.9999999999999996, 1, 2.9999999999999996, 1.5],
    [3, -1, 3, -1],
    [3.0000000000000004, 1, 3.0000000000000004, 1],
    [4, Number.NaN, 4, Number.NaN],
    [1e30, -1, 1.0000000000000002e30, -1],
    [-1e30, 1, -0, 0],
    [Number.MAX_VALUE, 1, Infinity, 1],
    [-Number.MAX_VALUE, 1, -0, 0],
    [Infinity, -1, Infinity, -1],
    [-Infinity, 1, Number.NaN, 0],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
});

describe('sigmoid package', () => {
  it('should export the five plugins and their config types only', () => {
    expect(Object.keys(api).sort()).toEqual(['hardsigmoid', 'hardswish', 'logsigmoid', 'sigmoid', 'silu']);
  });

  it('should find each plugin by its name, aliases and display name', () => {
    const registry = createRegistry().use(plugins).freeze();
    const names: [string, string][] = [
      ['Sigmoid', 'sigmoid'],
      ['logistic', 'sigmoid'],
      ['LogSigmoid', 'logsigmoid'],
      ['Hardsigmoid', 'hardsigmoid'],
      ['SiLU', 'silu'],
      ['swish', 'silu'],
      ['Swish', 'silu'],
      ['Hardswish', 'hardswish'],
    ];
    for (const [typed, canonical] of names) expect(registry.create(typed).name).toBe(canonical);
    expect(plugins.map((p) => p.displayName)).toEqual(['Sigmoid', 'LogSigmoid', 'Hardsigmoid', 'SiLU', 'Hardswish']);
  });

  it("should give calculate_gain's 1 for sigmoid and hardsigmoid, and the documented variance-preserving gains", () => {
    expect(sigmoid.create().gain()).toBe(1);
    expect(hardsigmoid.create().gain()).toBe(1);
    expect(logsigmoid.create().gain()).toBeCloseTo(1.0418668355, 8);
    expect(silu.create().gain()).toBeCloseTo(1.6765324703, 8);
    // Simpson's rule meets hardswish's kinks at ±3: 5e-7 off the exact 1.7366567600.
    expect(hardswish.create().gain()).toBeCloseTo(1.7366567600, 5);
  });

  it('should declare the ranges, directions, kinks and Lipschitz bounds of the maths', () => {
    const traits = (p: AnyActivationPlugin) => {
      const act = p.create();
      const t = p.traits;
      return { range: t.range?.(act), monotonic: t.monotonic?.(act), kinks: t.kinks(act), lipschitz: t.lipschitz(act) };
    };
    expect(traits(sigmoid)).toEqual({ range: [0, 1], monotonic: 'increasing', kinks: [], lipschitz: 0.25 });
    expect(traits(logsigmoid)).toEqual({ range: [-Infinity, 0], monotonic: 'increasing', kinks: [], lipschitz: 1 });
    expect(traits(hardsigmoid)).toEqual({ range: [0, 1], monotonic: 'increasing', kinks: [-3, 3], lipschitz: 1 / 6 });
    expect(traits(hardswish)).toEqual({ range: [-0.375, Infinity], monotonic: undefined, kinks: [-3, 3], lipschitz: 1.5 });
    expect(traits(silu).lipschitz).toBeCloseTo(1.0998393201, 9);
    expect(traits(silu).range?.[0]).toBeLessThanOrEqual(-0.2784645427610738);
  });

  it('should refuse any config key, naming it', () => {
    for (const plugin of plugins) {
      expect(() => plugin.create({ beta: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'beta', value: 1 }));
    }
  });
});
