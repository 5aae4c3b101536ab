import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRegistry, tensor, RectifyError } from '@rectify/core';
import { bitEqual } from '@rectify/testing';
import * as api from '../src/index.js';
import { Prelu, prelu } from '../src/index.js';

describe('prelu plugin', () => {
  it('should export exactly the plugin and its class', () => {
    expect(Object.keys(api).sort()).toEqual(['Prelu', 'prelu']);
  });

  it('should answer to its name and aliases in a registry', () => {
    const registry = createRegistry().use(prelu).freeze();
    for (const name of ['prelu', 'PReLU', 'parametric_relu', 'Parametric-ReLU']) {
      const act = registry.create(name as 'prelu', { numParameters: 2 });
      expect(act).toBeInstanceOf(Prelu);
      expect(act.name).toBe('prelu');
    }
  });

  it('should type-check registry.create configs for prelu', () => {
    const registry = createRegistry().use(prelu);
    const act = registry.create('prelu', { numParameters: 4, axis: -1 });
    expect(act.config).toEqual({ numParameters: 4, init: 0.25, axis: -1 });
    // @ts-expect-error numParameters is a number
    expect(() => registry.create('prelu', { numParameters: '4' })).toThrow(RectifyError);
  });

  it('should default to one slope of 0.25 on axis 1, in a parameter named weight', () => {
    const act = prelu.create();
    expect(act.config).toEqual({ numParameters: 1, init: 0.25, axis: 1 });
    expect(prelu.defaults).toEqual(act.config);
    expect(act.parameters.map((p) => [p.name, [...p.shape], Array.from(p.data), Array.from(p.grad.data)])).toEqual([['weight', [1], [0.25], [0]]]);
  });

  it('should fill every slope with init', () => {
    const act = new Prelu({ numParameters: 3, init: -0.5 });
    expect(act.weight).toBe(act.parameters[0]);
    expect(Array.from(act.weight.data)).toEqual([-0.5, -0.5, -0.5]);
    expect(act.weight.data).toBeInstanceOf(Float64Array);
  });
});

describe('prelu config', () => {
  const rejects: [string, object, string][] = [
    ['a non-integer numParameters', { numParameters: 1.5 }, 'numParameters'],
    ['numParameters 0', { numParameters: 0 }, 'numParameters'],
    ['a negative numParameters', { numParameters: -3 }, 'numParameters'],
    ['numParameters above 2^24', { numParameters: 2 ** 24 + 1 }, 'numParameters'],
    ['an astronomical numParameters', { numParameters: 1e300 }, 'numParameters'],
    ['a string numParameters', { numParameters: '3' }, 'numParameters'],
    ['a NaN init', { init: Number.NaN }, 'init'],
    ['an infinite init', { init: -Infinity }, 'init'],
    ['a non-integer axis', { axis: 0.5 }, 'axis'],
    ['an unknown key', { num_parameters: 3 }, 'num_parameters'],
  ];

  it.each(rejects)('should reject %s with INVALID_CONFIG naming the field', (_, config, field) => {
    expect(() => prelu.create(config as never)).toThrow(expect.objectContaining({ name: 'RectifyError', code: 'INVALID_CONFIG', field }));
    expect(() => prelu.validate(config)).toThrow(new RegExp(`prelu: (config\\.${field} must be|unknown config key "${field}")`));
  });

  it('should state the limit when numParameters is too large', () => {
    expect(() => prelu.validate({ numParameters: 2 ** 24 + 1 })).toThrow(/config\.numParameters must be an integer from 1 to 16777216, got 16777217/);
    expect(prelu.validate({ numParameters: 2 ** 24 }).numParameters).toBe(2 ** 24);
  });

  it('should accept any finite init, zero, negative and above 1 included', () => {
    for (const init of [0, -0, -2, 3, 1e300]) expect(Object.is(new Prelu({ init }).weight.data[0], init)).toBe(true);
  });
});

