import { RectifyError, describeValue } from './errors.js';
import type { RandomSource } from './random.js';
import type { FloatArray, Tensor } from './tensor.js';

/**
 * Hyperparameters of an activation: a plain, JSON-serialisable object.
 * @public
 */
export type ActivationConfig = object;

/**
 * A learnable tensor of an activation, with the gradient that `backward`
 * accumulates into.
 *
 * @remarks
 * Values are kept in float64. When the input is float32, an activation reads
 * each value rounded to float32, as a float32 PyTorch parameter would hold it.
 * Gradients are float64 and accumulate across `backward` calls until
 * {@link Activation.zeroGrad}, as in PyTorch.
 * @public
 */
export interface Parameter extends Tensor {
  /** The parameter's name, unique within its activation (PReLU: `weight`). */
  readonly name: string;
  /** The current values; an optimiser updates them in place. */
  readonly data: Float64Array;
  /** The accumulated gradient, same shape as the parameter. */
  readonly grad: Tensor & {
    /** The gradient values, float64, same length as the parameter's data. */
    readonly data: Float64Array;
  };
}

/**
 * Options for {@link Activation.forward}.
 * @public
 */
export interface ForwardOptions {
  /**
   * Training mode. Only stochastic activations (RReLU) behave differently.
   * @defaultValue `false`
   */
  readonly training?: boolean;
  /**
   * Generator for stochastic activations in training mode. When omitted, the
   * activation's own generator (seeded from its config) is used and advanced.
   */
  readonly rng?: RandomSource;
  /**
   * Buffer to write `y` into: the input's dtype, and exactly as long as the
   * output. It must not overlap the input. Saves an allocation per call.
   */
  readonly out?: FloatArray;
}

/**
 * Options for {@link Activation.forwardInto}: {@link ForwardOptions} without
 * `out`, which `forwardInto` takes as an argument.
 * @public
 */
export interface ForwardIntoOptions {
  /**
   * Training mode. Only stochastic activations (RReLU) behave differently.
   * @defaultValue `false`
   */
  readonly training?: boolean;
  /**
   * Generator for stochastic activations in training mode. When omitted, the
   * activation's own generator (seeded from its config) is used and advanced.
   */
  readonly rng?: RandomSource;
}

/**
 * Options for a {@link Backward} call.
 * @public
 */
export interface BackwardOptions {
  /** Buffer to write `dx` into: the input's dtype and length, not overlapping `dy` or `x`. */
  readonly out?: FloatArray;
}

/**
 * Computes the gradient with respect to the input of the forward call that
 * returned it, and adds the parameter gradients into each parameter's `grad`.
 *
 * @param dy - Gradient of the loss with respect to `y`: same shape and dtype as `y`.
 * @param options - An optional `out` buffer for `dx`.
 * @returns `dx`, with the input's shape and dtype.
 * @remarks Reads the input `x` at call time: do not change it in between.
 * @public
 */
export type Backward = (dy: Tensor, options?: BackwardOptions) => Tensor;

/**
 * What {@link Activation.forward} returns: the output and its backward.
 * @public
 */
export interface ForwardResult {
  /** The output, with the input's dtype and {@link Activation.outputShape}. */
  readonly y: Tensor;
  /** The backward of this call (it keeps the call's random slopes, if any). */
  readonly backward: Backward;
}

/**
 * The serialised form of an activation, as {@link Activation.toJSON} writes it
 * and {@link Registry.fromJSON} reads it.
 *
 * @remarks
 * Parameter values are JSON numbers, except the four that JSON cannot hold,
 * which are written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` and
 * `"-0"`, so that a round trip is exact to the bit.
 * @public
 */
export interface ActivationJSON {
  /** Always `'rectify.activation'`. */
  readonly format: 'rectify.activation';
  /** Schema version, currently 1. */
  readonly version: 1;
  /** The plugin's canonical name. */
  readonly name: string;
  /** The full config, defaults included; a value of −0 is written as the string `"-0"`. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Learnable parameters by name. */
  readonly parameters: Readonly<Record<string, SerializedParameter>>;
}

