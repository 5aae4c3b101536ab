import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRegistry, createRng, uniform01 } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import { registerTfjsLayers, tfjsLayer } from '../src/index.js';

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
});
