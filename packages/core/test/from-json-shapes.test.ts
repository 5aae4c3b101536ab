import { describe, expect, it, vi } from 'vitest';
import { ActivationBase, createParameter, createRegistry, definePlugin, integerField, parseConfig, type ComputeContext, type GradientWriter } from '../src/index.js';

const fields = { count: integerField(1, 'Number of weights.', { min: 1, max: 2 ** 24 }) };

/** An activation with `count` weights: y = x·w[0]. */
class Weighted extends ActivationBase<{ count: number }> {
  constructor(config?: Partial<{ count: number }>) {
    const parsed = parseConfig('weighted', fields, config);
    super('weighted', parsed, [createParameter('w', [parsed.count], 1)]);
  }
  gain(): number {
    return 1;
  }
  protected override compute({ x, y }: ComputeContext): GradientWriter {
    const w = this.parameters[0]!.data[0]!;
    for (let i = 0; i < y.length; i++) y[i] = x.data[i]! * w;
    return (dy, dx) => {
      for (let i = 0; i < dx.length; i++) dx[i] = dy[i]! * w;
    };
  }
}

function plugin() {
  const create = vi.fn((config?: Partial<{ count: number }>) => new Weighted(config));
  const weighted = definePlugin({
    name: 'weighted',
    aliases: [],
    summary: 'x·w',
    fields,
    traits: { elementwise: true, stochastic: false, propagatesNaN: true, lipschitz: () => 1, kinks: () => [] },
    parameterShapes: ({ count }) => ({ w: [count] }),
    create,
  });
  return { weighted, create };
}

const document = (config: object, w: unknown) => JSON.stringify({ format: 'rectify.activation', version: 1, name: 'weighted', config, parameters: { w } });

describe('fromJSON checks parameters against the config before it creates anything', () => {
  it('should refuse a small document that claims a huge parameter, without creating (allocating) it', () => {
    const { weighted, create } = plugin();
    const json = document({ count: 2 ** 24 }, { shape: [2 ** 24], data: [0.5] });
    expect(json.length).toBeLessThan(200);
    expect(() => createRegistry().use(weighted).fromJSON(json)).toThrow(expect.objectContaining({ code: 'INVALID_JSON', field: 'parameters.w.data' }));
    expect(create).not.toHaveBeenCalled();
  });

  it('should refuse a shape that disagrees with the config, an unknown or a missing parameter, before creating', () => {
    const { weighted, create } = plugin();
    const registry = createRegistry().use(weighted);
    expect(() => registry.fromJSON(document({ count: 2 }, { shape: [3], data: [1, 2, 3] }))).toThrow(expect.objectContaining({ field: 'parameters.w.shape' }));
    expect(() => registry.fromJSON(JSON.stringify({ format: 'rectify.activation', version: 1, name: 'weighted', config: {}, parameters: {} }))).toThrow(
      expect.objectContaining({ field: 'parameters.w' }),
    );
    expect(() =>
      registry.fromJSON(JSON.stringify({ format: 'rectify.activation', version: 1, name: 'weighted', config: {}, parameters: { w: { shape: [1], data: [1] }, v: {} } })),
    ).toThrow(expect.objectContaining({ field: 'parameters.v' }));
    expect(() => registry.fromJSON(document({ count: 0 }, { shape: [0], data: [] }))).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'count' }));
    expect(create).not.toHaveBeenCalled();
  });

  it('should restore a document that fits, exactly', () => {
    const { weighted, create } = plugin();
    const act = createRegistry().use(weighted).fromJSON(document({ count: 2 }, { shape: [2], data: ['-0', 'NaN'] }));
    expect(create).toHaveBeenCalledTimes(1);
    expect(Object.is(act.parameters[0]!.data[0], -0)).toBe(true);
    expect(act.parameters[0]!.data[1]).toBeNaN();
  });
});