/**
 * One parameter in an {@link ActivationJSON}.
 * @public
 */
export interface SerializedParameter {
  /** The parameter's shape. */
  readonly shape: readonly number[];
  /** The values, row-major; see {@link ActivationJSON} for non-finite values and −0. */
  readonly data: readonly (number | 'NaN' | 'Infinity' | '-Infinity' | '-0')[];
}

/**
 * An activation function with its hyperparameters: the contract every plugin's
 * `create` fulfils.
 *
 * @typeParam C - The config type.
 * @public
 */
export interface Activation<C extends ActivationConfig = ActivationConfig> {
  /** The plugin's canonical name, such as `leaky_relu`. */
  readonly name: string;
  /** The hyperparameters, defaults filled in, frozen. */
  readonly config: Readonly<C>;
  /** Learnable parameters; empty for parameter-free activations. */
  readonly parameters: readonly Parameter[];
  /** Sets every parameter's gradient to zero. */
  zeroGrad(): void;
  /**
   * Applies the activation.
   *
   * @param x - The input. It is never modified.
   * @param options - Training mode, generator, output buffer.
   * @returns The output and the backward of this call.
   * @throws {@link RectifyError} for a malformed tensor, a shape the activation
   * cannot take, or a bad option.
   */
  forward(x: Tensor, options?: ForwardOptions): ForwardResult;
  /**
   * Applies the activation into a caller's buffer, allocating nothing: the
   * form for hot training loops that reuse their buffers.
   *
   * @remarks
   * Computes the same bits as `forward(x, { ...options, out })`. Instead of
   * returning a backward, the activation remembers this call (its input, mode,
   * and for RReLU in training its slopes, kept in a buffer the activation
   * reuses), and {@link Activation.backwardInto} computes its gradient. So one
   * activation instance has one pending call: a network that applies the same
   * instance twice needs `forward`, or one instance per use. As with
   * `backward`, `x` is read again by `backwardInto`: do not change it in
   * between. A call that throws leaves the pending call as it was.
   *
   * @param x - The input. It is never modified.
   * @param out - The output buffer: the input's dtype, exactly as long as the
   * output, not overlapping the input.
   * @param options - Training mode and generator.
   * @throws {@link RectifyError} as `forward` does, and for a missing `out`.
   */
  forwardInto(x: Tensor, out: FloatArray, options?: ForwardIntoOptions): void;
  /**
   * The backward of the last {@link Activation.forwardInto} call, into a
   * caller's buffer, allocating nothing: writes dx into `out` and adds the
   * parameter gradients into each parameter's `grad`.
   *
   * @remarks
   * Computes the same bits as the `backward` that `forward` would have
   * returned for that call. It may be called more than once for one
   * `forwardInto` (parameter gradients then accumulate, as with `backward`).
   *
   * @param dy - Gradient of the loss with respect to y: the output's shape and dtype.
   * @param out - The buffer for dx: the input's dtype and length, not overlapping `dy` or `x`.
   * @throws {@link RectifyError} `INVALID_ARGUMENT` when no `forwardInto` came
   * first, and as `backward` does for a malformed `dy` or `out`.
   */
  backwardInto(dy: Tensor, out: FloatArray): void;
  /**
   * The output shape for an input shape.
   * @param inputShape - Sizes of the input's axes.
   * @throws {@link RectifyError} when the activation cannot take that shape.
   */
  outputShape(inputShape: readonly number[]): number[];
  /**
   * The recommended gain for weight initialisation of the layer before this
   * activation, as PyTorch's `torch.nn.init.calculate_gain` gives it.
   */
  gain(): number;
  /** Serialises the config and parameters; see {@link ActivationJSON}. */
  toJSON(): ActivationJSON;
}

/**
 * Everything {@link ActivationBase.compute} receives about one forward call.
 * @public
 */
