import { describe, expect, it } from 'vitest';
import { createRegistry } from '@rectify/core';
import { describeConformance, describeEdges } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { gelu, mish } from '../src/index.js';

describeConformance(gelu);
describeConformance(gelu, { config: { approximate: 'tanh' } });
describeConformance(mish);


const F32_1E30 = 1.0000000150474662e30;
const F32_MAX = 3.4028234663852886e38;

// In float32 PyTorch's vectorised kernel gives +0 where its scalar kernel (and this plugin) gives −0 for x ≤ −0;
// the reference fixture accepts either.
describeEdges(gelu, { approximate: 'none' }, 'at ±0, in saturation, at ±∞ and NaN', {
  float32: [
    [0, 1, 0, 0.5],
    [-0, -1, -0, -0.5],
    [-40, -1, -0, -0],
    [800, 1, 800, 1],
    [-800, -1, -0, -0],
    [F32_1E30, 1, F32_1E30, 1],
    [-F32_1E30, -1, -0, -0],
    [F32_MAX, 1, F32_MAX, 1],
    [-F32_MAX, 1, -0, 0],
    [Infinity, 1, Infinity, Number.NaN],
    [-Infinity, 1, Number.NaN, Number.NaN],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
  float64: [
    [0, 1, 0, 0.5],
    [-0, -1, -0, -0.5],
    [-40, -1, -0, -0],
    [800, 1, 800, 1],
    [-800, -1, -0, -0],
    [1e30, 1, 1e30, 1],
    [-1e30, -1, -0, -0],
    [Number.MAX_VALUE, 1, Number.MAX_VALUE, 1],
    [-Number.MAX_VALUE, 1, -0, 0],
    [Infinity, 1, Infinity, Number.NaN],
    [-Infinity, 1, Number.NaN, Number.NaN],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
});

// The gradient is NaN where x² overflows the dtype (from 1.8e19 in float32, 1.3e154 in float64), as in PyTorch.
// (From x ≈ −5 to −20 PyTorch's y is −0, where 1 + tanh(u) cancels; this plugin keeps the tiny exact value.)
describeEdges(gelu, { approximate: 'tanh' }, 'at ±0, in saturation, where x² overflows, at ±∞ and NaN', {
  float32: [
    [0, 1, 0, 0.5],
    [-0, -1, -0, -0.5],
    [1, 1, 0.8411920070648193, 1.0829640626907349],
    [800, 1, 800, 1],
    [-800, -1, -0, -0],
    [1e10, 1, 1e10, 1],
    [-1e10, -1, -0, -0],
    [1.9999999961012896e19, 1, 1.9999999961012896e19, Number.NaN],
    [-1.9999999961012896e19, -1, -0, Number.NaN],
    [F32_1E30, 1, F32_1E30, Number.NaN],
    [-F32_1E30, -1, -0, Number.NaN],
    [Infinity, 1, Infinity, Number.NaN],
    [-Infinity, 1, Number.NaN, Number.NaN],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
  float64: [
    [0, 1, 0, 0.5],
    [-0, -1, -0, -0.5],
    [1, 1, 0.8411919906082768, 1.0829640838457826],
    [800, 1, 800, 1],
    [-800, -1, -0, -0],
    [1e10, 1, 1e10, 1],
    [-1e10, -1, -0, -0],
    [2e19, 1, 2e19, 1],
    [-2e19, -1, -0, -0],
    [1e30, 1, 1e30, 1],
    [-1e30, -1, -0, -0],
    [Number.MAX_VALUE, 1, Number.MAX_VALUE, Number.NaN],
    [-Number.MAX_VALUE, 1, -0, Number.NaN],
    [Infinity, 1, Infinity, Number.NaN],
    [-Infinity, 1, Number.NaN, Number.NaN],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
});

describeEdges(mish, {}, 'at ±0, in saturation (a gradient of exactly 1 from x ≈ 18.7), at ±∞ and NaN', {
  float32: [
    [0, 1, 0, 0.6000000238418579],
    [-0, -1, -0, -0.6000000238418579],
    [20, 1, 20, 1],
    [30, -1, 30, -1],
    [800, 1, 800, 1],
    [-800, -1, -0, -0],
    [F32_1E30, 1, F32_1E30, 1],
    [-F32_1E30, -1, -0, -0],
    [F32_MAX, -1, F32_MAX, -1],
    [-F32_MAX, -1, -0, -0],
    [Infinity, 1, Infinity, Number.NaN],
    [-Infinity, 1, Number.NaN, Number.NaN],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
  float64: [
    [0, 1, 0, 0.6],
    [-0, -1, -0, -0.6],
    [1, 1, 0.8650983882673103, 1.0490362200997922],
    [20, 1, 20, 1],
    [30, -1, 30, -1],
    [800, 1, 800, 1],
    [-800, -1, -0, -0],
    [1e30, 1, 1e30, 1],
    [-1e30, -1, -0, -0],
    [Number.MAX_VALUE, -1, Number.MAX_VALUE, -1],
    [-Number.MAX_VALUE, -1, -0, -0],
    [Infinity, 1, Infinity, Number.NaN],
    [-Infinity, 1, Number.NaN, Number.NaN],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
});

describe('gelu package', () => {
  it('should export the two plugins and their config types only', () => {
    expect(Object.keys(api).sort()).toEqual(['gelu', 'mish']);
  });

  it('should be found by name and alias, with PyTorch defaults and display names', () => {
    const registry = createRegistry().use([gelu, mish]).freeze();
    expect(registry.create('GELU').config).toEqual({ approximate: 'none' });
    expect(registry.create('Mish').name).toBe('mish');
    expect([gelu.displayName, mish.displayName]).toEqual(['GELU', 'Mish']);
  });

  it('should give the documented variance-preserving gains', () => {
    expect(gelu.create().gain()).toBeCloseTo(1.5335304412, 8);
    expect(gelu.create({ approximate: 'tanh' }).gain()).toBeCloseTo(1.5335805217, 8);
    expect(mish.create().gain()).toBeCloseTo(1.4868475813, 8);
  });

  it('should declare Lipschitz bounds and ranges just outside the exact extremes', () => {
    const exact = gelu.create();
    const tanh = gelu.create({ approximate: 'tanh' });
    expect(gelu.traits.lipschitz(exact)).toBeGreaterThanOrEqual(1.1289041451851547);
    expect(gelu.traits.lipschitz(tanh)).toBeGreaterThanOrEqual(1.1289930686587717);
    expect(gelu.traits.range?.(exact)[0]).toBeLessThanOrEqual(-0.16997120747990366);
    expect(gelu.traits.range?.(tanh)[0]).toBeLessThanOrEqual(-0.17004075057125406);
    expect(mish.traits.range?.(mish.create())[0]).toBeLessThanOrEqual(-0.3088434130172504);
  });

  it("should refuse an approximate other than 'none' or 'tanh', naming the field and value", () => {
    expect(() => gelu.create({ approximate: 'erf' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'approximate', value: 'erf' }));
    expect(() => gelu.create({ approximate: 'erf' } as never)).toThrow('gelu: config.approximate must be one of "none", "tanh", got "erf"');
    expect(() => mish.create({ beta: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'beta' }));
  });
});
