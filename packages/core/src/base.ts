import {
  outputBufferAvoiding,
  type Activation,
  type ActivationConfig,
  type ActivationJSON,
  type Backward,
  type BackwardOptions,
  type ComputeContext,
  type ForwardIntoOptions,
  type ForwardOptions,
  type ForwardResult,
  type GradientWriter,
  type Parameter,
  type SerializedParameter,
} from './activation.js';
import { RectifyError, describeValue } from './errors.js';
import { encodeNumber } from './json.js';
import { plainKernels, type Kernels } from './provider.js';
import { createRng, isRandomSource, type RandomSource } from './random.js';
import { assertTensor, sameShape, sizeOf, type FloatArray, type Tensor } from './tensor.js';

/**
 * Creates a learnable parameter filled with one value, its gradient zeroed.
 *
 * @param name - The parameter's name, such as `weight`.
 * @param shape - Its shape.
 * @param fill - The initial value of every element.
 * @public
 */
export function createParameter(name: string, shape: readonly number[], fill: number): Parameter {
  const size = sizeOf(shape);
  const frozenShape = Object.freeze([...shape]);
  return Object.freeze({
    name,
    shape: frozenShape,
    data: new Float64Array(size).fill(fill),
    grad: Object.freeze({ shape: frozenShape, data: new Float64Array(size) }),
  });
}

