/**
 * Leaky ReLU, the leaky rectified linear unit, as a Rectify plugin.
 *
 * @packageDocumentation
 */
import {
  ActivationBase,
  definePlugin,
  leakyGain,
  numberField,
  parseConfig,
  type ComputeContext,
  type ConfigSpec,
  type FloatArray,
  type Tensor,
} from '@rectify/core';
import { leakyBackward, leakyForward } from '@rectify/simd';

/**
 * The hyperparameters of Leaky ReLU.
 * @public
 */
export interface LeakyReluConfig {
  /**
   * The slope s applied to inputs that are not positive: y = s·x for x ≤ 0.
   *
   * @remarks
   * Any finite number is accepted: 0 (ReLU, except that negative inputs give
   * −0), values above 1, and negative values (which flip the sign of the
   * negative side). In float32 the slope is first rounded to float32, so
   * 0.01 acts as 0.009999999776482582.
   *
   * The default follows PyTorch (`torch.nn.LeakyReLU`), JAX
   * (`jax.nn.leaky_relu`) and ONNX (`LeakyRelu`), which all use 0.01. Other
   * libraries differ: Keras' `LeakyReLU` layer defaults to 0.3 and its
   * `leaky_relu` function to 0.2; TensorFlow.js' `tf.leakyRelu` op defaults
   * to 0.2 and its `tf.layers.leakyReLU` layer to 0.3. Pass the slope
   * explicitly when porting a model from one of them.
   * @defaultValue `0.01`
   */
  readonly negativeSlope: number;
}

const fields: ConfigSpec<LeakyReluConfig> = {
  negativeSlope: numberField(0.01, 'Slope s of the negative side: y = s·x where x ≤ 0 (PyTorch default 0.01).'),
};

/**
 * A Leaky ReLU instance; create one with `leakyRelu.create(config)` or
 * `registry.create('leaky_relu', config)`.
 *
 * @remarks
 * Forward: y = x where x \> 0, else s·x, with s = `negativeSlope`.
 *
 * Backward: dx = dy where x \> 0, else s·dy. The gradient at the kink x = 0
 * (either zero) is therefore s, and where x is NaN, y is NaN and dx is s·dy.
 * The sign of zero follows IEEE arithmetic: y(−0) = −0·s, which is −0 for a
 * positive slope and +0 for a negative one. In float32 the slope is rounded
 * to float32 first and every product is a float32 product. All of this is
 * what `torch.nn.functional.leaky_relu` and its backward compute, bit for bit,
 * in float32 and float64.
 * @public
 */
export class LeakyRelu extends ActivationBase<LeakyReluConfig> {
  /**
   * @param config - Hyperparameters; see {@link LeakyReluConfig}. Missing
   * fields take their defaults.
   * @throws {@link @rectify/core!RectifyError} `INVALID_CONFIG` for a slope
   * that is not a finite number, or an unknown key.
   */
  constructor(config?: Partial<LeakyReluConfig>) {
    super('leaky_relu', parseConfig('leaky_relu', fields, config));
    this.#slope = this.config.negativeSlope;
  }

  /** The slope, read once: a call passes it on without boxing it again. */
  readonly #slope: number;

  /**
   * √(2 / (1 + s²)), the gain `torch.nn.init.calculate_gain('leaky_relu', s)`
   * gives for the configured slope s (He et al. 2015): 1.4141428569978354
   * for the default 0.01, √2 for 0, and 1 for ±1.
   */
  gain(): number {
    return leakyGain(this.config.negativeSlope);
  }

  /** @internal */
  protected override computeInto({ x, y }: ComputeContext): void {
    leakyForward(x.data, y, this.#slope);
  }

  /** @internal */
  protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    leakyBackward(x.data, dy, dx, this.#slope);
  }
}

/**
 * The Leaky ReLU plugin: `leaky_relu(x) = x if x > 0 else negativeSlope·x`.
 *
 * @remarks
 * Canonical name `leaky_relu`; aliases `LeakyReLU`, `leaky-relu`, `lrelu`
 * (lookup ignores case, `_` and `-`). One config field, `negativeSlope`,
 * default 0.01 as in PyTorch; see {@link LeakyReluConfig} for how other
 * libraries' defaults differ. The gradient at 0 is the slope. Gain
 * √(2 / (1 + s²)); Lipschitz constant max(1, |s|).
 *
 * Introduced by Maas, Hannun & Ng (2013), "Rectifier Nonlinearities Improve
 * Neural Network Acoustic Models", to keep a non-zero gradient where a ReLU
 * unit is inactive.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { leakyRelu } from '@rectify/leaky-relu';
 *
 * const registry = createRegistry().use(leakyRelu).freeze();
 * const act = registry.create('leaky_relu', { negativeSlope: 0.01 });
 * const { y, backward } = act.forward(tensor([1, -10, 0, 15, -20]));
 * // y: [1, -0.1, 0, 15, -0.2]
 * const dx = backward(tensor([1, 1, 1, 1, 1])); // [1, 0.01, 0.01, 1, 0.01]
 * ```
 * @public
 */
export const leakyRelu = definePlugin({
  name: 'leaky_relu',
  aliases: ['LeakyReLU', 'leaky-relu', 'lrelu'],
  summary: 'Leaky rectified linear unit: x where x > 0, else negativeSlope·x.',
  reference:
    'Maas, Hannun & Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic Models", ICML Workshop on Deep Learning for Audio, Speech and Language Processing, 2013.',
  fields,
  traits: {
    elementwise: true,
    stochastic: false,
    propagatesNaN: true,
    lipschitz: (activation) => Math.max(1, Math.abs(activation.config.negativeSlope)),
    kinks: () => [0],
  },
  create: (config?: Partial<LeakyReluConfig>) => new LeakyRelu(config),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    leaky_relu: LeakyReluConfig;
  }
}
