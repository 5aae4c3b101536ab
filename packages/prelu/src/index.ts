/**
 * PReLU, the parametric rectified linear unit, as a Rectify plugin: a leaky
 * rectifier whose negative-side slopes are learnable, one shared or one per
 * channel.
 *
 * @packageDocumentation
 */
import {
  ActivationBase,
  axisLayout,
  RectifyError,
  createParameter,
  definePlugin,
  describeValue,
  integerField,
  leakyGain,
  numberField,
  parseConfig,
  plainKernels,
  roundTo,
  sizeOf,
  type ComputeContext,
  type ConfigSpec,
  type CreateContext,
  type FloatArray,
  type GradientWriter,
  type Kernels,
  type Parameter,
  type Tensor,
} from '@rectify/core';
import { channelBackward, channelForward, type ChannelLayout, type PreluBackwardKernel, type PreluForwardKernel } from './kernels.js';
import { preluLowering } from './lowering.js';

export type { PreluBackwardKernel, PreluForwardKernel } from './kernels.js';

/** The largest accepted `numParameters`: 2^24 slopes (128 MiB of weights, as much again of gradient). */
const MAX_PARAMETERS = 2 ** 24;

/**
 * Hyperparameters of PReLU. Names follow `torch.nn.PReLU` (`num_parameters`,
 * `init`), in camelCase.
 * @public
 */
export interface PreluConfig {
  /**
   * Number of learnable slopes: 1 (one slope shared by every element) or the
   * number of channels of the input (one slope per channel). An integer from 1
   * to 2^24 (16777216).
   * @defaultValue `1`
   */
  readonly numParameters: number;
  /**
   * The initial value of every slope; any finite number. He et al. (2015)
   * initialise the slopes to 0.25, as `torch.nn.PReLU` does.
   * @defaultValue `0.25`
   */
  readonly init: number;
  /**
   * The channel axis: 1 by default, as in PyTorch (`[N, C, ...]`); -1 for
   * channels-last data (`[N, ..., C]`). A negative axis counts from the end.
   * Ignored for inputs of rank 0 and 1, which have one channel.
   * @defaultValue `1`
   */
  readonly axis: number;
}

const fields: ConfigSpec<PreluConfig> = {
  numParameters: integerField(1, 'Number of learnable slopes: 1 (shared) or the number of channels.', { min: 1, max: MAX_PARAMETERS }),
  init: numberField(0.25, 'Initial value of every slope.'),
  axis: integerField(1, 'The channel axis; negative counts from the end. Inputs of rank < 2 have one channel.'),
};

/**
 * The layout of an input shape around the channel axis, with the checks
 * PReLU makes. Assumes the shape itself is valid (see `sizeOf`).
 */
function layoutOf(shape: readonly number[], config: Readonly<PreluConfig>): ChannelLayout {
  const rank = shape.length;
  if (rank < 2) {
    if (config.numParameters !== 1) {
      throw new RectifyError(
        'SHAPE_MISMATCH',
        `prelu: numParameters is ${config.numParameters} but an input of rank ${rank} (shape ${describeValue(shape)}) has 1 channel; numParameters must be 1`,
        { field: 'inputShape', value: shape },
      );
    }
    return { outer: 1, channels: 1, inner: rank === 1 ? (shape[0] as number) : 1 };
  }
  const { axis, outer, channels, inner } = axisLayout('prelu', shape, config.axis);
  if (config.numParameters !== 1 && config.numParameters !== channels) {
    throw new RectifyError(
      'SHAPE_MISMATCH',
      `prelu: numParameters is ${config.numParameters} but the input has ${channels} channels along axis ${axis} (shape ${describeValue(shape)}); numParameters must be 1 or ${channels}`,
      { field: `inputShape[${axis}]`, value: channels },
    );
  }
  return { outer, channels, inner };
}

