/**
 * A small multilayer perceptron, inputs → h → h → classes, trained with
 * plain full-batch gradient descent on softmax cross-entropy. Its hidden
 * layers use any elementwise activation through the activation's own
 * `forward` and `backward`, as a user's training loop would.
 *
 * @packageDocumentation
 */
import { createRng, tensor, type Activation, type ForwardResult, type RandomSource } from '@rectify/core';
import type { Examples } from './datasets.js';
import { apply, dense, descend, type Dense } from './dense.js';
import { softmaxCrossEntropy } from './loss.js';

/** How each hidden unit fared on the whole data set at one step. */
export const UnitState = Object.freeze({
  /** Its activation's gradient is not zero for at least one example. */
  Alive: 0,
  /** Its activation's gradient is zero for every example: no update reaches the weights into it. */
  Dead: 1,
  /** Its pre-activation is NaN: the run diverged. */
  NotANumber: 2,
});

/** What one step measured, before its update. */
export interface StepReport {
  /** Mean cross-entropy over the data. */
  readonly loss: number;
  /** Fraction of the training examples classified correctly. */
  readonly accuracy: number;
  /** One {@link UnitState} per hidden unit, first layer then second. */
  readonly units: Uint8Array;
}

/** Settings of a network. */
export interface NetworkOptions {
  /** Units per hidden layer. */
  readonly hidden: number;
  /** The seed of the initial weights and of any random slopes. */
  readonly seed: number;
}

/** Classifies each hidden unit from its pre-activations and its activation's gradient at each example. */
function unitStates(pre: Float64Array, slopes: ArrayLike<number>, units: number, count: number, into: Uint8Array, offset: number): void {
  for (let u = 0; u < units; u++) {
    let state: number = UnitState.Dead;
    for (let n = 0; n < count; n++) {
      const v = pre[n * units + u] as number;
      if (Number.isNaN(v)) {
        state = UnitState.NotANumber;
        break;
      }
      if ((slopes[n * units + u] as number) !== 0) state = UnitState.Alive;
    }
    into[offset + u] = state;
  }
}

/** One hidden layer's values in a forward pass. */
interface HiddenPass {
  /** Pre-activations, example after example. */
  readonly pre: Float64Array;
  /** The activation's call, with its backward. */
  readonly call: ForwardResult;
  /** Activations, the next layer's inputs. */
  readonly out: Float64Array;
}

/** A forward pass: both hidden layers and the logits. */
interface Pass {
  readonly hidden: readonly [HiddenPass, HiddenPass];
  readonly logits: Float64Array;
}

/**
 * A network with its weights, trained one full-batch step at a time.
 */
export class Network {
  private readonly layers: readonly [Dense, Dense, Dense];
  private readonly rng: RandomSource;

  /**
   * @param examples - The data it trains on; its inputs and classes set the widths of the first and last layers.
   * @param activations - The activation of each hidden layer (two instances, each used once per step).
   * @param options - Width and seed.
   */
  constructor(
    private readonly examples: Examples,
    private readonly activations: readonly [Activation, Activation],
    readonly options: NetworkOptions,
  ) {
    const rng = createRng(options.seed);
    const gain = activations[0].gain();
    const { features, classes } = examples;
    this.layers = [dense(features, options.hidden, rng, gain), dense(options.hidden, options.hidden, rng, gain), dense(options.hidden, classes, rng, 1)];
    this.rng = createRng(options.seed + 1);
  }

  /** Hidden units in all: two layers of {@link NetworkOptions.hidden}. */
  get hiddenUnits(): number {
    return 2 * this.options.hidden;
  }

  private hiddenPass(layer: Dense, activation: Activation, x: Float64Array, count: number, training: boolean): HiddenPass {
    const pre = apply(layer, x, count);
    const call = activation.forward(tensor(pre, [count, layer.outputs]), { training, rng: this.rng });
    return { pre, call, out: Float64Array.from(call.y.data) };
  }

  private forward(inputs: Float64Array, count: number, training: boolean): Pass {
    const [first, second, output] = this.layers;
    const one = this.hiddenPass(first, this.activations[0], inputs, count, training);
    const two = this.hiddenPass(second, this.activations[1], one.out, count, training);
    return { hidden: [one, two], logits: apply(output, two.out, count) };
  }

  /**
   * Runs one step: forward on every example, the report, then the update.
   * @param rate - The learning rate.
   */
  step(rate: number): StepReport {
    const { count, classes, inputs, labels } = this.examples;
    const [first, second, output] = this.layers;
    const h = this.options.hidden;
    const units = new Uint8Array(2 * h);
    const ones = tensor(new Float64Array(count * h).fill(1), [count, h]);
    const { hidden, logits } = this.forward(inputs, count, true);
    hidden.forEach((layer, index) => unitStates(layer.pre, layer.call.backward(ones).data, h, count, units, index * h));
    const [one, two] = hidden;
    const { loss, correct, gradient } = softmaxCrossEntropy(logits, labels, count, classes);

    const dOut2 = descend(output, two.out, gradient, count, rate) as Float64Array;
    const dPre2 = two.call.backward(tensor(dOut2, [count, h])).data as Float64Array;
    const dOut1 = descend(second, one.out, dPre2, count, rate) as Float64Array;
    const dPre1 = one.call.backward(tensor(dOut1, [count, h])).data as Float64Array;
    descend(first, inputs, dPre1, count, rate, false);
    return { loss, accuracy: correct / count, units };
  }

  /**
   * The fraction of other examples the network classifies correctly, in
   * evaluation mode (random slopes at their mean), without changing it.
   *
   * @param examples - Examples with the training data's inputs and classes, such as a test set.
   */
  accuracyOn(examples: Examples): number {
    const { logits } = this.forward(examples.inputs, examples.count, false);
    return softmaxCrossEntropy(logits, examples.labels, examples.count, examples.classes).correct / examples.count;
  }
}
