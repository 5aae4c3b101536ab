import {
  ActivationBase,
  axisLayout,
  parseConfig,
  plainKernels,
  sizeOf,
  type AxisLayout,
  type ComputeContext,
  type FloatArray,
  type Kernels,
  type Tensor,
} from '@rectify/core';
import { softmaxFields, type SoftmaxConfig } from './config.js';
import type { SoftmaxBackwardKernel, SoftmaxForwardKernel } from './kernels.js';
import { backwardSlices, forwardSlices, type SoftmaxVariant } from './slices.js';

/**
 * An instance of softmax, log_softmax or softmin; create one from its plugin
 * (`softmax.create({ axis })`) or a registry.
 *
 * @remarks
 * Writes `computeInto` and `gradientInto` only, so `forwardInto` and
 * `backwardInto` allocate nothing: the backward computes each slice's y
 * again from x (which the contract asks callers to leave unchanged until the
 * backward) instead of keeping it, and the slice in flight lives in the
 * output itself. So `forward`'s backward and `backwardInto` read nothing
 * that a later call overwrites. Each dtype runs the provider's kernels
 * where the registry has them (`forward` and `backward` of the variant's
 * name, {@link SoftmaxForwardKernel}), else {@link forwardSlices} and
 * {@link backwardSlices}, with the same bits.
 * @internal
 */
export class SoftmaxFamilyActivation extends ActivationBase<SoftmaxConfig> {
  readonly #variant: SoftmaxVariant;
  /** The provider's kernels, per dtype, when it has them. */
  readonly #forward32: SoftmaxForwardKernel | undefined;
  readonly #forward64: SoftmaxForwardKernel | undefined;
  readonly #backward32: SoftmaxBackwardKernel | undefined;
  readonly #backward64: SoftmaxBackwardKernel | undefined;
  /** The frozen input shape of the last call, and its layout. */
  #layoutShape: readonly number[] | undefined = undefined;
  #layout: AxisLayout | undefined = undefined;

  /**
   * @param variant - Which of the three.
   * @param config - `axis`, default −1.
   * @param kernels - The registry's kernels. A provider's `forward` and
   * `backward` kernels for the variant's name are asked for once, here
   * ({@link SoftmaxForwardKernel}, {@link SoftmaxBackwardKernel}).
   * @throws {@link @rectify/core!RectifyError} `INVALID_CONFIG` naming the field and value.
   */
  constructor(variant: SoftmaxVariant, config?: Partial<SoftmaxConfig>, kernels: Kernels = plainKernels) {
    super(variant.name, parseConfig(variant.name, softmaxFields, config), [], 0, kernels);
    this.#variant = variant;
    this.#forward32 = kernels.find<SoftmaxForwardKernel>(variant.name, 'forward', 'float32', this.config);
    this.#forward64 = kernels.find<SoftmaxForwardKernel>(variant.name, 'forward', 'float64', this.config);
    this.#backward32 = kernels.find<SoftmaxBackwardKernel>(variant.name, 'backward', 'float32', this.config);
    this.#backward64 = kernels.find<SoftmaxBackwardKernel>(variant.name, 'backward', 'float64', this.config);
  }

  /**
   * 1: PyTorch's `torch.nn.init.calculate_gain` has no entry for softmax,
   * log_softmax or softmin. They normalise a layer's outputs into
   * (log-)probabilities, typically at a network's end, rather than feed a
   * next layer whose initialisation a gain would scale; 1 leaves such a
   * layer's initialisation as it is, as calculate_gain does for linear layers.
   */
  gain(): number {
    return 1;
  }

  /**
   * The input shape itself: each slice keeps its length.
   *
   * @param inputShape - Sizes of the input's axes; at least one axis.
   * @returns A copy of `inputShape`.
   * @throws {@link @rectify/core!RectifyError} `SHAPE_MISMATCH` for a scalar
   * (field `inputShape`) or an axis out of range for the input's rank (field
   * `axis`); `INVALID_ARGUMENT` for a malformed shape.
   */
  override outputShape(inputShape: readonly number[]): number[] {
    sizeOf(inputShape, 'inputShape');
    axisLayout(this.name, inputShape, this.config.axis);
    return [...inputShape];
  }

  /** @internal */
  protected override computeInto({ x, y }: ComputeContext): void {
    const layout = this.#layoutOf(x.shape);
    const { outer, channels, inner } = layout;
    if (channels === 0) return;
    const kernel = x.data instanceof Float32Array ? this.#forward32 : this.#forward64;
    if (kernel?.(x.data, y, outer, channels, inner) !== true) forwardSlices(this.#variant, x.data, y, layout);
  }

  /** @internal */
  protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    const layout = this.#layoutOf(x.shape);
    const { outer, channels, inner } = layout;
    if (channels === 0) return;
    const kernel = x.data instanceof Float32Array ? this.#backward32 : this.#backward64;
    if (kernel?.(x.data, dy, dx, outer, channels, inner) !== true) backwardSlices(this.#variant, x.data, dy, dx, layout);
  }

  /** The layout of a checked input shape, kept while the same frozen shape array comes back. */
  #layoutOf(shape: readonly number[]): AxisLayout {
    let layout = this.#layout;
    if (shape !== this.#layoutShape || layout === undefined) {
      // The config is frozen, so a frozen shape array always has this layout.
      layout = axisLayout(this.name, shape, this.config.axis);
      this.#layoutShape = Object.isFrozen(shape) ? shape : undefined;
      this.#layout = layout;
    }
    return layout;
  }
}