/**
 * A PReLU instance; create one with `prelu.create(config)` or
 * `registry.create('prelu', config)`.
 *
 * @remarks
 * Forward, with c the channel of element i and w the `weight` parameter:
 *
 * ```text
 * y[i] = x[i]          where x[i] > 0
 * y[i] = w[c] · x[i]   otherwise (x ≤ 0, and NaN)
 * ```
 *
 * With `numParameters` = 1 the single slope w[0] applies to every element.
 *
 * Backward, for an output gradient dy:
 *
 * ```text
 * dx[i]       = dy[i]   where x[i] > 0, else w[c] · dy[i]
 * dweight[c] += Σ over the elements i of channel c of (x[i] > 0 ? 0 : x[i] · dy[i])
 * ```
 *
 * At x = 0 the input gradient is w·dy, and the slope's gradient gets
 * x·dy = 0 there, as PyTorch's `prelu` backward (which tests `x > 0`).
 * A NaN input gives a NaN output, dx = w·dy, and a NaN slope gradient.
 * The sign of zero follows the product: y(−0) = w·(−0), −0 for w \> 0.
 * Slope gradients are float64 sums, in memory order, and accumulate in
 * `weight.grad` across backward calls until {@link Prelu.zeroGrad}.
 *
 * In float32 each slope is first rounded to float32, as a float32 PyTorch
 * parameter holds it, and each product is rounded once on store, which equals
 * a float32 multiply; y and dx then match `torch.nn.functional.prelu` bit for
 * bit in float32 and float64. A forward call reads the slopes once; its
 * backward uses those same slopes even if `weight` changes in between.
 *
 * Channels: element i belongs to channel c along the `axis` of the input
 * (axis 1 by default, as PyTorch's `[N, C, ...]`). Inputs of rank 0 and 1 have
 * one channel. `numParameters` must be 1 or the channel count, else
 * {@link Prelu.outputShape} and {@link Prelu.forward} throw a
 * `SHAPE_MISMATCH` naming both numbers.
 * @public
 */
export class Prelu extends ActivationBase<PreluConfig> {
  /**
   * @param config - Hyperparameters; missing fields take their defaults. See {@link PreluConfig}.
   * @param kernels - The kernels to run, from a registry's providers. Defaults
   * to the loops of this package. A provider's `prelu` kernels take
   * `forward(x, y, slopes, outer, channels, inner)` and
   * `backward(x, dy, dx, slopes, outer, channels, inner, sums)` (see
   * {@link PreluForwardKernel}).
   * @throws {@link @rectify/core!RectifyError} `INVALID_CONFIG` naming the field and value.
   */
  constructor(config?: Partial<PreluConfig>, kernels: Kernels = plainKernels) {
    const parsed = parseConfig('prelu', fields, config);
    super('prelu', parsed, [createParameter('weight', [parsed.numParameters], parsed.init)], 0, kernels);
    this.#forward32 = kernels.find<PreluForwardKernel>('prelu', 'forward', 'float32', parsed);
    this.#forward64 = kernels.find<PreluForwardKernel>('prelu', 'forward', 'float64', parsed);
    this.#backward32 = kernels.find<PreluBackwardKernel>('prelu', 'backward', 'float32', parsed);
    this.#backward64 = kernels.find<PreluBackwardKernel>('prelu', 'backward', 'float64', parsed);
  }

  /** The provider's kernels, per dtype, when it has them. */
  readonly #forward32: PreluForwardKernel | undefined;
  readonly #forward64: PreluForwardKernel | undefined;
  readonly #backward32: PreluBackwardKernel | undefined;
  readonly #backward64: PreluBackwardKernel | undefined;

  /**
   * The learnable slopes, shape `[numParameters]`, float64; the same object as
   * `parameters[0]`. An optimiser updates `weight.data` in place.
   */
  get weight(): Parameter {
    return this.parameters[0] as Parameter;
  }