describe('prelu gain and traits', () => {
  it('should give the leaky ReLU gain of the slope when numParameters is 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), (a) => {
        const act = new Prelu({ init: a });
        expect(act.gain()).toBe(Math.sqrt(2 / (1 + a * a)));
      }),
    );
    expect(new Prelu().gain()).toBeCloseTo(1.3719886811, 9);
  });

  it('should use the mean of the slopes, read at each call', () => {
    const act = new Prelu({ numParameters: 3 });
    act.weight.data.set([0, 0.5, 1]);
    expect(act.gain()).toBe(Math.sqrt(2 / 1.25));
    act.weight.data.set([1, 1, 1]);
    expect(act.gain()).toBe(1);
  });

  it('should bound the Lipschitz constant by max(1, max |w|) and declare one kink at 0', () => {
    const act = new Prelu({ numParameters: 2 });
    act.weight.data.set([0.5, -3]);
    expect(prelu.traits.lipschitz(act)).toBe(3);
    act.weight.data.set([0.5, -0.75]);
    expect(prelu.traits.lipschitz(act)).toBe(1);
    expect(prelu.traits.kinks(act)).toEqual([0]);
    expect(prelu.traits).toMatchObject({ elementwise: true, stochastic: false, propagatesNaN: true });
  });
});

describe('prelu JSON', () => {
  const registry = createRegistry().use(prelu).freeze();

  it('should restore the weights exactly, -0 and NaN included', () => {
    const original = new Prelu({ numParameters: 5, axis: -1, init: 0.1 });
    original.weight.data.set([0.1, -0, Number.NaN, -3.5, 5e-324]);
    const text = JSON.stringify(original.toJSON());
    const restored = registry.fromJSON(text);
    expect(restored).toBeInstanceOf(Prelu);
    expect(restored.config).toEqual({ numParameters: 5, init: 0.1, axis: -1 });
    expect(bitEqual((restored as Prelu).weight.data, [0.1, -0, Number.NaN, -3.5, 5e-324])).toBe(true);
    const x = tensor(Float32Array.from([-1, -2, -3, -4, -5, 1, 2, 3, 4, 5]), [2, 5]);
    expect(bitEqual(restored.forward(x).y.data, original.forward(x).y.data)).toBe(true);
  });

  it('should not carry gradients', () => {
    const original = new Prelu();
    original.forward(tensor([-1])).backward(tensor([1]));
    const restored = registry.fromJSON(original.toJSON());
    expect(bitEqual(restored.parameters[0]?.grad.data ?? [], [0])).toBe(true);
  });

  it('should reject a weight array of the wrong length with INVALID_JSON', () => {
    const json = new Prelu({ numParameters: 3 }).toJSON();
    const short = { ...json, parameters: { weight: { shape: [3], data: [0.25, 0.25] } } };
    expect(() => registry.fromJSON(short)).toThrow(expect.objectContaining({ code: 'INVALID_JSON', field: 'parameters.weight.data' }));
  });

  it('should reject a weight of the wrong shape with INVALID_JSON', () => {
    const json = new Prelu({ numParameters: 3 }).toJSON();
    for (const shape of [[2], [3, 1], [1, 3], []]) {
      const bad = { ...json, parameters: { weight: { shape, data: [0.25, 0.25, 0.25] } } };
      expect(() => registry.fromJSON(bad)).toThrow(expect.objectContaining({ code: 'INVALID_JSON', field: 'parameters.weight.shape' }));
    }
    const mismatched = { ...json, config: { ...json.config, numParameters: 2 } };
    expect(() => registry.fromJSON(mismatched)).toThrow(expect.objectContaining({ code: 'INVALID_JSON' }));
  });

  it('should reject a weight value that is not a number with INVALID_JSON', () => {
    const json = new Prelu({ numParameters: 2 }).toJSON();
    const bad = { ...json, parameters: { weight: { shape: [2], data: [0.25, 'nan'] } } };
    expect(() => registry.fromJSON(bad)).toThrow(expect.objectContaining({ code: 'INVALID_JSON', field: 'parameters.weight.data[1]' }));
  });
});
