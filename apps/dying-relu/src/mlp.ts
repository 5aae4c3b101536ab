/**
 * A multilayer perceptron whose hidden activations come from the registry.
 */
import {
  RectifyError,
  allocate,
  describeValue,
  type Activation,
  type DType,
  type FloatArray,
  type ForwardIntoOptions,
  type RandomSource,
  type Registry,
} from '@rectify/core';
import { Dense, type Trainable } from './dense.js';

/**
 * Which activation the hidden layers use, and how to build it.
 * @public
 */
export interface ActivationSpec {
  /** A registered name or alias, such as `relu` or `LeakyReLU`. */
  readonly name: string;
  /**
   * Its config; omitted fields take their defaults. A function is called
   * with each hidden layer's width, for configs that depend on it (PReLU
   * with one slope per unit: `(width) => ({ numParameters: width })`).
   */
  readonly config?: object | ((width: number) => object);
  /**
   * How many pre-activations feed one hidden unit: 1 for elementwise
   * activations, k for Maxout with k pieces (the dense layer before it then
   * has k times as many outputs).
   * @defaultValue `1`
   */
  readonly widthFactor?: number;
}

/**
 * The shape of an {@link Mlp}.
 * @public
 */
export interface MlpOptions {
  /** Input features (784 for MNIST). */
  readonly inputs: number;
  /** Width of each hidden layer, after its activation; at least one layer. */
  readonly hidden: readonly number[];
  /** Output classes. */
  readonly classes: number;
  /** The hidden activation. */
  readonly activation: ActivationSpec;
  /** The largest batch that {@link Mlp.forward} will be given. */
  readonly maxBatch: number;
  /**
   * Element type of weights and activations.
   * @defaultValue `'float32'`
   */
  readonly dtype?: DType;
}

/**
 * Options for {@link Mlp.forward}.
 * @public
 */