export interface ComputeContext {
  /** The validated input. */
  readonly x: Tensor;
  /** The output buffer to fill, of the input's dtype. */
  readonly y: FloatArray;
  /** The output shape. */
  readonly shape: readonly number[];
  /** Whether this call is in training mode. */
  readonly training: boolean;
  /** The generator for this call. */
  readonly rng: RandomSource;
}

/**
 * Writes `dx` for one backward call and accumulates parameter gradients.
 * Returned by {@link ActivationBase.compute}.
 *
 * @param dy - The validated output gradient.
 * @param dx - The buffer to fill, of the input's dtype and length.
 * @public
 */
export type GradientWriter = (dy: FloatArray, dx: FloatArray) => void;

/**
 * Checks a caller's `out` buffer, or allocates one.
 *
 * @param out - The buffer given, or `undefined`.
 * @param like - An array of the required dtype.
 * @param length - The required length.
 * @param field - The option's name, for errors.
 * @param avoid - Arrays the buffer must not overlap.
 * @throws {@link RectifyError} `DTYPE_MISMATCH`, `SHAPE_MISMATCH` or `INVALID_ARGUMENT`.
 * @public
 */
export function outputBuffer(
  out: unknown,
  like: FloatArray,
  length: number,
  field: string,
  avoid: readonly FloatArray[],
): FloatArray {
  if (out === undefined) return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
  const buffer = checkedOut(out, like, length, field);
  const start = buffer.byteOffset;
  const end = start + buffer.byteLength;
  for (const other of avoid) if (other.buffer === buffer.buffer && meets(other, start, end)) throw overlapError(field, buffer);
  return buffer;
}

/**
 * {@link outputBuffer} for one or two arrays to avoid, passed as arguments so
 * that a call allocates nothing but the buffer it may create.
 *
 * @param out - The buffer given, or `undefined`.
 * @param like - An array of the required dtype; the buffer must not overlap it.
 * @param length - The required length.
 * @param field - The option's name, for errors.
 * @param other - A second array the buffer must not overlap, if any.
 * @throws {@link RectifyError} as {@link outputBuffer} does.
 * @internal
 */
export function outputBufferAvoiding(out: unknown, like: FloatArray, length: number, field: string, other?: FloatArray): FloatArray {
  if (out === undefined) return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
  const buffer = checkedOut(out, like, length, field);
  const memory = buffer.buffer;
  const sharesLike = like.buffer === memory;
  const sharesOther = other !== undefined && other.buffer === memory;
  if (sharesLike || sharesOther) {
    // Typed arrays in one memory (an arena) are common: read the buffer's range once.
    const start = buffer.byteOffset;
    const end = start + buffer.byteLength;
    if ((sharesLike && meets(like, start, end)) || (sharesOther && meets(other, start, end))) throw overlapError(field, buffer);
  }
  return buffer;
}

/** Whether `a` has a byte in [start, end) of its buffer. */
function meets(a: FloatArray, start: number, end: number): boolean {
  const aStart = a.byteOffset;
  return aStart < end && start < aStart + a.byteLength;
}

function checkedOut(out: unknown, like: FloatArray, length: number, field: string): FloatArray {
  if (!(out instanceof Float32Array) && !(out instanceof Float64Array)) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} must be a Float32Array or a Float64Array, got ${describeValue(out)}`, { field, value: out });
  }
  if (out.constructor !== like.constructor) {
    throw new RectifyError('DTYPE_MISMATCH', `${field} is a ${out.constructor.name} but the input is a ${like.constructor.name}`, { field, value: out });
  }
  if (out.length !== length) {
    throw new RectifyError('SHAPE_MISMATCH', `${field} has ${out.length} elements but the result has ${length}`, { field, value: out });
  }
  return out;
}

function overlapError(field: string, out: FloatArray): RectifyError {
  return new RectifyError('INVALID_ARGUMENT', `${field} overlaps an input of this call; pass a separate buffer`, { field, value: out });
}
