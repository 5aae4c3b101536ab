/**
 * Test-set evaluation: accuracy, loss, and how many hidden units are never
 * active or pass no gradient; and, during training, how large each hidden
 * layer's gradients are.
 */
import { allocate } from '@rectify/core';
import { CLASSES, IMAGE_SIZE, type Digits } from './data.js';
import { countCorrect, softmaxCrossEntropy } from './loss.js';
import type { Mlp } from './mlp.js';

/**
 * The two per-unit measures, stated once for the outputs.
 * @public
 */
export const DEFINITIONS = {
  neverActive:
    'never active: a hidden unit whose pre-activations are all ≤ 0 on every test example, so it sits on the negative side of its rectifier ' +
    '(ReLU: its output is 0 on every test example; Leaky ReLU, PReLU, RReLU: it only ever passes its input times the negative slope; ' +
    'Maxout: both of its pieces are ≤ 0, so its output is never positive; sigmoid, tanh and other smooth activations: it stays on the lower half ' +
    'of its curve, where its derivative is still positive).',
  zeroGradient:
    'zero gradient: a pre-activation (a row of the dense layer before the activation) whose derivative through the activation, computed by the ' +
    "activation's own backward with dy = 1, is exactly 0 on every test example, so no test example would update its weights " +
    '(ReLU: the same units as never active; Leaky ReLU, RReLU: none while the slope is non-zero; PReLU: none unless its learnt slope is 0; ' +
    'Maxout: a piece that never wins its max; sigmoid and tanh: a unit saturated so far that its float32 output is exactly 0 or 1 (tanh: −1 or 1) on every test example).',
  weightGradientRms:
    'weight gradient RMS: for each hidden layer, the root mean square of the gradient of the batch-mean training loss with respect to the weights ' +
    'of the dense layer before it, over every weight and every SGD step of the epoch. A gradient that vanishes on its way back to the input ' +
    "shows as a first-layer value small next to the last hidden layer's; a unit that dies contributes 0 to its layer's value.",
} as const;

/**
 * What {@link evaluate} measures on a set of digits.
 * @public
 */
export interface Evaluation {
  /** Share of digits classified correctly, from 0 to 1. */
  readonly accuracy: number;
  /** Mean softmax cross-entropy. */
  readonly loss: number;
  /** Per hidden layer, the share of units never active; see {@link DEFINITIONS}. */
  readonly neverActive: readonly number[];
  /** Per hidden layer, the share of pre-activations with zero gradient; see {@link DEFINITIONS}. */
  readonly zeroGradient: readonly number[];
}

function zeroShare(flags: Uint8Array): number {
  let zeros = 0;
  for (let i = 0; i < flags.length; i++) if (flags[i] === 0) zeros++;
  return zeros / flags.length;
}

/**
 * Evaluates the model in eval mode on every digit of a set, `maxBatch`
 * digits at a time.
 *
 * @remarks
 * Leaves every gradient at zero: the zero-gradient probe runs the
 * activations' backward, which adds to PReLU's weight gradient.
 * @param model - The model.
 * @param digits - The set, usually the test set.
 * @public
 */
export function evaluate(model: Mlp, digits: Digits): Evaluation {
  const layers = model.hidden.length;
  const active = model.hidden.map((width) => new Uint8Array(width));
  const passing = model.preWidths.map((width) => new Uint8Array(width));
  const scratch = allocate(model.dtype, model.maxBatch * Math.max(...model.preWidths));
  let correct = 0;
  let lossSum = 0;
  for (let start = 0; start < digits.count; start += model.maxBatch) {
    const batch = Math.min(model.maxBatch, digits.count - start);
    const labels = digits.labels.subarray(start, start + batch);
    const logits = model.forward(digits.images.subarray(start * IMAGE_SIZE, (start + batch) * IMAGE_SIZE), batch);
    correct += countCorrect(logits, labels, batch, CLASSES);
    lossSum += softmaxCrossEntropy(logits, labels, batch, CLASSES) * batch;
    for (let l = 0; l < layers; l++) {
      const width = model.hidden[l] as number;
      const preWidth = model.preWidths[l] as number;
      const factor = preWidth / width;
      const on = active[l] as Uint8Array;
      const pre = model.preActivation(l);
      for (let b = 0; b < batch; b++) {
        const row = b * preWidth;
        for (let q = 0; q < preWidth; q++) if (!((pre[row + q] as number) <= 0)) on[Math.floor(q / factor)] = 1;
      }
      const passes = passing[l] as Uint8Array;
      const gradient = model.localGradient(l, scratch.subarray(0, batch * preWidth));
      for (let i = 0; i < gradient.length; i++) if (gradient[i] !== 0) passes[i % preWidth] = 1;
    }
  }
  model.zeroGrad();
  return {
    accuracy: correct / digits.count,
    loss: lossSum / digits.count,
    neverActive: active.map(zeroShare),
    zeroGradient: passing.map(zeroShare),
  };
}

/**
 * Accumulates, over the SGD steps of an epoch, the sum of squares of each
 * hidden layer's weight gradient, and gives its root mean square; see
 * {@link DEFINITIONS}.
 *
 * @remarks
 * Call {@link GradientRms.add} after each step's backward (before the SGD
 * step or the next zeroGrad) and {@link GradientRms.take} at the end of the
 * epoch. Sums are kept in float64.
 * @public
 */
export class GradientRms {
  private readonly gradients: readonly Float64Array[];
  private readonly sums: Float64Array;
  private steps = 0;

  /**
   * @param gradients - The gradient arrays to measure, one per hidden layer
   * (the weight gradients of the dense layers before the activations); read
   * at every {@link GradientRms.add}.
   */
  constructor(gradients: readonly Float64Array[]) {
    this.gradients = gradients;
    this.sums = new Float64Array(gradients.length);
  }

  /** Adds the current gradients as one step. */
  add(): void {
    this.gradients.forEach((gradient, l) => {
      let sum = 0;
      for (let i = 0; i < gradient.length; i++) sum += (gradient[i] as number) * (gradient[i] as number);
      this.sums[l] = (this.sums[l] as number) + sum;
    });
    this.steps++;
  }

  /**
   * The root mean square of each layer's gradient over the steps added since
   * the last call, then starts afresh.
   * @returns One value per layer; `null` where it is not finite (a step
   * whose gradient overflowed or was NaN) or no step was added.
   */
  take(): (number | null)[] {
    const rms = this.gradients.map((gradient, l) => {
      const value = Math.sqrt((this.sums[l] as number) / (this.steps * gradient.length));
      return Number.isFinite(value) ? value : null;
    });
    this.sums.fill(0);
    this.steps = 0;
    return rms;
  }
}
