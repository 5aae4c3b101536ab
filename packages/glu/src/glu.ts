import { ActivationBase, integerField, parseConfig, plainKernels, sizeOf, type AxisLayout, type ComputeContext, type ConfigSpec, type FloatArray, type Kernels, type Tensor } from '@rectify/core';
import { gluBackward, gluForward } from './kernels.js';
import { halvesLayout } from './layout.js';

/**
 * Hyperparameters of {@link Glu}.
 * @public
 */
export interface GluConfig {
  /**
   * The axis split into the halves a and b, PyTorch's `dim`: an integer,
   * negative values counting from the end (−1, the default, is the last
   * axis). Its size must be even. An input of rank 1 always uses axis 0, its
   * only axis; for a higher rank an axis outside −rank … rank − 1 is refused.
   * @defaultValue -1
   */
  readonly axis: number;
}

/**
 * GLU's config fields: `axis`, default −1.
 * @internal
 */
export const gluFields: ConfigSpec<GluConfig> = {
  axis: integerField(-1, 'Axis split into the halves a and b of a·σ(b); its size must be even (negative counts from the end; a rank-1 input uses axis 0).'),
};

/**
 * A GLU instance; create one with `glu.create({ axis })`, `new Glu({ axis })`
 * or `registry.create('glu', { axis })`.
 *
 * @remarks
 * Forward: the axis, of even size 2h, is split into its first half a and its
 * second half b, and y = a·σ(b) with σ(b) = 1 / (1 + exp(−b)); the axis of y
 * has size h. Backward: da = σ(b)·dy, db = (1 − σ(b))·σ(b)·a·dy, as
 * `torch.nn.functional.glu` computes them, in that order of operations.
 * Products are computed in float64 and rounded once to the dtype. In
 * float32 the gate σ(b) itself is PyTorch's float32 gate (exp(−b), 1 + exp(−b)
 * and the quotient each rounded to float32), which its backward keeps as a
 * float32 tensor: so σ(b) is exactly 0 once exp(−b) overflows float32
 * (b \< −88.72…) and exactly 1 once exp(−b) is below half an ulp of 1
 * (b \> 16.63…), where 1 − σ(b), and with it db, is exactly 0 however large
 * a is, as in PyTorch.
 *
 * Special values follow from the formula, as in PyTorch: a NaN in a or b
 * gives NaN; b = +∞ passes a through; b = −∞ gives a·0, so ±0 by a's sign,
 * and NaN for an infinite a; an infinite a with a finite b gives ±∞.
 *
 * `forwardInto` and `backwardInto` allocate nothing: the backward reads a
 * and b from x again.
 * @public
 */
export class Glu extends ActivationBase<GluConfig> {
  /** The frozen input shape of the last call, and its layout. */
  #layoutShape: readonly number[] | undefined = undefined;
  #layout: AxisLayout | undefined = undefined;

  /**
   * @param config - `axis`, default −1; see {@link GluConfig}.
   * @param kernels - The registry's kernels; kept for the base class, as GLU
   * asks no provider for kernels of its own.
   * @throws {@link @rectify/core!RectifyError} `INVALID_CONFIG` naming the field and value.
   */
  constructor(config?: Partial<GluConfig>, kernels: Kernels = plainKernels) {
    super('glu', parseConfig('glu', gluFields, config), [], 0, kernels);
  }

  /**
   * 1: PyTorch's `torch.nn.init.calculate_gain` has no entry for GLU.
   *
   * @remarks
   * There is no agreed value to follow: the variance-preserving gain would
   * depend on how a and b are initialised relative to each other, and
   * Dauphin et al. (2017) prescribe none. 1 leaves the initialisation of the
   * layer before GLU as calculate_gain leaves a linear layer's.
   */
  gain(): number {
    return 1;
  }

  /**
   * The input shape with the split axis halved.
   *
   * @param inputShape - Sizes of the input's axes; at least one axis.
   * @returns A new shape: `[2, 6, 5]` with axis 1 gives `[2, 3, 5]`.
   * @throws {@link @rectify/core!RectifyError} `SHAPE_MISMATCH` for a scalar
   * (field `inputShape`), an axis out of range for the input's rank (field
   * `axis`), or an axis of odd size (field `inputShape[axis]`, the value its
   * size); `INVALID_ARGUMENT` for a malformed shape.
   */
  override outputShape(inputShape: readonly number[]): number[] {
    sizeOf(inputShape, 'inputShape');
    const layout = halvesLayout(inputShape, this.config.axis);
    const shape = [...inputShape];
    shape[layout.axis] = layout.channels / 2;
    return shape;
  }

  /** @internal */
  protected override computeInto({ x, y }: ComputeContext): void {
    gluForward(x.data, y, this.#layoutOf(x.shape));
  }

  /** @internal */
  protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    gluBackward(x.data, dy, dx, this.#layoutOf(x.shape));
  }

  /** The layout of a checked input shape, kept while the same frozen shape array comes back. */
  #layoutOf(shape: readonly number[]): AxisLayout {
    let layout = this.#layout;
    if (shape !== this.#layoutShape || layout === undefined) {
      // The config is frozen, so a frozen shape array always has this layout.
      layout = halvesLayout(shape, this.config.axis);
      this.#layoutShape = Object.isFrozen(shape) ? shape : undefined;
      this.#layout = layout;
    }
    return layout;
  }
}
