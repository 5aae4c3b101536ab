/**
 * Dense layers of the training view's network: y = W·x + b over a batch,
 * and one gradient-descent update from the output's gradient.
 *
 * @packageDocumentation
 */
import type { RandomSource } from '@rectify/core';
import { normal } from './datasets.js';

/** One dense layer: y = W·x + b, W stored row per output. */
export interface Dense {
  /** Inputs per example. */
  readonly inputs: number;
  /** Outputs per example. */
  readonly outputs: number;
  /** W, `outputs` rows of `inputs`. */
  readonly weights: Float64Array;
  /** b, one per output. */
  readonly bias: Float64Array;
}

/**
 * A layer with weights drawn from N(0, (gain / √inputs)²) and zero biases.
 *
 * @param inputs - Inputs per example.
 * @param outputs - Outputs per example.
 * @param rng - The generator of the weights.
 * @param gain - The activation's gain, 1 for the output layer.
 */
export function dense(inputs: number, outputs: number, rng: RandomSource, gain: number): Dense {
  const weights = new Float64Array(inputs * outputs);
  const scale = gain / Math.sqrt(inputs);
  for (let i = 0; i < weights.length; i++) weights[i] = normal(rng) * scale;
  return { inputs, outputs, weights, bias: new Float64Array(outputs) };
}

/**
 * The layer's outputs for a batch.
 *
 * @param layer - The layer.
 * @param x - Inputs, example after example.
 * @param count - Examples in the batch.
 */
export function apply(layer: Dense, x: Float64Array, count: number): Float64Array {
  const y = new Float64Array(count * layer.outputs);
  for (let n = 0; n < count; n++) {
    for (let o = 0; o < layer.outputs; o++) {
      let sum = layer.bias[o] as number;
      for (let i = 0; i < layer.inputs; i++) sum += (layer.weights[o * layer.inputs + i] as number) * (x[n * layer.inputs + i] as number);
      y[n * layer.outputs + o] = sum;
    }
  }
  return y;
}

/**
 * Updates a layer from its output gradient and returns its input gradient,
 * or nothing when `withInputGradient` is false (the first layer, whose
 * inputs are the data).
 *
 * @param layer - The layer, updated in place.
 * @param x - The inputs it was applied to.
 * @param dy - The gradient of the loss with respect to its outputs.
 * @param count - Examples in the batch.
 * @param rate - The learning rate.
 * @param withInputGradient - Whether to compute the gradient with respect to `x`.
 */
export function descend(layer: Dense, x: Float64Array, dy: Float64Array, count: number, rate: number, withInputGradient = true): Float64Array | undefined {
  const dx = withInputGradient ? new Float64Array(count * layer.inputs) : undefined;
  const dw = new Float64Array(layer.weights.length);
  const db = new Float64Array(layer.outputs);
  for (let n = 0; n < count; n++) {
    for (let o = 0; o < layer.outputs; o++) {
      const g = dy[n * layer.outputs + o] as number;
      db[o] = (db[o] as number) + g;
      const row = o * layer.inputs;
      const column = n * layer.inputs;
      for (let i = 0; i < layer.inputs; i++) dw[row + i] = (dw[row + i] as number) + g * (x[column + i] as number);
      if (dx) for (let i = 0; i < layer.inputs; i++) dx[column + i] = (dx[column + i] as number) + g * (layer.weights[row + i] as number);
    }
  }
  for (let k = 0; k < dw.length; k++) layer.weights[k] = (layer.weights[k] as number) - rate * (dw[k] as number);
  for (let o = 0; o < db.length; o++) layer.bias[o] = (layer.bias[o] as number) - rate * (db[o] as number);
  return dx;
}
