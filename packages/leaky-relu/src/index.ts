/**
 * Leaky ReLU, the leaky rectified linear unit, as a Rectify plugin.
 *
 * @packageDocumentation
 */
import { L, defineElementwise, leakyBackward, leakyForward, leakyGain, numberField, type ActivationPlugin } from '@rectify/core';

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

/**
 * The Leaky ReLU plugin: `leaky_relu(x) = x if x > 0 else negativeSlope·x`.
 *
 * @remarks
 * Forward: y = x where x \> 0, else s·x, with s = `negativeSlope`.
 * Backward: dx = dy where x \> 0, else s·dy. The gradient at the kink x = 0
 * (either zero) is therefore s, and where x is NaN, y is NaN and dx is s·dy.
 * The sign of zero follows IEEE arithmetic: y(−0) = −0·s, which is −0 for a
 * positive slope and +0 for a negative one. In float32 the slope is rounded
 * to float32 first and every product is a float32 product. All of this is
 * what `torch.nn.functional.leaky_relu` and its backward compute, bit for bit,
 * in float32 and float64.
 *
 * Canonical name `leaky_relu`; aliases `LeakyReLU`, `leaky-relu`, `lrelu`
 * (lookup ignores case, `_` and `-`). One config field, `negativeSlope`,
 * default 0.01 as in PyTorch; see {@link LeakyReluConfig} for how other
 * libraries' defaults differ. Gain √(2 / (1 + s²)), as
 * `torch.nn.init.calculate_gain('leaky_relu', s)` gives it; Lipschitz
 * constant max(1, |s|). Lowered to ONNX `LeakyRelu {alpha: s}`.
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
export const leakyRelu: ActivationPlugin<'leaky_relu', LeakyReluConfig> = defineElementwise({
  name: 'leaky_relu',
  displayName: 'Leaky ReLU',
  aliases: ['LeakyReLU', 'leaky-relu', 'lrelu'],
  summary: 'Leaky rectified linear unit: x where x > 0, else negativeSlope·x.',
  reference:
    'Maas, Hannun & Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic Models", ICML Workshop on Deep Learning for Audio, Speech and Language Processing, 2013.',
  fields: {
    negativeSlope: numberField(0.01, 'Slope s of the negative side: y = s·x where x ≤ 0 (PyTorch default 0.01).'),
  },
  f: (x, { negativeSlope }) => (x > 0 ? x : x * negativeSlope),
  df: (x, _y, { negativeSlope }) => (x > 0 ? 1 : negativeSlope),
  // A float32 product of two float32 values is exact in float64, so rounding the slope first gives PyTorch's float32 bits.
  float32: ({ negativeSlope }) => ({ negativeSlope: Math.fround(negativeSlope) }),
  traits: { lipschitz: (activation) => Math.max(1, Math.abs(activation.config.negativeSlope)), kinks: () => [0] },
  gain: ({ negativeSlope }) => leakyGain(negativeSlope),
  loops: {
    forward: ({ negativeSlope }) => (x, y) => leakyForward(x, y, negativeSlope),
    backward: ({ negativeSlope }) => (x, dy, dx) => leakyBackward(x, dy, dx, negativeSlope),
  },
  lowering: ({ negativeSlope }) => ({
    forward: L.native('LeakyRelu', [L.x], { alpha: negativeSlope }, L.where(L.greater(L.x, L.c(0)), L.x, L.mul(L.x, L.c(negativeSlope)))),
  }),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    leaky_relu: LeakyReluConfig;
  }
}
