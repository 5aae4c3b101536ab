import { describe, expect, it } from 'vitest';
import { createRegistry, defineElementwise, findPlugin, pluginOf, recordOrigin, type AnyActivationPlugin } from '../src/index.js';
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

  it('should name the outermost plugin when one definition reuses another\'s create', () => {
    expect(pluginOf(impostor.create())).toBe(impostor);
  });

  it('should find the registered plugin of activations a registry creates or reads from JSON', () => {
    const registry = createRegistry().use([scale, softsign]);
    const made = registry.create('linear_scale', { init: 2 });
    expect(pluginOf(made)).toBe(scale);
    expect(pluginOf(registry.fromJSON(made.toJSON()))).toBe(scale);
  });

  it('should record a hand-written plugin through the registry, and know nothing of a bare object', () => {
    const bare = { ...scale, create: (config?: object) => scale.create(config) };
    const inner = scale.create();
    expect(pluginOf({ ...inner })).toBeUndefined();
    const registry = createRegistry().use({ ...bare, name: 'bare', aliases: [] } as AnyActivationPlugin);
    expect(pluginOf(registry.create('bare'))?.name).toBe('bare');
    expect(recordOrigin(inner, bare)).toBe(inner);
    expect(pluginOf(inner)).toBe(bare);
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
    expect(() => findPlugin({ ...act })).toThrow(/pass \{ plugin: its plugin/);
  });
});
