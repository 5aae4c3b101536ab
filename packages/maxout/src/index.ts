/**
 * Maxout as a Rectify plugin: the largest of each group of k consecutive
 * channels (Goodfellow, Warde-Farley, Mirza, Courville & Bengio 2013).
 *
 * @packageDocumentation
 */
import {
  ActivationBase,
  assertTensor,
  definePlugin,
  integerField,
  parseConfig,
  plainKernels,
  sizeOf,
  type Activation,
  type ComputeContext,
  type ConfigSpec,
  type CreateContext,
  type FloatArray,
  type GradientWriter,
  type Kernels,
  type Tensor,
} from '@rectify/core';
import { maxoutGain } from './gain.js';
import { maxoutMargin, maxoutRun, maxoutRunBackward, type MaxoutBackwardKernel, type MaxoutForwardKernel, type MaxoutKernels } from './kernels.js';
import { maxoutLowering } from './lowering.js';

export type { MaxoutBackwardKernel, MaxoutForwardKernel } from './kernels.js';
import { groupLayout, type GroupLayout } from './layout.js';

/**
 * The largest accepted `pieces`: 1024.
 *
 * @remarks
 * Maxout is used with a handful of pieces; a bound far above that keeps a
 * mistyped value (a channel count, say) from passing silently, and bounds the
 * quadrature behind {@link Maxout.gain}.
 * @public
 */
export const MAX_PIECES = 1024;

/**
 * Hyperparameters of {@link Maxout}.
 * @public
 */
export interface MaxoutConfig {
  /**
   * k, the number of pieces per group: an integer from 1 to
   * {@link MAX_PIECES}. The size of the grouped axis must be a multiple of k;
   * the output has k times fewer channels. With k = 1 maxout is the identity.
   * @defaultValue 2
   */
  readonly pieces: number;
  /**
   * The axis whose channels are grouped: an integer, negative values counting
   * from the end (−1 is the last axis). The default, 1, is the channel axis of
   * PyTorch's [N, C, …] layout; use −1 for channels-last data. An input of
   * rank 1 always uses axis 0, its only axis.
   * @defaultValue 1
   */
  readonly axis: number;
}

const fields: ConfigSpec<MaxoutConfig> = {
  pieces: integerField(2, 'Number of pieces k per group; the grouped axis shrinks by a factor k.', { min: 1, max: MAX_PIECES }),
  axis: integerField(1, 'Axis whose channels are grouped (negative counts from the end; a rank-1 input uses axis 0).'),
};

/**
 * A maxout instance; create one with `maxout.create({ pieces })` or
 * `registry.create('maxout', { pieces })`.
 *
 * @remarks
 * Forward: along the grouped axis, output channel c is
 * y[…, c, …] = max(x[…, c·k, …], x[…, c·k + 1, …], …, x[…, c·k + k − 1, …]),
 * so an axis of size C becomes one of size C/k (see {@link Maxout.outputShape}).
 *
 * - Ties: the first maximal member of the group wins. Of −0 and +0 the one
 *   that comes first is output, since neither is greater than the other.
 * - NaN: a group that contains NaN outputs NaN, the first NaN of the group.
 * - Values are copied, never rounded: y is bit-identical to its winner in
 *   float32 and in float64.
 *
 * Backward: the whole of dy goes to the winner of its group, and dx is +0 at
 * every other input, as `torch.max(x, dim)` routes its gradient through the
 * index it returns (a NaN winner receives dy too). So dx over a group sums to
 * dy exactly.
 *
 * On the WebAssembly SIMD path (`@rectify/simd`) the forward allocates nothing
 * and the backward finds each group's winner again from x, which the contract
 * asks callers to leave unchanged until backward. Where that path declines an
 * input, the forward records the winners in an `Int32Array` as long as y and
 * the backward scatters through it. Both give the same bits.
 *
 * Grouping is consecutive, as Lasagne's `FeaturePoolLayer` and ConvNetJS
 * group. TensorFlow Addons' `tfa.layers.Maxout(num_units)` groups strided
 * instead: its output c is the max over channels c, c + U, c + 2U, … with U
 * the number of outputs. The two agree only after permuting the channels.
 *
 * PyTorch has no maxout; everything above follows `torch.max` along a dim.
 * @public
 */
