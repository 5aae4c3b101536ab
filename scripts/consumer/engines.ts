// Type-checked with tsc against the installed TensorFlow.js adapter's declarations, as a TensorFlow.js project would.
import { createRegistry, type Activation } from '@rectify/core';
import { prelu, type PreluConfig } from '@rectify/prelu';
import { tfjsLayer, toRectify, toTfjs, type TfjsActivation } from '@rectify/tfjs';
import * as tf from '@tensorflow/tfjs-core';

const registry = createRegistry().use(prelu).freeze();
const act: Activation<PreluConfig> = registry.create('prelu', { numParameters: 2 });

const f: TfjsActivation = toTfjs(act, { training: false, seed: 1 });
const y: tf.Tensor = f(tf.tensor([[1, -1]]));
const back: Activation = toRectify(tfjsLayer(act));

// @ts-expect-error -- an unknown option is rejected at compile time.
toTfjs(act, { trainingMode: true });

export const summary = [y.shape, back.name];
