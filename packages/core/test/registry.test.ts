import { describe, expect, it, vi } from 'vitest';
import { RectifyError, createRegistry, definePlugin, outputBuffer, tensor, type ActivationJSON } from '../src/index.js';
import { impostor, scale } from './fixtures.js';

describe('registry', () => {
  it('should start empty: nothing registers itself on import', () => {
    expect(createRegistry().names()).toEqual([]);
  });

  it('should find plugins by name and alias, ignoring case, _ and -', () => {
    const registry = createRegistry().use(scale);
    for (const name of ['scale', 'SCALE', 'Scale', 'linear_scale', 'linear-scale', 'LinearScale', 'linearscale']) {
      expect(registry.has(name)).toBe(true);
      expect(registry.get(name)).toBe(scale);
    }
    expect(registry.has('scal')).toBe(false);
  });

  it('should throw on a taken name or alias, and change nothing', () => {
    const registry = createRegistry().use(scale);
    expect(() => registry.use(impostor)).toThrow(expect.objectContaining({ code: 'DUPLICATE_NAME' }));
    expect(registry.names()).toEqual(['scale']);
    expect(() => registry.use([{ ...impostor, aliases: [] }, impostor])).toThrow(RectifyError);
    expect(registry.names()).toEqual(['scale']);
  });

  it('should replace a colliding plugin, all its names, when asked', () => {
    const registry = createRegistry().use(scale).use(impostor, { replace: true });
    expect(registry.names()).toEqual(['impostor']);
    expect(registry.has('scale')).toBe(false);
    expect(registry.get('linear_scale')).toBe(impostor);
  });

  it('should list registered names and suggest the nearest on an unknown name', () => {
    const registry = createRegistry().use(scale);
    expect(() => registry.get('scael')).toThrow('unknown activation "scael" (registered: scale). Did you mean "scale"?');
    expect(() => registry.create('swish')).toThrow(expect.objectContaining({ code: 'UNKNOWN_ACTIVATION', field: 'name', value: 'swish' }));
    expect(() => createRegistry().get('relu')).toThrow(/the registry is empty/);
  });

  it('should refuse registration after freeze, but still create', () => {
    const registry = createRegistry().use(scale).freeze();
    expect(registry.frozen).toBe(true);
    expect(() => registry.use(impostor)).toThrow(expect.objectContaining({ code: 'FROZEN_REGISTRY' }));
    expect(registry.create('scale', { init: 2 }).config).toEqual({ init: 2 });
  });

  it('should reject options that are not an object', () => {
    expect(() => createRegistry().use(scale, null as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options' }));
  });

  it('should reject things that are not plugins', () => {
    expect(() => createRegistry().use({ name: 'x' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => createRegistry().use({ ...scale, name: '' })).toThrow(/name must be a non-empty string/);
  });

  it('should type-check configs of known names', () => {
    const registry = createRegistry().use(scale);
    expect(registry.create('scale', { init: 3 }).config.init).toBe(3);
    // @ts-expect-error: `slope` is not a key of the scale config
    expect(() => registry.create('scale', { slope: 3 })).toThrow(/unknown config key "slope"/);
  });
});

describe('fromJSON', () => {
  const registry = createRegistry().use(scale);
  const trained = () => {
    const act = registry.create('scale', { init: 0.5 });
    act.parameters[0]!.data[0] = -0.123456789012345;
    return act;
  };

  it('should restore config and parameters exactly, from an object or a string', () => {
    const json = trained().toJSON();
    for (const input of [json, JSON.stringify(json)]) {
      const restored = registry.fromJSON(input);
      expect(restored.config).toEqual({ init: 0.5 });
      expect(restored.parameters[0]!.data[0]).toBe(-0.123456789012345);
    }
  });

  it('should keep NaN, ±Infinity and -0 through JSON text', () => {
    for (const value of [Number.NaN, Infinity, -Infinity, -0]) {
      const act = registry.create('scale');
      act.parameters[0]!.data[0] = value;
      expect(Object.is(registry.fromJSON(JSON.stringify(act.toJSON())).parameters[0]!.data[0], value)).toBe(true);
    }
  });

  const reject = (mutate: (json: Record<string, unknown>) => unknown, field: RegExp | string) => {
    const json = JSON.parse(JSON.stringify(trained().toJSON())) as Record<string, unknown>;
    const bad = mutate(json) ?? json;
    let error: unknown;
    try {
      registry.fromJSON(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RectifyError);
    expect((error as RectifyError).field).toMatch(field);
    return error as RectifyError;
  };

  it('should reject documents of the wrong format, version or shape', () => {
    expect(reject((j) => void (j.format = 'other'), 'format').code).toBe('INVALID_JSON');
    reject((j) => void (j.version = 2), 'version');
    reject((j) => void (j.extra = 1), 'extra');
    reject((j) => void ((j.parameters as Record<string, { data: unknown[] }>).a!.data = [1, 2]), 'parameters.a.data');
    reject((j) => void ((j.parameters as Record<string, { data: unknown[] }>).a!.data = ['1']), 'parameters.a.data[0]');
    reject((j) => void ((j.parameters as Record<string, { shape: unknown[] }>).a!.shape = [1, 1]), 'parameters.a.shape');
    reject((j) => void ((j.parameters as Record<string, unknown>).b = { shape: [1], data: [1] }), 'parameters.b');
    reject(() => [1, 2], 'json');
  });

  it('should reject an unknown name and a bad config through the plugin', () => {
    expect(reject((j) => void (j.name = 'scael'), 'name').code).toBe('UNKNOWN_ACTIVATION');
    expect(reject((j) => void (j.config = { init: 'x' }), 'init').code).toBe('INVALID_CONFIG');
  });

  it('should refuse __proto__, constructor and prototype keys anywhere', () => {
    const base = JSON.stringify(trained().toJSON());
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const text = base.replace('"config":{', `"config":{"${key}":{"polluted":true},`);
      expect(() => registry.fromJSON(text)).toThrow(expect.objectContaining({ code: 'INVALID_JSON' }));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('should refuse absurd sizes and nesting', () => {
    expect(() => registry.fromJSON('x'.repeat(16 * 1024 * 1024 + 1))).toThrow(/more than/);
    expect(() => registry.fromJSON('['.repeat(100) + ']'.repeat(100))).toThrow(/nesting deeper than 32/);
    expect(() => registry.fromJSON('{not json')).toThrow(/not JSON/);
  });
});

describe('ActivationBase', () => {
  const act = () => scale.create({ init: 2 });

  it('should validate options and out buffers, changing nothing', () => {
    const x = tensor(new Float32Array([1, 2, 3]));
    expect(() => act().forward(x, { out: new Float64Array(3) })).toThrow(expect.objectContaining({ code: 'DTYPE_MISMATCH', field: 'options.out' }));
    expect(() => act().forward(x, { out: new Float32Array(2) })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => act().forward(x, { out: x.data })).toThrow(/overlaps an input/);
    expect(() => act().forward(x, { training: 1 as never })).toThrow(expect.objectContaining({ field: 'options.training' }));
    expect(() => act().forward(x, { rng: {} as never })).toThrow(expect.objectContaining({ field: 'options.rng' }));
    expect(() => act().forward(x, { trainng: true } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.trainng' }));
    expect(() => act().forward(x).backward(x, { output: new Float32Array(3) } as never)).toThrow(/unknown option "output"/);
    expect(Array.from(x.data)).toEqual([1, 2, 3]);
  });

  it('should follow the input dtype', () => {
    expect(act().forward(tensor(new Float32Array(2))).y.data).toBeInstanceOf(Float32Array);
    expect(act().forward(tensor(new Float64Array(2))).y.data).toBeInstanceOf(Float64Array);
  });

  it('should accumulate parameter gradients until zeroGrad', () => {
    const a = act();
    const { backward } = a.forward(tensor([1, 2]));
    backward(tensor([1, 1]));
    backward(tensor([1, 1]));
    expect(a.parameters[0]!.grad.data[0]).toBe(6);
    a.zeroGrad();
    expect(a.parameters[0]!.grad.data[0]).toBe(0);
  });

  it('should serialise to the versioned format', () => {
    const json: ActivationJSON = act().toJSON();
    expect(json).toEqual({ format: 'rectify.activation', version: 1, name: 'scale', config: { init: 2 }, parameters: { a: { shape: [1], data: [2] } } });
  });
});

describe('fromJSON of a config holding -0', () => {
  it('should keep the sign of a zero config value', () => {
    const registry = createRegistry().use(scale);
    const act = registry.create('scale', { init: -0 });
    const text = JSON.stringify(act.toJSON());
    expect(text).toContain('"init":"-0"');
    expect(Object.is((registry.fromJSON(text).config as { init: number }).init, -0)).toBe(true);
  });
});

describe('ActivationBase shape reuse', () => {
  it('should return a frozen input shape as y.shape for an elementwise activation', () => {
    const x = tensor(new Float64Array(6), [2, 3]);
    expect(scale.create().forward(x).y.shape).toBe(x.shape);
  });

  it('should still refuse data of the wrong length under a shape it has seen', () => {
    const act = scale.create();
    const x = tensor(new Float64Array(6), [2, 3]);
    act.forward(x);
    expect(() => act.forward({ data: new Float64Array(5), shape: x.shape })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => act.forward({ data: new Int32Array(6) as never, shape: x.shape })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('should reuse the output shape for another frozen shape of the same sizes, and only then', () => {
    const act = scale.create();
    const outputShape = vi.spyOn(act, 'outputShape');
    const first = tensor(new Float64Array(6), [2, 3]);
    act.forward(first);
    const { y } = act.forward(tensor(new Float64Array(6), [2, 3]));
    expect(y.shape).toEqual([2, 3]);
    act.forward(tensor(new Float64Array(6), [3, 2]));
    act.forward({ data: new Float64Array(6), shape: [3, 2] });
    expect(() => act.forward({ data: new Float64Array(6), shape: Object.freeze([3, 3]) })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(outputShape).toHaveBeenCalledTimes(3);
  });

  it('should not be fooled by an unfrozen shape changed after a call', () => {
    const act = scale.create();
    const shape = [2, 3];
    const { y } = act.forward({ data: new Float64Array(6), shape });
    shape[0] = 3;
    expect(y.shape).toEqual([2, 3]);
    expect(() => act.forward({ data: new Float64Array(6), shape })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});

describe('definePlugin', () => {
  it('should derive defaults and a validator from the fields, and freeze the plugin', () => {
    const plugin = definePlugin({ ...scale, name: 'derived', defaults: undefined as never, validate: undefined as never });
    expect(plugin.defaults).toEqual({ init: 1 });
    expect(plugin.validate({ init: 2 })).toEqual({ init: 2 });
    expect(() => plugin.validate({ nope: 1 })).toThrow(/derived: unknown config key "nope"/);
    expect(Object.isFrozen(plugin)).toBe(true);
  });
});

describe('outputBuffer', () => {
  it('should refuse a buffer overlapping any array to avoid, and accept disjoint views of one memory', () => {
    const memory = new Float32Array(8);
    const x = memory.subarray(0, 4);
    expect(outputBuffer(memory.subarray(4, 8), x, 4, 'out', [x])).toBeInstanceOf(Float32Array);
    expect(() => outputBuffer(memory.subarray(3, 7), x, 4, 'out', [x])).toThrow(/out overlaps an input/);
    expect(() => outputBuffer(memory.subarray(2, 6), x, 4, 'out', [new Float32Array(4), memory.subarray(5, 6)])).toThrow(RectifyError);
    expect(outputBuffer(undefined, x, 3, 'out', [x])).toHaveLength(3);
  });
});
