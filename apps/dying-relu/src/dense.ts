/**
 * A fully connected layer, z = x·W + b, over a batch held row-major in a
 * typed array.
 */
import { allocate, type DType, type FloatArray, type RandomSource } from '@rectify/core';
import { gemm } from './gemm.js';
import { fillNormal } from './random.js';

/**
 * A learnable array and the gradient accumulated for it.
 * @public
 */
export interface Trainable {
  /** The values, updated in place by the optimiser. */
  readonly data: FloatArray;
  /** The accumulated gradient, same length, in float64. */
  readonly grad: Float64Array;
}

/**
 * A dense layer from `inputs` to `outputs` features.
 *
 * @remarks
 * Forward: z[b, o] = bias[o] + Σᵢ x[b, i]·W[i, o], with W stored
 * input-major (`weight[i · outputs + o]`). The products go through
 * {@link gemm}, which accumulates in float64, rounds once on store, and
 * skips inputs that are zero (exact while the weights are finite).
 *
 * Gradients accumulate in float64 across {@link Dense.backward} calls until
 * {@link Dense.zeroGrad}.
 * @public
 */
export class Dense {
  /** Number of input features. */
  readonly inputs: number;
  /** Number of output features. */
  readonly outputs: number;
  /** W, input-major, and its gradient. */
  readonly weight: Trainable;
  /** b and its gradient. */
  readonly bias: Trainable;

  /**
   * Creates a layer with zero weights; call {@link Dense.init}.
   * @param inputs - Input features.
   * @param outputs - Output features.
   * @param dtype - Element type of weights and activations.
   */
  constructor(inputs: number, outputs: number, dtype: DType) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.weight = { data: allocate(dtype, inputs * outputs), grad: new Float64Array(inputs * outputs) };
    this.bias = { data: allocate(dtype, outputs), grad: new Float64Array(outputs) };
  }

  /**
   * Draws every weight from N(0, (gain / √inputs)²) and sets the biases to 0,
   * the scheme of He et al. (2015) with the activation's gain.
   *
   * @param gain - The gain of the activation that follows (1 for none).
   * @param rng - The generator to draw from.
   */
  init(gain: number, rng: RandomSource): void {
    fillNormal(this.weight.data, gain / Math.sqrt(this.inputs), rng);
    this.bias.data.fill(0);
  }

  /**
   * Computes z = x·W + b for a batch.
   * @param x - Input, `[batch, inputs]`.
   * @param batch - Number of rows.
   * @param z - Output, `[batch, outputs]`, not overlapping `x`.
   */
  forward(x: FloatArray, batch: number, z: FloatArray): void {
    const { inputs, outputs } = this;
    for (let row = 0; row < batch; row++) z.set(this.bias.data, row * outputs);
    gemm(batch, outputs, inputs, { data: x, rowStride: inputs, colStride: 1 }, { data: this.weight.data, rowStride: outputs, colStride: 1 }, z, true);
  }

  /**
   * Adds the gradients of W and b for a batch, and writes the input gradient
   * when asked: dW += xᵀ·dz, db += Σ over rows of dz, dx = dz·Wᵀ.
   *
   * @param x - The forward input, `[batch, inputs]`.
   * @param dz - Gradient of the loss with respect to z, `[batch, outputs]`.
   * @param batch - Number of rows.
   * @param dx - Where to write the input gradient, `[batch, inputs]`; omit it
   * for the first layer, whose input needs none.
   */
  backward(x: FloatArray, dz: FloatArray, batch: number, dx?: FloatArray): void {
    const { inputs, outputs } = this;
    const db = this.bias.grad;
    for (let row = 0; row < batch; row++) {
      for (let o = 0; o < outputs; o++) db[o] = (db[o] as number) + (dz[row * outputs + o] as number);
    }
    const dzView = { data: dz, rowStride: outputs, colStride: 1 };
    gemm(inputs, outputs, batch, { data: x, rowStride: 1, colStride: inputs }, dzView, this.weight.grad, true);
    if (dx !== undefined) gemm(batch, inputs, outputs, dzView, { data: this.weight.data, rowStride: 1, colStride: outputs }, dx, false);
  }

  /** Sets both gradients to zero. */
  zeroGrad(): void {
    this.weight.grad.fill(0);
    this.bias.grad.fill(0);
  }
}
