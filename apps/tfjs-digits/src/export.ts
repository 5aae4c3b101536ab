/**
 * A trained TensorFlow.js model as Rectify activations and one ONNX model.
 */
import { RectifyError } from '@rectify/core';
import { toOnnxSequential, type OnnxLayer } from '@rectify/onnx';
import { toRectify } from '@rectify/tfjs';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * The layers of a sequential model as `toOnnxSequential` takes them: each
 * linear `Dense` layer with its trained kernel and bias, each Rectify layer
 * as the activation `toRectify` gives back (trained parameters included).
 *
 * @param model - A model of linear dense layers and Rectify layers.
 * @returns The layers, in order.
 * @throws `RectifyError` `INVALID_ARGUMENT` (field `layers[i]`) for a dense
 * layer with a built-in tfjs activation, or a layer of another kind.
 * @public
 */
export function onnxLayersOf(model: tfl.LayersModel): OnnxLayer[] {
  return model.layers.map((layer, i): OnnxLayer => {
    if (layer.getClassName() !== 'Dense') {
      try {
        return toRectify(layer);
      } catch (error) {
        if (!(error instanceof RectifyError)) throw error;
        throw new RectifyError('INVALID_ARGUMENT', `layer ${i} (${layer.name}) is a ${layer.getClassName()} layer, neither Dense nor a Rectify layer, so it has no ONNX export here`, { field: `layers[${i}]`, value: layer.getClassName() });
      }
    }
    const config = layer.getConfig();
    if (config['activation'] !== 'linear') {
      throw new RectifyError('INVALID_ARGUMENT', `layer ${i} (${layer.name}) is a Dense layer with the activation ${String(config['activation'])}; give it a Rectify layer after it instead`, { field: `layers[${i}]`, value: config['activation'] });
    }
    const [kernel, bias] = layer.getWeights() as [tf.Tensor, tf.Tensor | undefined];
    const [inputs, outputs] = kernel.shape as [number, number];
    const weight = kernel.dataSync() as Float32Array;
    return bias === undefined ? { kind: 'dense', inputs, outputs, weight } : { kind: 'dense', inputs, outputs, weight, bias: bias.dataSync() as Float32Array };
  });
}

/**
 * Exports a trained model as one ONNX model with input `x` and output `y`,
 * the model's own input shape with a symbolic batch (`[batch, 784]` for the
 * digits).
 * @param model - A model of linear dense layers and Rectify layers.
 * @returns The bytes of the ONNX model.
 * @public
 */
export function modelToOnnx(model: tfl.LayersModel): Uint8Array {
  const shape = model.inputs[0]?.shape ?? [];
  return toOnnxSequential(onnxLayersOf(model), { inputShape: shape.map((d, i) => (d === null ? (i === 0 ? 'batch' : null) : d)) });
}
