/**
 * A small multilayer perceptron, 2 → h → h → classes, trained with plain
 * full-batch gradient descent on softmax cross-entropy. Its hidden layers
 * use any elementwise activation through the activation's own `forward` and
 * `backward`, as a user's training loop would.
 *
 * @packageDocumentation
 */
import { createRng, tensor, type Activation, type RandomSource } from '@rectify/core';
import { normal, type Points } from './datasets.js';

/** One dense layer: y = W·x + b, W stored row per output. */
interface Dense {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

/** How each hidden unit fared on the whole data set at one step. */
export const UnitState = Object.freeze({
  /** Its activation's gradient is not zero for at least one point. */
  Alive: 0,
  /** Its activation's gradient is zero for every point: no update reaches the weights into it. */
  Dead: 1,
  /** Its pre-activation is NaN: the run diverged. */
  NotANumber: 2,
});

/** What one step measured, before its update. */
export interface StepReport {
  /** Mean cross-entropy over the data. */
  readonly loss: number;
  /** Fraction of points classified correctly. */
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

function dense(inputs: number, outputs: number, rng: RandomSource, gain: number): Dense {
  const weights = new Float64Array(inputs * outputs);
  const scale = gain / Math.sqrt(inputs);
  for (let i = 0; i < weights.length; i++) weights[i] = normal(rng) * scale;
  return { inputs, outputs, weights, bias: new Float64Array(outputs) };
}

function apply(layer: Dense, x: Float64Array, count: number): Float64Array {
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

/** Updates a layer from its output gradient and returns its input gradient. */
function descend(layer: Dense, x: Float64Array, dy: Float64Array, count: number, rate: number): Float64Array {
  const dx = new Float64Array(count * layer.inputs);
  const dw = new Float64Array(layer.weights.length);
  const db = new Float64Array(layer.outputs);
  for (let n = 0; n < count; n++) {
    for (let o = 0; o < layer.outputs; o++) {
      const g = dy[n * layer.outputs + o] as number;
      db[o] = (db[o] as number) + g;
      for (let i = 0; i < layer.inputs; i++) {
        dw[o * layer.inputs + i] = (dw[o * layer.inputs + i] as number) + g * (x[n * layer.inputs + i] as number);
        dx[n * layer.inputs + i] = (dx[n * layer.inputs + i] as number) + g * (layer.weights[o * layer.inputs + i] as number);
      }
    }
  }
  for (let k = 0; k < dw.length; k++) layer.weights[k] = (layer.weights[k] as number) - rate * (dw[k] as number);
  for (let o = 0; o < db.length; o++) layer.bias[o] = (layer.bias[o] as number) - rate * (db[o] as number);
  return dx;
}

/** Classifies each hidden unit from its pre-activations and its activation's gradient at each point. */
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

/**
 * A network with its weights, trained one full-batch step at a time.
 */
export class Network {
  private readonly layers: readonly [Dense, Dense, Dense];
  private readonly rng: RandomSource;

  /**
   * @param points - The data it trains on.
   * @param activations - The activation of each hidden layer (two instances, each used once per step).
   * @param options - Width and seed.
   */
  constructor(
    private readonly points: Points,
    private readonly activations: readonly [Activation, Activation],
    readonly options: NetworkOptions,
  ) {
    const rng = createRng(options.seed);
    const gain = activations[0].gain();
    this.layers = [dense(2, options.hidden, rng, gain), dense(options.hidden, options.hidden, rng, gain), dense(options.hidden, points.classes, rng, 1)];
    this.rng = createRng(options.seed + 1);
  }

  /** Hidden units in all: two layers of {@link NetworkOptions.hidden}. */
  get hiddenUnits(): number {
    return 2 * this.options.hidden;
  }

  /**
   * Runs one step: forward on every point, the report, then the update.
   * @param rate - The learning rate.
   */
  step(rate: number): StepReport {
    const { count, classes, inputs, labels } = this.points;
    const [first, second, output] = this.layers;
    const h = this.options.hidden;
    const units = new Uint8Array(2 * h);
    const ones = tensor(new Float64Array(count * h).fill(1), [count, h]);

    const pre1 = apply(first, inputs, count);
    const act1 = this.activations[0].forward(tensor(pre1, [count, h]), { training: true, rng: this.rng });
    unitStates(pre1, act1.backward(ones).data, h, count, units, 0);
    const out1 = Float64Array.from(act1.y.data);
    const pre2 = apply(second, out1, count);
    const act2 = this.activations[1].forward(tensor(pre2, [count, h]), { training: true, rng: this.rng });
    unitStates(pre2, act2.backward(ones).data, h, count, units, h);
    const out2 = Float64Array.from(act2.y.data);
    const logits = apply(output, out2, count);

    let loss = 0;
    let correct = 0;
    const dLogits = new Float64Array(logits.length);
    for (let n = 0; n < count; n++) {
      let max = -Infinity;
      let best = 0;
      for (let c = 0; c < classes; c++) {
        const v = logits[n * classes + c] as number;
        if (v > max) [max, best] = [v, c];
      }
      let total = 0;
      for (let c = 0; c < classes; c++) total += Math.exp((logits[n * classes + c] as number) - max);
      const label = labels[n] as number;
      loss -= (logits[n * classes + label] as number) - max - Math.log(total);
      if (best === label) correct += 1;
      for (let c = 0; c < classes; c++) dLogits[n * classes + c] = (Math.exp((logits[n * classes + c] as number) - max) / total - (c === label ? 1 : 0)) / count;
    }

    const dOut2 = descend(output, out2, dLogits, count, rate);
    const dPre2 = act2.backward(tensor(dOut2, [count, h])).data as Float64Array;
    const dOut1 = descend(second, out1, dPre2, count, rate);
    const dPre1 = act1.backward(tensor(dOut1, [count, h])).data as Float64Array;
    descend(first, inputs, dPre1, count, rate);
    return { loss: loss / count, accuracy: correct / count, units };
  }
}