  /**
   * The output shape for an input shape: unchanged, once the input is checked
   * against the config.
   *
   * @param inputShape - Sizes of the input's axes.
   * @returns A copy of `inputShape`.
   * @throws {@link @rectify/core!RectifyError} `SHAPE_MISMATCH` when `numParameters` is
   * neither 1 nor the input's channel count (the message names both);
   * `INVALID_ARGUMENT` when `axis` is out of range for the input's rank
   * (field `axis`), or for a malformed shape.
   */
  override outputShape(inputShape: readonly number[]): number[] {
    sizeOf(inputShape, 'inputShape');
    layoutOf(inputShape, this.config);
    return [...inputShape];
  }

  /**
   * The gain for the current slopes, as for leaky ReLU: √(2 / (1 + a²)), with
   * a the mean of the weights.
   *
   * @remarks
   * With `numParameters` = 1 this is `torch.nn.init.calculate_gain('leaky_relu', a)`
   * for the one slope a (√(2/1.0625) ≈ 1.3720 at the default 0.25). PyTorch has
   * no gain for several slopes; the mean is the slope a layer sees on average
   * across its channels. The value follows training: it reads the weights at
   * each call. A NaN weight gives NaN.
   */
  gain(): number {
    const w = this.weight.data;
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += w[i] as number;
    return leakyGain(sum / w.length);
  }

  /** The frozen input shape of the last per-channel call, and its layout. */
  #layoutShape: readonly number[] | undefined = undefined;
  #layout: ChannelLayout | undefined = undefined;
  /** The weights rounded for the last call, kept while the weights give the same bits; never written once made. */
  #slopes: Float64Array | undefined = undefined;
  /** Scratch for one backward call's per-channel sums. */
  #sums: Float64Array | undefined = undefined;

  /** The slopes the pending `forwardInto` call used. */
  #intoSlopes: Float64Array | undefined = undefined;

  /** @internal */
  protected override compute(context: ComputeContext): GradientWriter {
    const slopes = this.#apply(context);
    const x = context.x;
    return (dy, dx) => this.#gradient(x, slopes, dy, dx);
  }

  /** @internal */
  protected override computeInto(context: ComputeContext): void {
    this.#intoSlopes = this.#apply(context);
  }

  /** @internal */
  protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    this.#gradient(x, this.#intoSlopes as Float64Array, dy, dx);
  }

  /** Fills y and returns the rounded slopes it used. */
  #apply({ x, y }: ComputeContext): Float64Array {
    const data = x.data;
    const slopes = this.#roundedSlopes(data);
    const layout = slopes.length === 1 ? this.#sharedLayout(data.length) : this.#channelLayout(x.shape);
    const kernel = data instanceof Float32Array ? this.#forward32 : this.#forward64;
    if (kernel === undefined || !kernel(data, y, slopes, layout.outer, layout.channels, layout.inner)) channelForward(data, y, slopes, layout);
    return slopes;
  }

  /** Writes dx for input x and the slopes its forward used, and adds the weight gradient. */
  #gradient(x: Tensor, slopes: Float64Array, dy: FloatArray, dx: FloatArray): void {
    const data = x.data;
    const grad = this.weight.grad.data;
    const layout = slopes.length === 1 ? this.#sharedLayout(data.length) : this.#channelLayout(x.shape);
    const sums = this.#zeroedSums(slopes.length);
    const kernel = data instanceof Float32Array ? this.#backward32 : this.#backward64;
    if (kernel === undefined || !kernel(data, dy, dx, slopes, layout.outer, layout.channels, layout.inner, sums)) channelBackward(data, dy, dx, slopes, layout, sums);
    for (let c = 0; c < sums.length; c++) grad[c] = (grad[c] as number) + (sums[c] as number);
  }

  /** The layout of n elements under one shared slope: one channel, one run. */
  #sharedLayout(n: number): ChannelLayout {
    let layout = this.#shared;
    if (layout === undefined || layout.inner !== n) {
      layout = { outer: 1, channels: 1, inner: n };
      this.#shared = layout;
    }
    return layout;
  }

  #shared: ChannelLayout | undefined = undefined;

  /** The layout of a checked input shape, kept while the same frozen shape array comes back. */
  #channelLayout(shape: readonly number[]): ChannelLayout {
    if (shape === this.#layoutShape && this.#layout !== undefined) return this.#layout;
    const layout = layoutOf(shape, this.config);
    this.#layoutShape = Object.isFrozen(shape) ? shape : undefined;
    this.#layout = layout;
    return layout;
  }

  /**
   * The weights rounded to the dtype of `like`: the previous call's array when
   * every rounded value is the same (bit for bit), else a new one.
   */
  #roundedSlopes(like: FloatArray): Float64Array {
    const w = this.weight.data;
    const previous = this.#slopes;
    if (previous !== undefined && previous.length === w.length) {
      let c = 0;
      while (c < w.length && Object.is(previous[c], roundTo(w[c] as number, like))) c++;
      if (c === w.length) return previous;
    }
    const slopes = new Float64Array(w.length);
    for (let c = 0; c < slopes.length; c++) slopes[c] = roundTo(w[c] as number, like);
    this.#slopes = slopes;
    return slopes;
  }

  /** A zero-filled scratch array of `length` sums, reused from call to call. */
  #zeroedSums(length: number): Float64Array {
    let sums = this.#sums;
    if (sums === undefined || sums.length !== length) {
      sums = new Float64Array(length);
      this.#sums = sums;
    } else {
      sums.fill(0);
    }
    return sums;
  }
}

