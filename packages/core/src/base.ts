import {
  outputBuffer,
  type Activation,
  type ActivationConfig,
  type ActivationJSON,
  type Backward,
  type BackwardOptions,
  type ComputeContext,
  type ForwardOptions,
  type ForwardResult,
  type GradientWriter,
  type Parameter,
  type SerializedParameter,
} from './activation.js';
import { RectifyError, describeValue } from './errors.js';
import { encodeNumber } from './json.js';
import { createRng, isRandomSource, type RandomSource } from './random.js';
import { assertTensor, sameShape, sizeOf, type Tensor } from './tensor.js';

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
  if (options === undefined) return {};
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
const BACKWARD_OPTIONS = ['out'] as const;

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

  /**
   * @param name - The plugin's canonical name.
   * @param config - The validated, frozen config.
   * @param parameters - Learnable parameters. Defaults to none.
   * @param seed - Seed of the activation's own generator. Defaults to 0.
   */
  protected constructor(name: string, config: Readonly<C>, parameters: readonly Parameter[] = [], seed = 0) {
    this.name = name;
    this.config = config;
    this.parameters = Object.freeze([...parameters]);
    this.ownRng = createRng(seed);
  }

  /**
   * Fills `context.y` and returns the writer of `dx` for this call.
   * @param context - The validated call.
   */
  protected abstract compute(context: ComputeContext): GradientWriter;

  /**
   * The recommended gain for weight initialisation of the layer before this
   * activation, as PyTorch's `torch.nn.init.calculate_gain` gives it.
   */
  abstract gain(): number;

  /**
   * The output shape for an input shape.
   *
   * @remarks The default suits elementwise activations: the shape is unchanged.
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
    const input = assertTensor(x, 'x');
    const opts = readOptions(options, 'options', FORWARD_OPTIONS);
    const { training = false, rng = this.ownRng, out } = opts;
    if (typeof training !== 'boolean') {
      throw new RectifyError('INVALID_ARGUMENT', `options.training must be a boolean, got ${describeValue(training)}`, { field: 'options.training', value: training });
    }
    if (!isRandomSource(rng)) {
      throw new RectifyError('INVALID_ARGUMENT', `options.rng must be a seeded generator with next(), got ${describeValue(rng)}`, { field: 'options.rng', value: rng });
    }
    const shape = Object.freeze(this.outputShape(input.shape));
    const y = outputBuffer(out, input.data, sizeOf(shape), 'options.out', [input.data]);
    const write = this.compute({ x: input, y, shape, training, rng });
    const backward: Backward = (dy: Tensor, backwardOptions?: BackwardOptions): Tensor => {
      const grad = assertTensor(dy, 'dy');
      if (!sameShape(grad.shape, shape)) {
        throw new RectifyError('SHAPE_MISMATCH', `dy has shape ${describeValue(grad.shape)} but y has shape ${describeValue(shape)}`, { field: 'dy.shape', value: grad.shape });
      }
      if (grad.data.constructor !== input.data.constructor) {
        throw new RectifyError('DTYPE_MISMATCH', `dy is a ${grad.data.constructor.name} but y is a ${input.data.constructor.name}`, { field: 'dy.data', value: grad.data });
      }
      const dxOut = readOptions(backwardOptions, 'options', BACKWARD_OPTIONS).out;
      const dx = outputBuffer(dxOut, input.data, input.data.length, 'options.out', [input.data, grad.data]);
      write(grad.data, dx);
      return { data: dx, shape: input.shape };
    };
    return { y: { data: y, shape }, backward };
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
