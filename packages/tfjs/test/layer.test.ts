import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { RectifyError, createRegistry, createRng, tensor, uniform01 } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import { registerTfjsLayers, tfjsLayer, toRectify, toTfjs } from '../src/index.js';

const registry = createRegistry().use(builtInPlugins).freeze();

/** Seeded inputs and a target a small network can learn: y = |x₀| − x₁. */
function data(n: number): { xs: tf.Tensor; ys: tf.Tensor } {
  const rng = createRng(3);
  const x = Float32Array.from({ length: 2 * n }, () => 4 * uniform01(rng) - 2);
  const y = Float32Array.from({ length: n }, (_, i) => Math.abs(x[2 * i] as number) - (x[2 * i + 1] as number));
  return { xs: tf.tensor(x, [n, 2]), ys: tf.tensor(y, [n, 1]) };
}

describe('tfjsLayer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('should train a small tf.sequential model with PReLU inside by model.fit, its slopes among the trained weights', async () => {
    // Arrange
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 8, inputShape: [2], kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
        tfjsLayer(registry.create('prelu', { numParameters: 8 }), { plugin: registry }),
        tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const { xs, ys } = data(64);
    const slopes = model.layers[1]?.getWeights()[0] as tf.Tensor;
    const before = Array.from(slopes.dataSync());
    // Act
    const history = await model.fit(xs, ys, { epochs: 30, batchSize: 16, shuffle: false, verbose: 0 });
    // Assert
    const losses = history.history['loss'] as number[];
    expect(losses[losses.length - 1]).toBeLessThan((losses[0] as number) / 4);
    expect(model.layers[1]?.trainableWeights.length).toBe(1);
    const after = Array.from((model.layers[1]?.getWeights()[0] as tf.Tensor).dataSync());
    expect(after).not.toEqual(before);
    expect(before).toEqual(new Array(8).fill(0.25));
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('should give Maxout and GLU their output shapes, the batch axis unknown', () => {
    const maxout = tfjsLayer(registry.create('maxout', { pieces: 2 }), { plugin: registry });
    const glu = tfjsLayer(registry.create('glu', {}), { plugin: registry });
    expect(maxout.computeOutputShape([null, 8])).toEqual([null, 4]);
    expect(glu.computeOutputShape([null, 3, 8])).toEqual([null, 3, 4]);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 6, inputShape: [3] }), maxout] });
    expect(model.outputs[0]?.shape).toEqual([null, 3]);
    const x = tf.ones([5, 3]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([5, 3]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('should round-trip through model.save and tf.loadLayersModel, config and weights, once registerTfjsLayers is called', async () => {
    // Arrange
    registerTfjsLayers(registry);
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 4, inputShape: [3] }),
        tfjsLayer(registry.create('prelu', { numParameters: 4, init: 0.1 }), { plugin: registry }),
        tfjsLayer(registry.create('softplus', { beta: 2 }), { plugin: registry }),
        tfjsLayer(registry.create('maxout', {}), { plugin: registry }),
      ],
    });
    (model.layers[1] as tfl.layers.Layer).setWeights([tf.tensor([0.5, -0, Number.NaN, 2])]);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    // Act
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    // Assert
    const topology = JSON.stringify(saved?.modelTopology);
    expect(topology).toContain('{"class_name":"Rectify","config":{"name":"rectify_Rectify');
    expect(topology).toContain('"name":"softplus","config":{"beta":2,"threshold":20}');
    const x = tf.tensor([[1, -2, 0.5], [-1, 3, 0], [0, 0, 0]]);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from((loaded.layers[1]?.getWeights()[0] as tf.Tensor).dataSync()).map(String)).toEqual(['0.5', '0', 'NaN', '2']);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('should carry the slopes trained by model.fit back to Rectify with toRectify, the same outputs and JSON', async () => {
    // Arrange
    const layer = tfjsLayer(registry.create('prelu', { numParameters: 4 }));
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 4, inputShape: [2], kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }) }), layer, tfl.layers.dense({ units: 1 })] });
    model.compile({ optimizer: tf.train.sgd(0.2), loss: 'meanSquaredError' });
    const { xs, ys } = data(32);
    await model.fit(xs, ys, { epochs: 5, batchSize: 8, shuffle: false, verbose: 0 });
    const trained = Array.from((layer.getWeights()[0] as tf.Tensor).dataSync());
    // Act
    const activation = toRectify(layer);
    // Assert
    expect(trained).not.toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(activation.parameters[0]!.data)).toEqual(trained);
    const x = tf.tensor([[-1, 2, -0.5, 3], [0.25, -4, 1, -2]]);
    const theirs = layer.apply(x) as tf.Tensor;
    const mine = activation.forward(tensor(Float32Array.from(x.dataSync()), [2, 4])).y;
    expect(Array.from(mine.data)).toEqual(Array.from(theirs.dataSync()));
    const restored = registry.fromJSON(JSON.stringify(activation.toJSON()));
    expect(Array.from(restored.parameters[0]!.data)).toEqual(trained);
    // Later training does not reach the activation.
    await model.fit(xs, ys, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
    expect(Array.from(activation.parameters[0]!.data)).toEqual(trained);
    tf.dispose([xs, ys, x, theirs]);
    model.dispose();
  });

  it('should refuse toRectify of a layer that is not a Rectify layer', () => {
    const dense = tfl.layers.dense({ units: 2 });
    expect(() => toRectify(dense)).toThrow(RectifyError);
    expect(() => toRectify(dense)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'layer' }));
  });

  it('should draw RReLU\'s training slopes from its seed: the same seed repeats, the next call and another seed differ, inference uses the mean slope', () => {
    const x = tf.fill([4, 64], -1);
    const draw = (seed: number, calls: number): number[][] => {
      const layer = tfjsLayer(registry.create('rrelu', { seed }));
      const out = Array.from({ length: calls }, () => {
        const y = layer.apply(x, { training: true }) as tf.Tensor;
        const values = Array.from(y.dataSync());
        y.dispose();
        return values;
      });
      layer.dispose();
      return out;
    };
    const [first, second] = draw(7, 2) as [number[], number[]];
    expect(draw(7, 2)).toEqual([first, second]);
    expect(second).not.toEqual(first);
    // No two seeds share a draw: seed 8's first is neither seed 7's first nor its second.
    const [other] = draw(8, 1) as [number[]];
    expect(other).not.toEqual(first);
    expect(other).not.toEqual(second);
    const rrelu = registry.create('rrelu', { seed: 7 });
    const lower = (rrelu.config as { lower: number }).lower;
    const upper = (rrelu.config as { upper: number }).upper;
    for (const slope of first) expect(-slope >= Math.fround(lower) && -slope <= Math.fround(upper)).toBe(true);
    const inference = tfjsLayer(rrelu).apply(x) as tf.Tensor;
    expect(new Set(inference.dataSync())).toEqual(new Set([Math.fround(-(lower + upper) / 2)]));
    tf.dispose([x, inference]);
  });

  it('should refuse a seed that is not an integer', () => {
    expect(() => toTfjs(registry.create('rrelu'), { seed: 0.5 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.seed', value: 0.5 }));
  });

  it('should fail to load a model whose activation the registry lacks, with a RectifyError naming it', async () => {
    registerTfjsLayers(registry);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [2] }), tfjsLayer(registry.create('mish'))] });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    registerTfjsLayers(createRegistry().use(builtInPlugins.filter((p) => p.name !== 'mish')));
    try {
      await expect(tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts))).rejects.toThrow(expect.objectContaining({ code: 'UNKNOWN_ACTIVATION', message: expect.stringContaining('"mish"') }));
    } finally {
      registerTfjsLayers(registry);
      model.dispose();
    }
  });
});