export class Maxout extends ActivationBase<MaxoutConfig> {
  /**
   * @param config - `pieces` (default 2) and `axis` (default 1); see {@link MaxoutConfig}.
   * @param kernels - The kernels to run, from a registry's providers. Defaults
   * to this package's loops; a provider's `maxout` kernels are
   * {@link MaxoutForwardKernel} and {@link MaxoutBackwardKernel}.
   * @throws {@link @rectify/core!RectifyError} `INVALID_CONFIG` naming the field and value.
   */
  constructor(config?: Partial<MaxoutConfig>, kernels: Kernels = plainKernels) {
    const parsed = parseConfig('maxout', fields, config);
    super('maxout', parsed, [], 0, kernels);
    const fast = (dtype: 'float32' | 'float64'): MaxoutKernels => ({
      forward: kernels.find<MaxoutForwardKernel>('maxout', 'forward', dtype, parsed),
      backward: kernels.find<MaxoutBackwardKernel>('maxout', 'backward', dtype, parsed),
    });
    this.#fast32 = fast('float32');
    this.#fast64 = fast('float64');
  }

  /**
   * The input shape with the grouped axis divided by k.
   *
   * @param inputShape - Sizes of the input's axes; at least one axis.
   * @returns A new shape: `[2, 6, 5]` with k = 3 and axis 1 gives `[2, 2, 5]`.
   * @throws {@link @rectify/core!RectifyError} `SHAPE_MISMATCH` for a scalar,
   * and when the axis size is not a multiple of k (field `inputShape[axis]`,
   * the message naming the axis, its size and k); `INVALID_ARGUMENT` for an
   * axis out of range (field `axis`) or a malformed shape.
   */
  override outputShape(inputShape: readonly number[]): number[] {
    sizeOf(inputShape, 'inputShape');
    const { pieces, axis } = this.config;
    const layout = groupLayout(inputShape, pieces, axis);
    const shape = [...inputShape];
    shape[layout.axis] = layout.channels / pieces;
    return shape;
  }

  /**
   * The variance-preserving gain 1/√E[max(z₁, …, z_k)²] for independent
   * standard normal zᵢ.
   *
   * @remarks
   * `torch.nn.init.calculate_gain` has no entry for maxout. This gain plays
   * the role √2 plays for ReLU (1/√E[relu(z)²]): it keeps the second moment
   * of the signal from layer to layer when pre-activations are standard
   * normal. It is exactly 1 for k = 1 and k = 2, and falls as k grows
   * (about 0.885 for k = 3, 0.803 for k = 4, 0.646 for k = 8). The moment
   * ∫ z²·k·φ(z)·Φ(z)^(k−1) dz is computed by Simpson quadrature, to about
   * 10⁻¹³, once per k.
   */
  gain(): number {
    return maxoutGain(this.config.pieces);
  }

  /** A kernel provider's kernels, per dtype. */
  readonly #fast32: MaxoutKernels;
  readonly #fast64: MaxoutKernels;

  /** The frozen input shape of the last call, and its layout. */
  #layoutShape: readonly number[] | undefined = undefined;
  #layout: GroupLayout | undefined = undefined;

  /** The winners of the pending `forwardInto` call (`undefined` after a SIMD kernel), and a buffer to reuse for them. */
  #intoWinners: Int32Array | undefined = undefined;
  #winnersBuffer: Int32Array | undefined = undefined;

  /** @internal */
  protected override compute({ x, y }: ComputeContext): GradientWriter {
    const layout = this.#layoutOf(x.shape);
    const fast = x.data instanceof Float32Array ? this.#fast32 : this.#fast64;
    const winners = maxoutRun(x.data, y, layout, this.config.pieces, fast);
    return (dy, dx) => maxoutRunBackward(x.data, winners, dy, dx, layout, this.config.pieces, fast);
  }

  /** @internal */
  protected override computeInto({ x, y }: ComputeContext): void {
    let buffer = this.#winnersBuffer;
    if (buffer === undefined || buffer.length !== y.length) {
      buffer = new Int32Array(y.length);
      this.#winnersBuffer = buffer;
    }
    this.#intoWinners = maxoutRun(x.data, y, this.#layoutOf(x.shape), this.config.pieces, x.data instanceof Float32Array ? this.#fast32 : this.#fast64, buffer);
  }

  /** @internal */
  protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    maxoutRunBackward(x.data, this.#intoWinners, dy, dx, this.#layoutOf(x.shape), this.config.pieces, x.data instanceof Float32Array ? this.#fast32 : this.#fast64);
  }

