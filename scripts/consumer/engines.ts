// Type-checked with tsc against the installed adapters' declarations, as a TensorFlow.js project would.
import { createRegistry, type Activation } from '@rectify/core';
import { prelu, type PreluConfig } from '@rectify/prelu';
import { toOnnx, toOnnxSequential, type OnnxLayer, type ToOnnxOptions } from '@rectify/onnx';
import { tfjsLayer, toRectify, toTfjs, type TfjsActivation } from '@rectify/tfjs';
import * as tf from '@tensorflow/tfjs-core';

const registry = createRegistry().use(prelu).freeze();
const act: Activation<PreluConfig> = registry.create('prelu', { numParameters: 2 });

const options: ToOnnxOptions = { inputShape: ['batch', 2], dtype: 'float64', opset: 18 };
const model: Uint8Array = toOnnx(act, options);
const layers: OnnxLayer[] = [{ kind: 'dense', inputs: 2, outputs: 2, weight: [1, 0, 0, 1] }, act];
const network: Uint8Array = toOnnxSequential(layers, { inputShape: [null, 2] });

const f: TfjsActivation = toTfjs(act, { training: false, seed: 1 });
const y: tf.Tensor = f(tf.tensor([[1, -1]]));
const back: Activation = toRectify(tfjsLayer(act));

// @ts-expect-error -- an unknown option is rejected at compile time.
toOnnx(act, { inputShape: [2], opsets: 17 });

export const summary = [model.length, network.length, y.shape, back.name];
