/**
 * The network: dense layers from TensorFlow.js, activations from Rectify.
 */
import type { Registry } from '@rectify/core';
import { tfjsLayer } from '@rectify/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The shape, seed and learning rate of {@link createModel}.
 * @public
 */
export interface ModelOptions {
  /** Width of each hidden layer after its activation. */
  readonly hidden: number;
  /** Seed of the initial weights and of RReLU's slopes. */
  readonly seed: number;
  /** Adam's learning rate. */
  readonly learningRate: number;
}

/**
 * 784 → dense → Maxout (2 pieces) → dense → PReLU (a slope per unit) →
 * dense → RReLU → dense → softmax, compiled with Adam on the categorical
 * cross-entropy.
 *
 * @remarks
 * Every activation is a Rectify activation taken by name from the registry
 * and wrapped by `tfjsLayer`: PReLU's slopes are trainable layer weights,
 * RReLU draws its slopes in training (seeded) and uses their mean in
 * inference. The dense layers are linear, initialised by Glorot's uniform
 * rule from the seed.
 *
 * @param registry - A registry holding maxout, prelu, rrelu and softmax.
 * @param options - Width, seed and learning rate.
 * @returns The compiled model.
 * @public
 */
export function createModel(registry: Registry, options: ModelOptions): tfl.Sequential {
  const { hidden, seed } = options;
  const dense = (units: number, k: number, inputShape?: number[]): tfl.layers.Layer =>
    tfl.layers.dense({ units, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + k }), ...(inputShape === undefined ? {} : { inputShape }) });
  const model = tfl.sequential({
    layers: [
      dense(2 * hidden, 1, [784]),
      tfjsLayer(registry.create('maxout', { pieces: 2 })),
      dense(hidden, 2),
      tfjsLayer(registry.create('prelu', { numParameters: hidden })),
      dense(hidden, 3),
      tfjsLayer(registry.create('rrelu', { seed })),
      dense(10, 4),
      tfjsLayer(registry.create('softmax')),
    ],
  });
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
