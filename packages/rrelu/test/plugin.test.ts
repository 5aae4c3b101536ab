import { describe, expect, it } from 'vitest';
import { createRegistry, createRng, RectifyError, tensor } from '@rectify/core';
import { bitEqual } from '@rectify/testing';
import * as api from '../src/index.js';
import { rrelu, Rrelu } from '../src/index.js';
import { trainOnce } from './helpers.js';

describe('rrelu config', () => {
  it('should default to lower 1/8, upper 1/3 and seed 0, frozen', () => {
    const { config } = rrelu.create();
    expect(config).toEqual({ lower: 0.125, upper: 1 / 3, seed: 0 });
    expect(Object.isFrozen(config)).toBe(true);
    expect(rrelu.defaults).toEqual(config);
  });

  it('should accept equal bounds, negative bounds, bounds above 1 and the extreme 32-bit seeds', () => {
    for (const config of [{ lower: 0.2, upper: 0.2 }, { lower: -3, upper: -1 }, { lower: 1.5, upper: 4 }, { seed: -(2 ** 31) }, { seed: 2 ** 31 - 1 }]) {
      expect(rrelu.create(config).config).toMatchObject(config);
    }
  });

  it('should reject lower > upper with INVALID_CONFIG naming both fields and values', () => {
    for (const create of [() => rrelu.create({ lower: 0.5, upper: 0.1 }), () => rrelu.validate({ lower: 0.5, upper: 0.1 })]) {
      expect(create).toThrow(RectifyError);
      expect(create).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'lower', value: 0.5 }));
      expect(create).toThrow(/config\.lower must be ≤ config\.upper, got lower = 0\.5 and upper = 0\.1/);
    }
    expect(() => rrelu.create({ lower: 0.5 })).toThrow(/lower = 0\.5 and upper = 0\.3333333333333333/);
    expect(() => rrelu.create({ upper: 0.1 })).toThrow(/lower = 0\.125 and upper = 0\.1/);
  });

  it.each([
    ['lower', Number.NaN],
    ['lower', Infinity],
    ['lower', -Infinity],
    ['upper', Number.NaN],
    ['upper', Infinity],
    ['upper', -Infinity],
    ['lower', '0.1'],
    ['upper', null],
    ['seed', 1.5],
    ['seed', Number.NaN],
    ['seed', 2 ** 31],
    ['seed', -(2 ** 31) - 1],
    ['seed', '7'],
  ] as const)('should reject %s = %s with INVALID_CONFIG naming the field and value', (field, value) => {
    const create = () => rrelu.create({ [field]: value } as never);
    expect(create).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field, value }));
    expect(() => rrelu.validate({ [field]: value })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field }));
  });

  it('should reject unknown keys and non-object configs', () => {
    expect(() => rrelu.create({ negativeSlope: 0.1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'negativeSlope' }));
    expect(() => rrelu.create({ training: true } as never)).toThrow(/unknown config key "training"; known keys: lower, upper, seed/);
    expect(() => rrelu.validate([0.1, 0.3])).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'config' }));
  });

  it('should validate to the same frozen config that create uses', () => {
    const config = { lower: -0.25, upper: 0.75, seed: 12 };
    expect(rrelu.validate(config)).toEqual(rrelu.create(config).config);
    expect(Object.isFrozen(rrelu.validate(config))).toBe(true);
  });
});

describe('rrelu plugin', () => {
  it('should export exactly the plugin and the class', () => {
    expect(Object.keys(api).sort()).toEqual(['Rrelu', 'rrelu']);
    expect(rrelu.create()).toBeInstanceOf(Rrelu);
  });

  it('should answer to rrelu, RReLU and randomized_leaky_relu in a registry', () => {
    const registry = createRegistry().use(rrelu);
    for (const name of ['rrelu', 'RReLU', 'randomized_leaky_relu', 'randomized-leaky-relu', 'RandomizedLeakyReLU']) {
      expect(registry.create(name).name).toBe('rrelu');
    }
    expect(registry.create('rrelu', { lower: 0.1, upper: 0.2 }).config).toEqual({ lower: 0.1, upper: 0.2, seed: 0 });
  });

  it('should declare itself elementwise, stochastic and NaN-propagating, with one kink at 0', () => {
    expect(rrelu.traits).toMatchObject({ elementwise: true, stochastic: true, propagatesNaN: true });
    expect(rrelu.traits.kinks(rrelu.create())).toEqual([0]);
    expect(rrelu.reference).toMatch(/Xu, Wang, Chen & Li.*Empirical Evaluation of Rectified Activations in Convolutional Network/);
  });

  it('should bound its Lipschitz constant by max(1, |lower|, |upper|)', () => {
    const lipschitz = (config: object) => rrelu.traits.lipschitz(rrelu.create(config));
    expect(lipschitz({})).toBe(1);
    expect(lipschitz({ lower: -3, upper: 2 })).toBe(3);
    expect(lipschitz({ lower: 0.5, upper: 2.5 })).toBe(2.5);
  });

  it('should have the leaky ReLU gain of the eval slope, √(2/(1 + s²))', () => {
    const s = (0.125 + 1 / 3) / 2;
    expect(rrelu.create().gain()).toBe(Math.sqrt(2 / (1 + s * s)));
    expect(rrelu.create().gain()).toBeCloseTo(1.37848, 5);
    expect(rrelu.create({ lower: 0, upper: 0 }).gain()).toBe(Math.SQRT2);
    expect(rrelu.create({ lower: 1, upper: 1 }).gain()).toBe(1);
    expect(rrelu.create({ lower: -1, upper: -1 }).gain()).toBe(1);
  });

  it('should keep a positive, finite gain where s² overflows', () => {
    const gain = rrelu.create({ lower: 1e200, upper: 1e200 }).gain();
    expect(gain).toBeGreaterThan(0);
    expect(gain * 1e200).toBeCloseTo(Math.SQRT2, 12);
  });

  it('should have no parameters', () => {
    const activation = rrelu.create();
    expect(activation.parameters).toEqual([]);
    expect(() => activation.zeroGrad()).not.toThrow();
  });

  it('should serialise its config, seed included, and restart the restored generator from the seed', () => {
    const original = rrelu.create({ lower: 0.05, upper: 0.4, seed: 31 });
    const x = new Float64Array(8).fill(-1);
    const first = trainOnce(original, x).slopes;
    const json = original.toJSON();
    expect(json).toEqual({ format: 'rectify.activation', version: 1, name: 'rrelu', config: { lower: 0.05, upper: 0.4, seed: 31 }, parameters: {} });
    const restored = createRegistry().use(rrelu).fromJSON(JSON.stringify(json));
    expect(bitEqual(trainOnce(restored, x).slopes, first)).toBe(true);
  });

  it('should reject a bad rng option without drawing', () => {
    const activation = rrelu.create();
    expect(() => activation.forward(tensor([-1]), { training: true, rng: { seed: 1 } as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.rng' }),
    );
    expect(bitEqual(trainOnce(activation, new Float64Array([-1])).slopes, trainOnce(rrelu.create(), new Float64Array([-1]), createRng(0)).slopes)).toBe(true);
  });
});