  /** The layout of a checked input shape, kept while the same frozen shape array comes back. */
  #layoutOf(shape: readonly number[]): GroupLayout {
    let layout = this.#layout;
    if (shape !== this.#layoutShape || layout === undefined) {
      // The config is frozen, so a frozen shape array always has this layout.
      layout = groupLayout(shape, this.config.pieces, this.config.axis);
      this.#layoutShape = Object.isFrozen(shape) ? shape : undefined;
      this.#layout = layout;
    }
    return layout;
  }

}

/**
 * The maxout plugin: the largest of each group of k consecutive channels.
 *
 * @remarks
 * Canonical name `maxout`; alias `Maxout`. Config `pieces` (k, default 2) and
 * `axis` (default 1); see {@link MaxoutConfig} and {@link Maxout} for the
 * tie, NaN and gradient rules.
 *
 * From Goodfellow, Warde-Farley, Mirza, Courville & Bengio, "Maxout Networks"
 * (ICML 2013). Their maxout unit is hᵢ(x) = max over j = 1 … k of zᵢⱼ, with
 * zᵢⱼ = Σₐ xₐ·Wₐᵢⱼ + bᵢⱼ: the largest of k learnable affine pieces. The
 * learnable pieces are the job of the layer before this activation: a linear
 * layer with k times as many outputs as there are units, followed by maxout
 * with `pieces: k`, is the original unit. In the backward pass only the
 * winning piece of each unit receives gradient.
 *
 * Not elementwise; 1-Lipschitz in the max norm; propagates NaN. Its kinks are
 * the inputs where a group's two largest members tie, so the conformance kit
 * keeps gradient checks at least a margin away from them.
 *
 * @example
 * A maxout layer of 2 units with 3 pieces each, on 4 inputs:
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { maxout } from '@rectify/maxout';
 *
 * const inputs = 4;
 * const units = 2;
 * const pieces = 3;
 * // The learnable part: a dense layer with units·pieces = 6 outputs;
 * // output u·pieces + j is piece j of unit u.
 * const weight = new Float64Array(units * pieces * inputs).map((_, i) => Math.sin(i + 1));
 * const bias = new Float64Array(units * pieces);
 * const x = new Float64Array([0.5, -1, 2, 0.25]);
 * const z = new Float64Array(units * pieces);
 * for (let o = 0; o < units * pieces; o++) {
 *   let sum = bias[o]!;
 *   for (let i = 0; i < inputs; i++) sum += weight[o * inputs + i]! * x[i]!;
 *   z[o] = sum;
 * }
 *
 * // The activation: the largest of each unit's 3 consecutive pieces.
 * const act = createRegistry().use(maxout).create('maxout', { pieces });
 * const { y, backward } = act.forward(tensor(z, [1, units * pieces]));
 * console.log(y.shape); // [1, 2]
 *
 * // Backward: dz is dy at each unit's winning piece and 0 elsewhere, so
 * // only the winners' rows of the dense layer learn.
 * const dz = backward(tensor([1, 1], [1, units])).data;
 * const dWeight = new Float64Array(weight.length);
 * for (let o = 0; o < units * pieces; o++) {
 *   for (let i = 0; i < inputs; i++) dWeight[o * inputs + i] = dz[o]! * x[i]!;
 * }
 * ```
 * @public
 */
export const maxout = definePlugin({
  name: 'maxout',
  displayName: 'Maxout',
  aliases: ['Maxout'],
  summary: 'Maxout: the largest of each group of k consecutive channels.',
  reference: 'Goodfellow, Warde-Farley, Mirza, Courville & Bengio, "Maxout Networks", ICML 2013.',
  fields,
  traits: {
    elementwise: false,
    stochastic: false,
    propagatesNaN: true,
    lipschitz: () => 1,
    kinks: () => [],
    distanceToKink: (activation: Activation<MaxoutConfig>, x: Tensor): number => {
      const input = assertTensor(x, 'x');
      const { pieces, axis } = activation.config;
      return maxoutMargin(input.data, groupLayout(input.shape, pieces, axis), pieces);
    },
  },
  lowering: maxoutLowering,
  create: (config?: Partial<MaxoutConfig>, context?: CreateContext) => new Maxout(config, context?.kernels),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    maxout: MaxoutConfig;
  }
}
