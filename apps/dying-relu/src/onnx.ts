/**
 * A trained MLP as one ONNX model, for ONNX Runtime and other engines.
 */
import { toOnnxSequential, type OnnxLayer } from '@rectify/onnx';
import type { Mlp } from './mlp.js';

/**
 * Exports a model's inference pass, digits → logits, as ONNX: each dense
 * layer as `MatMul` and `Add` with its trained weights, each hidden
 * activation as `@rectify/onnx` writes it (in eval mode: RReLU with its
 * mean slope; PReLU with its learnt slopes).
 *
 * @param model - A model, trained or not.
 * @returns The bytes of the ONNX model: input `x` `[batch, inputs]`, output
 * `y`, the logits `[batch, classes]`, in the model's dtype.
 * @public
 */
export function mlpToOnnx(model: Mlp): Uint8Array {
  const layers: OnnxLayer[] = [];
  model.layers.forEach((dense, l) => {
    layers.push({ kind: 'dense', inputs: dense.inputs, outputs: dense.outputs, weight: dense.weight.data, bias: dense.bias.data });
    const activation = model.activations[l];
    if (activation !== undefined) layers.push(activation);
  });
  return toOnnxSequential(layers, { inputShape: ['batch', (model.layers[0] as { inputs: number }).inputs], dtype: model.dtype });
}