/**
 * The PReLU plugin: y = x where x \> 0, else w·x, with w learnable.
 *
 * @remarks
 * Canonical name `prelu`; aliases `PReLU`, `parametric_relu`. Config
 * `numParameters` (default 1; at most 2^24), `init` (default 0.25) and `axis`
 * (default 1); see {@link PreluConfig} and, for the maths, {@link Prelu}.
 * One learnable parameter, `weight`, of shape `[numParameters]`; `toJSON`
 * carries it and `registry.fromJSON` restores it exactly (−0 and NaN
 * included). Lipschitz bound max(1, max |w|); one kink, at 0.
 *
 * From He, Zhang, Ren & Sun (2015), "Delving Deep into Rectifiers: Surpassing
 * Human-Level Performance on ImageNet Classification", which defines
 * f(y_i) = y_i for y_i \> 0 and a_i·y_i otherwise, with a channel-wise or a
 * channel-shared slope a_i, initialised to 0.25.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { prelu } from '@rectify/prelu';
 *
 * const act = createRegistry().use(prelu).create('prelu', { numParameters: 2 });
 * // shape [N = 1, C = 2, 2]: channel 0 is [-4, 2], channel 1 is [-8, 0]
 * const { y, backward } = act.forward(tensor([-4, 2, -8, 0], [1, 2, 2]));
 * // y = [-1, 2, -2, 0]
 * backward(tensor([1, 1, 1, 1], [1, 2, 2]));
 * // act.parameters[0].grad.data = [-4, -8]
 * ```
 * @public
 */
export const prelu = definePlugin({
  name: 'prelu',
  displayName: 'PReLU',
  aliases: ['PReLU', 'parametric_relu'],
  summary: 'Parametric ReLU: x where x > 0, else w·x, with learnable slopes w (shared or per channel).',
  reference: 'He, Zhang, Ren & Sun, "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification", ICCV 2015.',
  fields,
  traits: {
    elementwise: true,
    stochastic: false,
    propagatesNaN: true,
    lipschitz: (activation) => {
      let bound = 1;
      for (const parameter of activation.parameters) for (const w of parameter.data) bound = Math.max(bound, Math.abs(w));
      return bound;
    },
    kinks: () => [0],
  },
  parameterShapes: (config) => ({ weight: [config.numParameters] }),
  lowering: preluLowering,
  create: (config?: Partial<PreluConfig>, context?: CreateContext) => new Prelu(config, context?.kernels),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    prelu: PreluConfig;
  }
}
