import { integerField, type ConfigSpec } from '@rectify/core';

/**
 * Hyperparameters of {@link softmax}, {@link logSoftmax} and {@link softmin}.
 * @public
 */
export interface SoftmaxConfig {
  /**
   * The axis along which each slice is normalised, PyTorch's `dim`: an
   * integer, negative values counting from the end (−1, the default, is the
   * last axis). An input of rank 1 always uses axis 0, its only axis; for a
   * higher rank an axis outside −rank … rank − 1 is refused with
   * `INVALID_ARGUMENT` (field `axis`), as `@rectify/core`'s `axisLayout`
   * refuses it.
   * @defaultValue -1
   */
  readonly axis: number;
}

/**
 * The config fields the three activations share: `axis`, default −1.
 * @internal
 */
export const softmaxFields: ConfigSpec<SoftmaxConfig> = {
  axis: integerField(-1, 'Axis along which each slice is normalised (negative counts from the end; a rank-1 input uses axis 0).'),
};
