import { describe, expect, it } from 'vitest';
import { createRegistry, defineElementwise, definePlugin, findPlugin, pluginOf, recordOrigin, type Activation, type AnyActivationPlugin } from '../src/index.js';
import { impostor, scale } from './fixtures.js';

const softsign = defineElementwise({
  name: 'softsign_test',
  summary: 'x / (1 + |x|)',
  fields: {},
  f: (x) => x / (1 + Math.abs(x)),
  df: (x) => 1 / (1 + Math.abs(x)) ** 2,
});

describe('pluginOf', () => {
  it('should find the plugin of an activation made by a defined plugin, elementwise or not', () => {
    expect(pluginOf(scale.create())).toBe(scale);
    expect(pluginOf(softsign.create())).toBe(softsign);
  });

  it('should record only a plugin of the activation\'s name: a definition reusing another\'s create leaves the original', () => {
    const made = impostor.create();
    expect(made.name).toBe('scale');
    expect(pluginOf(made)).toBe(scale);
    expect(recordOrigin(made, impostor)).toBe(made);
    expect(pluginOf(made)).toBe(scale);
  });

  it('should call a defined plugin\'s create with the completed plugin as this, defaults and validate included', () => {
    const plugin = definePlugin({
      ...scale,
      defaults: undefined as never,
      validate: undefined as never,
      create(this: { validate(config: unknown): { init: number }; defaults: { init: number } }, config?: object) {
        return scale.create({ init: this.validate(config).init + this.defaults.init });
      },
    });
    expect(plugin.create({ init: 2 }).parameters[0]!.data[0]).toBe(3);
  });

  it('should find the registered plugin of activations a registry creates or reads from JSON', () => {
    const registry = createRegistry().use([scale, softsign]);
    const made = registry.create('linear_scale', { init: 2 });
    expect(pluginOf(made)).toBe(scale);
    expect(pluginOf(registry.fromJSON(made.toJSON()))).toBe(scale);
  });

  it('should record a hand-written plugin through the registry, and know nothing of a bare object', () => {
    // A plugin written by hand, not through definePlugin: its activations are new objects nothing has recorded.
    const handWritten = { ...scale, create: (config?: object) => Object.create(scale.create(config)) as Activation } as AnyActivationPlugin;
    expect(pluginOf(handWritten.create())).toBeUndefined();
    const registry = createRegistry().use(handWritten);
    expect(pluginOf(registry.create('scale'))).toBe(handWritten);
    const inner = scale.create();
    expect(pluginOf({ ...inner })).toBeUndefined();
    expect(recordOrigin(inner, handWritten)).toBe(inner);
    expect(pluginOf(inner)).toBe(handWritten);
  });
});

describe('findPlugin', () => {
  it('should take a plugin, a registry, or nothing when the origin is recorded', () => {
    const act = scale.create();
    expect(findPlugin(act, scale)).toBe(scale);
    expect(findPlugin(act, createRegistry().use(scale))).toBe(scale);
    expect(findPlugin(act)).toBe(scale);
  });

  it('should refuse another plugin, a non-object, or nothing for an activation of unknown origin, naming the field', () => {
    const act = scale.create();
    expect(() => findPlugin(act, impostor)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'plugin' }));
    expect(() => findPlugin(act, 'scale' as never, 'options.plugin')).toThrow(expect.objectContaining({ field: 'options.plugin', value: 'scale' }));
    expect(() => findPlugin({ ...act })).toThrow(/give plugin: its plugin or a registry/);
  });
});
