import { L, defineElementwise, sigmoidF32, sigmoidF64, sigmoidGradF32, sigmoidGradF64, type ActivationPlugin } from '@rectify/core';
import { logistic } from './maths.js';

/**
 * Sigmoid takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SigmoidConfig {}

/**
 * The logistic sigmoid plugin: `sigmoid(x) = 1 / (1 + exp(−x))`.
 *
 * @remarks
 * Forward: σ(x), evaluated as e^x / (1 + e^x) below 0 so that nothing
 * overflows: σ(+∞) = 1, σ(−∞) = 0, σ(NaN) = NaN, and σ(±large) saturates to 1
 * or 0 without NaN. Backward: dx = dy·y·(1 − y) with y the stored output, as
 * PyTorch's `sigmoid_backward` computes it (so dx is 0, signed as dy, where y
 * has saturated). Matches `torch.sigmoid` to within an ulp or two in float64.
 * In float32 it is core's `sigmoidF32` (e = e^(−|x|) by `expF32`'s
 * reduction, then (x ≥ 0 ? 1 : e)/(1 + e), within 2.5 ulps, every step a
 * float32 operation; +0 below x = −87.34, where σ(x) \< 2^−126) and
 * the backward PyTorch's float32 dy·(1 − y)·y, so `@rectify/simd`'s kernels
 * give the same bits.
 *
 * In float64 it is core's `sigmoidF64` (the same form on `expF64`'s
 * reduction, within 2.5 ulps, its tail down to the subnormals) and PyTorch's
 * (dy·(1 − y))·y (`sigmoidGradF64`), the bits of `@rectify/simd`'s float64
 * kernels.
 *
 * Canonical name `sigmoid`; aliases `Sigmoid`, `logistic`. Gain 1, as
 * `torch.nn.init.calculate_gain('sigmoid')`. Lipschitz constant ¼ (the slope
 * at 0); range [0, 1], increasing, odd about ½ (σ(−x) = 1 − σ(x)). Lowered to
 * ONNX `Sigmoid`. The logistic unit of Rumelhart, Hinton & Williams (1986).
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { sigmoid } from '@rectify/sigmoid';
 *
 * const act = createRegistry().use(sigmoid).create('sigmoid');
 * const { y, backward } = act.forward(tensor([0, 2, -2]));
 * // y: [0.5, 0.8807970779778825, 0.11920292202211757]
 * const dx = backward(tensor([1, 1, 1])); // [0.25, 0.10499358540350645, 0.10499358540350653]
 * ```
 * @public
 */
export const sigmoid: ActivationPlugin<'sigmoid', SigmoidConfig> = defineElementwise({
  name: 'sigmoid',
  displayName: 'Sigmoid',
  aliases: ['Sigmoid', 'logistic'],
  summary: 'Logistic sigmoid: 1 / (1 + exp(−x)).',
  reference: 'Rumelhart, Hinton & Williams, "Learning representations by back-propagating errors", Nature 1986.',
  fields: {},
  f: (x) => logistic(x),
  df: (_x, y) => y * (1 - y),
  traits: {
    lipschitz: () => 0.25,
    range: () => [0, 1],
    monotonic: () => 'increasing',
    symmetry: () => ({ kind: 'odd', center: 0.5 }),
    asymptotes: () => ({ positive: { slope: 0, intercept: 1 }, negative: { slope: 0, intercept: 0 } }),
  },
  gain: 1,
  loops: {
    // core's sigmoidF32/sigmoidF64 and PyTorch's backward in each dtype, the bits of @rectify/simd's kernels.
    forward: (_config, dtype) =>
      dtype === 'float32'
        ? (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = sigmoidF32(x[i] as number);
          }
        : (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = sigmoidF64(x[i] as number);
          },
    backward: (_config, dtype) =>
      dtype === 'float32'
        ? (x, dy, dx) => {
            for (let i = 0; i < x.length; i++) dx[i] = sigmoidGradF32(sigmoidF32(x[i] as number), dy[i] as number);
          }
        : (x, dy, dx) => {
            for (let i = 0; i < x.length; i++) dx[i] = sigmoidGradF64(sigmoidF64(x[i] as number), dy[i] as number);
          },
  },
  lowering: () => ({ forward: L.op('Sigmoid', [L.x]) }),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    sigmoid: SigmoidConfig;
  }
}