function readOptions(options: unknown, field: string, known: readonly string[]): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} must be an object, got ${describeValue(options)}`, { field, value: options });
  }
  // for…in, unlike Object.keys, allocates nothing on this per-call path.
  for (const key in options) {
    if (Object.hasOwn(options, key) && !known.includes(key)) {
      throw new RectifyError('INVALID_ARGUMENT', `unknown option ${JSON.stringify(key)}; known options: ${known.join(', ')}`, {
        field: `${field}.${key}`,
        value: (options as Record<string, unknown>)[key],
      });
    }
  }
  return options as Record<string, unknown>;
}

const FORWARD_OPTIONS = ['training', 'rng', 'out'] as const;
const FORWARD_INTO_OPTIONS = ['training', 'rng'] as const;
const BACKWARD_OPTIONS = ['out'] as const;

/** The context `forwardInto` fills in place for each call, so that a call allocates none. */
type MutableContext = { -readonly [K in keyof ComputeContext]: ComputeContext[K] };

/** Checks `dy` against the output shape and the input's dtype. */
function checkedGradient(dy: Tensor, like: FloatArray, shape: readonly number[]): Tensor {
  const grad = assertTensor(dy, 'dy');
  if (grad.shape !== shape && !sameShape(grad.shape, shape)) {
    throw new RectifyError('SHAPE_MISMATCH', `dy has shape ${describeValue(grad.shape)} but y has shape ${describeValue(shape)}`, { field: 'dy.shape', value: grad.shape });
  }
  if (grad.data.constructor !== like.constructor) {
    throw new RectifyError('DTYPE_MISMATCH', `dy is a ${grad.data.constructor.name} but y is a ${like.constructor.name}`, { field: 'dy.data', value: grad.data });
  }
  return grad;
}

/** Refuses a missing `out` argument, which `outputBufferAvoiding` would otherwise allocate. */
function requireOut(out: unknown): void {
  if (out === undefined) {
    throw new RectifyError('INVALID_ARGUMENT', 'out must be a Float32Array or a Float64Array, got undefined', { field: 'out', value: out });
  }
}

/**
 * A base class that does the checking every activation needs, so that a
 * plugin writes only its maths.
 *
 * @remarks
 * `forward` validates the input and options, allocates or checks `out`, and
 * calls {@link ActivationBase.compute}; the {@link GradientWriter} it returns
 * becomes the body of `backward`, which validates `dy` and `out` first.
 * Parameters, `zeroGrad`, `toJSON` and the activation's own seeded generator
 * are handled here.
 *
 * On the `out` path a call does only what the contract needs: it checks the
 * input and options, and allocates only the result, the `y` tensor, the
 * context for `compute`, the backward closure and what `compute` allocates
 * (a backward call: the `dx` tensor object). An elementwise activation's
 * `y.shape` is the input's shape array itself when that array is frozen (as
 * `tensor()` makes it), and
 * the output shape of the last frozen input shape seen is kept, so a loop
 * over tensors of one shape neither copies nor re-checks the shape.
 *
 * A plugin implements either {@link ActivationBase.compute}, or the pair
 * {@link ActivationBase.computeInto} and {@link ActivationBase.gradientInto};
 * each side has a default built from the other. `compute` is the simplest to
 * write and may keep per-call state in the closure it returns;
 * `forwardInto` then keeps that closure (one allocation per call). The pair
 * allocates nothing: `computeInto` fills y and `gradientInto` writes dx from
 * the input, the parameters and whatever the activation kept from the last
 * `computeInto`. The default `compute` built from the pair reads the input
 * again in its backward, so it suits activations whose gradient depends on x
 * and the parameters only; one with per-call state (RReLU's slopes) overrides
 * all three.
 *
 * @typeParam C - The config type.
 * @public
 */
export abstract class ActivationBase<C extends ActivationConfig> implements Activation<C> {
  /** The plugin's canonical name, such as `leaky_relu`. */
  readonly name: string;
  /** The hyperparameters, defaults filled in, frozen. */
  readonly config: Readonly<C>;
  /** Learnable parameters; empty for parameter-free activations. */
  readonly parameters: readonly Parameter[];
  /** The generator used in training mode when a call passes no `rng`. */
  protected readonly ownRng: RandomSource;
  /** The kernels this activation was created with: its registry's providers. */
  protected readonly kernels: Kernels;
  /** The last frozen input shape `forward` took, its size, and its frozen output shape and size. */
  #lastInput: readonly number[] | undefined = undefined;
  #lastInputSize = 0;
  #lastOutput: readonly number[] = [];
  #lastOutputSize = 0;
  /** The mode and generator of the call last checked by `#checkCall`. */
  #callTraining = false;
  #callRng: RandomSource;
  /** The context of the pending `forwardInto` call, filled in place. */
  readonly #intoContext: MutableContext;
  /** Whether a `forwardInto` call is pending. */
  #intoPending = false;
  /** The writer kept by the default `computeInto`. */
  #intoWriter: GradientWriter | undefined = undefined;

  /**
   * @param name - The plugin's canonical name.
   * @param config - The validated, frozen config.
   * @param parameters - Learnable parameters. Defaults to none.
   * @param seed - Seed of the activation's own generator. Defaults to 0.
   * @param kernels - The kernels to run, from the plugin's `create` context.
   * Defaults to {@link plainKernels}, the activation's own loops.
   */
  protected constructor(name: string, config: Readonly<C>, parameters: readonly Parameter[] = [], seed = 0, kernels: Kernels = plainKernels) {
    this.name = name;
    this.kernels = kernels;
    this.config = config;
    this.parameters = Object.freeze([...parameters]);
    this.ownRng = createRng(seed);
    this.#callRng = this.ownRng;
    const empty = new Float64Array(0);
    this.#intoContext = { x: { data: empty, shape: [0] }, y: empty, shape: [0], training: false, rng: this.ownRng };
  }

  /**
   * Fills `context.y` and returns the writer of `dx` for this call.
   *
   * @remarks
   * The default runs {@link ActivationBase.computeInto} and returns a writer
   * that runs {@link ActivationBase.gradientInto} on this call's input. A
   * plugin overrides this, or that pair (see the class remarks).
   * @param context - The validated call.
   */
  protected compute(context: ComputeContext): GradientWriter {
    if (this.computeInto === ActivationBase.prototype.computeInto) {
      throw new TypeError(`${this.name}: an ActivationBase subclass must override compute, or computeInto and gradientInto`);
    }
    this.computeInto(context);
    const x = context.x;
    return (dy, dx) => this.gradientInto(x, dy, dx);
  }

  /**
   * Fills `context.y` for {@link ActivationBase.forwardInto}, allocating
   * nothing, and keeps what {@link ActivationBase.gradientInto} will need.
   *
   * @remarks
   * The default runs {@link ActivationBase.compute} and keeps the writer it
   * returns. `context` is one object that the activation fills again for each
   * `forwardInto` call: read its fields, do not keep the object.
   * @param context - The validated call.
   */
  protected computeInto(context: ComputeContext): void {
    if (this.compute === ActivationBase.prototype.compute) {
      throw new TypeError(`${this.name}: an ActivationBase subclass must override compute, or computeInto and gradientInto`);
    }
    this.#intoWriter = this.compute(context);
  }

  /**
   * Writes dx for the last {@link ActivationBase.computeInto} call and adds the
   * parameter gradients, allocating nothing.
   *
   * @remarks The default runs the writer the default `computeInto` kept.
   * @param x - The input of that call.
   * @param dy - The validated output gradient.
   * @param dx - The buffer to fill, of the input's dtype and length.
   */
  protected gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    const write = this.#intoWriter;
    if (write === undefined) throw new TypeError(`${this.name}: gradientInto ran before computeInto`);
    write(dy, dx);
  }

  /**
   * The recommended gain for weight initialisation of the layer before this
   * activation, as PyTorch's `torch.nn.init.calculate_gain` gives it.
   */
  abstract gain(): number;

  /**
   * The output shape for an input shape.
   *
   * @remarks The default suits elementwise activations: the shape is unchanged.
   * An override must depend only on the input shape and the (frozen) config:
   * `forward` reuses its result for a frozen input shape array it has just
   * seen.
   * @param inputShape - Sizes of the input's axes.
   * @throws RectifyError when the activation cannot take that shape.
   */
  outputShape(inputShape: readonly number[]): number[] {
    sizeOf(inputShape, 'inputShape');
    return [...inputShape];
  }

  /** Sets every parameter's gradient to zero. */
  zeroGrad(): void {
    for (const parameter of this.parameters) parameter.grad.data.fill(0);
  }

  /**
   * Applies the activation.
   *
   * @param x - The input. It is never modified.
   * @param options - Training mode, generator, output buffer.
   * @returns The output and the backward of this call.
   * @throws RectifyError for a malformed tensor, a shape the activation
   * cannot take, or a bad option.
   */
  forward(x: Tensor, options?: ForwardOptions): ForwardResult {
    const out = this.#checkCall(x, options, FORWARD_OPTIONS);
    const input = x;
    const shape = this.#lastOutput;
    const training = this.#callTraining;
    const rng = this.#callRng;
    const y = outputBufferAvoiding(out, input.data, this.#lastOutputSize, 'options.out');
    const write = this.compute({ x: input, y, shape, training, rng });
    const backward: Backward = (dy: Tensor, backwardOptions?: BackwardOptions): Tensor => {
      const grad = checkedGradient(dy, input.data, shape);
      const dxOut = backwardOptions === undefined ? undefined : readOptions(backwardOptions, 'options', BACKWARD_OPTIONS).out;
      const dx = outputBufferAvoiding(dxOut, input.data, input.data.length, 'options.out', grad.data);
      write(grad.data, dx);
      return { data: dx, shape: input.shape };
    };
    return { y: { data: y, shape }, backward };
  }

  /**
   * Applies the activation into `out`, allocating nothing, and remembers the
   * call for {@link ActivationBase.backwardInto}.
   *
   * @param x - The input. It is never modified; `backwardInto` reads it again.
   * @param out - The output buffer: the input's dtype, exactly as long as the
   * output, not overlapping the input.
   * @param options - Training mode and generator.
   * @throws RectifyError as `forward` does, and `INVALID_ARGUMENT` for a
   * missing `out`.
   */
  forwardInto(x: Tensor, out: FloatArray, options?: ForwardIntoOptions): void {
    this.#checkCall(x, options, FORWARD_INTO_OPTIONS);
    requireOut(out);
    const y = outputBufferAvoiding(out, x.data, this.#lastOutputSize, 'out');
    const context = this.#intoContext;
    context.x = x;
    context.y = y;
    context.shape = this.#lastOutput;
    context.training = this.#callTraining;
    context.rng = this.#callRng;
    this.#intoPending = false;
    this.computeInto(context);
    this.#intoPending = true;
  }

  /**
   * The backward of the last {@link ActivationBase.forwardInto} call: writes
   * dx into `out` and adds the parameter gradients, allocating nothing.
   *
   * @param dy - Gradient of the loss with respect to y: the output's shape and dtype.
   * @param out - The buffer for dx: the input's dtype and length, not overlapping `dy` or `x`.
   * @throws RectifyError `INVALID_ARGUMENT` when no `forwardInto` came first,
   * and as `backward` does for a malformed `dy` or `out`.
   */
  backwardInto(dy: Tensor, out: FloatArray): void {
    if (!this.#intoPending) {
      throw new RectifyError('INVALID_ARGUMENT', `${this.name}: backwardInto needs a forwardInto call first`, { field: 'dy', value: dy });
    }
    const { x, shape } = this.#intoContext;
    const grad = checkedGradient(dy, x.data, shape);
    requireOut(out);
    const dx = outputBufferAvoiding(out, x.data, x.data.length, 'out', grad.data);
    this.gradientInto(x, grad.data, dx);
  }

  /**
   * Checks the input and options of a forward call, sets the remembered
   * output shape and size, mode and generator, and returns the `out` option
   * (always `undefined` when `known` does not list it).
   */
  #checkCall(x: Tensor, options: unknown, known: readonly string[]): unknown {
    const isKnown = this.#isLastInput(x);
    if (!isKnown) assertTensor(x, 'x');
    let training: unknown = false;
    let rng: unknown = this.ownRng;
    let out: unknown;
    if (options !== undefined) {
      // Read once each, in this order; undefined takes the default, as a destructuring default would.
      const opts = readOptions(options, 'options', known);
      const givenTraining = opts.training;
      if (givenTraining !== undefined) training = givenTraining;
      const givenRng = opts.rng;
      if (givenRng !== undefined) rng = givenRng;
      out = opts.out;
    }
    if (typeof training !== 'boolean') {
      throw new RectifyError('INVALID_ARGUMENT', `options.training must be a boolean, got ${describeValue(training)}`, { field: 'options.training', value: training });
    }
    if (!isRandomSource(rng)) {
      throw new RectifyError('INVALID_ARGUMENT', `options.rng must be a seeded generator with next(), got ${describeValue(rng)}`, { field: 'options.rng', value: rng });
    }
    if (!isKnown) this.#outputShapeOf(x);
    this.#callTraining = training;
    this.#callRng = rng;
    return out;
  }

  /**
   * Whether `x` is a valid tensor whose shape is the frozen array of the last
   * call, or a frozen array of the same sizes: its shape needs no new check,
   * and its output shape is known.
   */
  #isLastInput(x: unknown): boolean {
    const last = this.#lastInput;
    if (last === undefined || typeof x !== 'object' || x === null) return false;
    const shape: unknown = (x as Tensor).shape;
    // Another frozen array with the same sizes (tensors rotating through one shape) is as good as the same array.
    if (shape !== last && !(Array.isArray(shape) && Object.isFrozen(shape) && sameShape(shape as number[], last))) return false;
    const data: unknown = (x as Tensor).data;
    return (data instanceof Float32Array || data instanceof Float64Array) && (data as FloatArray).length === this.#lastInputSize;
  }

  /**
   * The frozen output shape of a checked input, remembered with its size (and
   * the input shape, when that is frozen and so cannot change).
   */
  #outputShapeOf(input: Tensor): readonly number[] {
    const inputShape = input.shape;
    const frozen = Object.isFrozen(inputShape);
    let shape: readonly number[];
    if (frozen && this.outputShape === ActivationBase.prototype.outputShape) {
      shape = inputShape;
      this.#lastOutputSize = input.data.length;
    } else {
      shape = Object.freeze(this.outputShape(inputShape));
      this.#lastOutputSize = sizeOf(shape);
    }
    this.#lastInput = frozen ? inputShape : undefined;
    this.#lastInputSize = input.data.length;
    this.#lastOutput = shape;
    return shape;
  }

  /** Serialises the config and parameters, as `fromJSON` of a registry reads them. */
  toJSON(): ActivationJSON {
    const parameters: Record<string, SerializedParameter> = {};
    for (const parameter of this.parameters) {
      parameters[parameter.name] = { shape: [...parameter.shape], data: Array.from(parameter.data, encodeNumber) };
    }
    return {
      format: 'rectify.activation',
      version: 1,
      name: this.name,
      config: Object.fromEntries(Object.entries(this.config).map(([key, value]) => [key, Object.is(value, -0) ? '-0' : value])),
      parameters,
    };
  }
}