export interface PassOptions {
  /** Training mode, passed to each activation (RReLU draws slopes in it). @defaultValue `false` */
  readonly training?: boolean;
  /** The generator for stochastic activations; each activation's own when omitted. */
  readonly rng?: RandomSource;
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} must be a positive integer, got ${describeValue(value)}`, { field, value });
  }
  return value;
}

/**
 * inputs → (dense → activation) per hidden layer → dense → logits.
 *
 * @remarks
 * Each hidden layer's activation is created by name from the registry and
 * run through its own `forward` and `backward`, writing into buffers the
 * model allocates once for `maxBatch` rows. The last layer is linear; the
 * loss ({@link softmaxCrossEntropy}) is applied outside.
 *
 * Learnable parameters, from {@link Mlp.trainables}, are every dense layer's
 * weights and biases followed by the activations' own parameters (PReLU's
 * `weight`).
 * @public
 */
export class Mlp {
  /** Dense layers: one per hidden layer, then the output layer. */
  readonly layers: readonly Dense[];
  /** The activation of each hidden layer. */
  readonly activations: readonly Activation[];
  /** Width of each hidden layer after its activation. */
  readonly hidden: readonly number[];
  /** Width of each hidden layer before its activation. */
  readonly preWidths: readonly number[];
  /** The largest batch accepted. */
  readonly maxBatch: number;
  /** Element type of all arrays. */
  readonly dtype: DType;
  private readonly classes: number;
  private readonly pre: FloatArray[];
  private readonly post: FloatArray[];
  private readonly dPre: FloatArray[];
  private readonly dPost: FloatArray[];
  private readonly logits: FloatArray;
  private readonly ones: FloatArray;
  private batch = 0;

  /**
   * Builds the model with zero weights; call {@link Mlp.init}.
   * @param registry - Where the activation is looked up.
   * @param options - Shape, activation, batch size and dtype.
   * @throws {@link RectifyError} for a bad size, an unknown activation or
   * config, or a `widthFactor` that does not match the activation's output shape.
   */
  constructor(registry: Registry, options: MlpOptions) {
    const { activation, dtype = 'float32' } = options;
    const inputs = positiveInteger(options.inputs, 'inputs');
    const classes = positiveInteger(options.classes, 'classes');
    this.maxBatch = positiveInteger(options.maxBatch, 'maxBatch');
    if (options.hidden.length === 0) {
      throw new RectifyError('INVALID_ARGUMENT', 'hidden must name at least one hidden layer', { field: 'hidden', value: options.hidden });
    }
    const factor = positiveInteger(activation.widthFactor ?? 1, 'activation.widthFactor');
    this.hidden = options.hidden.map((width, l) => positiveInteger(width, `hidden[${l}]`));
    this.preWidths = this.hidden.map((width) => width * factor);
    const { config } = activation;
    this.activations = this.hidden.map((width) => registry.create(activation.name, typeof config === 'function' ? config(width) : config));
    this.hidden.forEach((width, l) => {
      const shape = (this.activations[l] as Activation).outputShape([1, this.preWidths[l] as number]);
      if (shape.length !== 2 || shape[1] !== width) {
        throw new RectifyError(
          'INVALID_ARGUMENT',
          `${activation.name} maps ${this.preWidths[l]} features to ${describeValue(shape[1])}, not ${width}; check activation.widthFactor`,
          { field: 'activation.widthFactor', value: factor },
        );
      }
    });
    const widths = [inputs, ...this.hidden];
    this.layers = [...this.preWidths, classes].map((outputs, l) => new Dense(widths[l] as number, outputs, dtype));
    this.dtype = dtype;
    this.classes = classes;
    const rows = this.maxBatch;
    this.pre = this.preWidths.map((w) => allocate(dtype, rows * w));
    this.dPre = this.preWidths.map((w) => allocate(dtype, rows * w));
    this.post = this.hidden.map((w) => allocate(dtype, rows * w));
    this.dPost = this.hidden.map((w) => allocate(dtype, rows * w));
    this.logits = allocate(dtype, rows * classes);
    this.ones = allocate(dtype, rows * Math.max(...this.hidden)).fill(1);
  }

  /**
   * Initialises every dense layer by {@link Dense.init}: the layer before a
   * hidden activation with that activation's `gain()`, the output layer
   * with gain 1. Activation parameters keep their configured initial values.
   * @param rng - The generator to draw from.
   */
  init(rng: RandomSource): void {
    this.layers.forEach((layer, l) => layer.init(l < this.activations.length ? (this.activations[l] as Activation).gain() : 1, rng));
  }

  /**
   * Runs a batch through the model.
   * @param x - Input, `[batch, inputs]`.
   * @param batch - Number of rows, at most `maxBatch`.
   * @param options - Training mode and generator.
   * @returns The logits, `[batch, classes]`: a view into the model's buffer,
   * valid until the next call.
   */
  forward(x: FloatArray, batch: number, options: PassOptions = {}): FloatArray {
    this.checkBatch(batch);
    const training = options.training ?? false;
    let input = x;
    for (let l = 0; l < this.activations.length; l++) {
      const pre = (this.pre[l] as FloatArray).subarray(0, batch * (this.preWidths[l] as number));
      const post = (this.post[l] as FloatArray).subarray(0, batch * (this.hidden[l] as number));
      (this.layers[l] as Dense).forward(input, batch, pre);
      const intoOptions: ForwardIntoOptions = options.rng === undefined ? { training } : { training, rng: options.rng };
      // Each layer has its own activation instance, so each keeps its own pending call for backwardInto.
      (this.activations[l] as Activation).forwardInto({ data: pre, shape: [batch, this.preWidths[l] as number] }, post, intoOptions);
      input = post;
    }
    const logits = this.logits.subarray(0, batch * this.classes);
    (this.layers[this.activations.length] as Dense).forward(input, batch, logits);
    this.batch = batch;
    return logits;
  }

  /**
   * Back-propagates the gradient of the loss with respect to the logits of
   * the last {@link Mlp.forward}, adding into every parameter's gradient.
   *
   * @param x - The input given to that forward call, unchanged.
   * @param dLogits - Gradient with respect to the logits, `[batch, classes]`.
   * @param batch - The batch size of that forward call.
   * @param dx - Where to write the gradient with respect to `x`, if wanted.
   */
  backward(x: FloatArray, dLogits: FloatArray, batch: number, dx?: FloatArray): void {
    if (batch !== this.batch) {
      throw new RectifyError('INVALID_ARGUMENT', `backward got batch ${batch} but the last forward had ${this.batch}`, { field: 'batch', value: batch });
    }
    const last = this.activations.length;
    (this.layers[last] as Dense).backward(this.postView(last - 1), dLogits, batch, this.dPostView(last - 1));
    for (let l = last - 1; l >= 0; l--) {
      const dPre = (this.dPre[l] as FloatArray).subarray(0, batch * (this.preWidths[l] as number));
      (this.activations[l] as Activation).backwardInto({ data: this.dPostView(l), shape: [batch, this.hidden[l] as number] }, dPre);
      (this.layers[l] as Dense).backward(l === 0 ? x : this.postView(l - 1), dPre, batch, l === 0 ? dx : this.dPostView(l - 1));
    }
  }

  /**
   * The pre-activations of a hidden layer in the last forward call,
   * `[batch, preWidths[layer]]`: a view, valid until the next call.
   * @param layer - Hidden layer index.
   */
  preActivation(layer: number): FloatArray {
    return (this.pre[layer] as FloatArray).subarray(0, this.batch * (this.preWidths[layer] as number));
  }

  /**
   * The derivative of each hidden unit's output with respect to each of its
   * pre-activations in the last forward call: the activation's own backward
   * applied to dy = 1.
   *
   * @remarks
   * This adds to the activation's parameter gradients (PReLU's weight);
   * call {@link Mlp.zeroGrad} before the next training step.
   * @param layer - Hidden layer index.
   * @param out - Buffer of `batch · preWidths[layer]` elements to write into.
   */
  localGradient(layer: number, out: FloatArray): FloatArray {
    const ones = this.ones.subarray(0, this.batch * (this.hidden[layer] as number));
    (this.activations[layer] as Activation).backwardInto({ data: ones, shape: [this.batch, this.hidden[layer] as number] }, out);
    return out;
  }

  /** Every learnable array with its gradient: dense weights and biases, then activation parameters. */
  trainables(): Trainable[] {
    const dense = this.layers.flatMap((layer) => [layer.weight, layer.bias]);
    const own = this.activations.flatMap((activation) => activation.parameters.map((p) => ({ data: p.data, grad: p.grad.data })));
    return [...dense, ...own];
  }

  /** Sets every gradient to zero, the activations' through their own `zeroGrad`. */
  zeroGrad(): void {
    for (const layer of this.layers) layer.zeroGrad();
    for (const activation of this.activations) activation.zeroGrad();
  }

  private checkBatch(batch: number): void {
    if (!Number.isSafeInteger(batch) || batch < 1 || batch > this.maxBatch) {
      throw new RectifyError('INVALID_ARGUMENT', `batch must be an integer from 1 to ${this.maxBatch}, got ${describeValue(batch)}`, { field: 'batch', value: batch });
    }
  }

  private postView(layer: number): FloatArray {
    return (this.post[layer] as FloatArray).subarray(0, this.batch * (this.hidden[layer] as number));
  }

  private dPostView(layer: number): FloatArray {
    return (this.dPost[layer] as FloatArray).subarray(0, this.batch * (this.hidden[layer] as number));
  }
}
