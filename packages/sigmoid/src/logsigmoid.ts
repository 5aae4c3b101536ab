import { L, defineElementwise, logsigmoidF32, logsigmoidF64, logsigmoidGradF32, logsigmoidGradF64, type ActivationPlugin } from '@rectify/core';
import { logistic } from './maths.js';

/**
 * LogSigmoid takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LogsigmoidConfig {}

/** log σ(x) = min(x, 0) − log(1 + e^(−|x|)): no overflow, no cancellation on either side. */
function logsigmoidAt(x: number): number {
  return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * The LogSigmoid plugin: `logsigmoid(x) = log(1 / (1 + exp(−x))) = −softplus(−x)`.
 *
 * @remarks
 * Forward: min(x, 0) − log1p(exp(−|x|)), which neither overflows nor cancels:
 * logsigmoid(−large) is x minus a tail (logsigmoid(−30) = −30.000000000000092),
 * logsigmoid(+large) is −e^(−x) down to the subnormals and then +0, as in
 * PyTorch (in float32 too: a result that rounds to zero is +0).
 * logsigmoid(+∞) = +0, logsigmoid(−∞) = −∞, NaN stays NaN.
 * Backward: dx = dy·σ(−x) = dy·(1 − σ(x)), so dx = dy at −∞ and dy·0 at +∞.
 * Matches `torch.nn.functional.logsigmoid` to within an ulp or two in
 * float64. In float32 both directions are core's `logsigmoidF32` (u = e^(−|x|)
 * and ln(1 + u) = 2s + s³·R(s²) with s = u/(2 + u), every step a float32
 * operation, within 3 ulps; +0 above x = 87.34, where the exact value is
 * above −2^−126) and `logsigmoidGradF32` (dy·σ(−x) with core's `sigmoidF32`),
 * so `@rectify/simd`'s kernels give the same bits.
 *
 * In float64 both directions are core's `logsigmoidF64` (ln(1 + u) from the
 * atanh series of `log1pUnitF64`, within 3 ulps) and `logsigmoidGradF64`
 * (dy·σ(−x) with `sigmoidF64`), the bits of `@rectify/simd`'s float64
 * kernels.
 *
 * Canonical name `logsigmoid`; alias `LogSigmoid`. Gain 1.0419 (PyTorch's
 * `calculate_gain` has none): the variance-preserving 1/√E[f(z)²] for
 * z ~ N(0, 1), computed numerically. Lipschitz constant 1 (the slope tends
 * to 1 at −∞); range [−∞, 0], increasing; asymptotes y = x at −∞ and y = 0
 * at +∞. Lowered to min(x, 0) − Log1p(Exp(−|x|)), with the backward
 * dy·Sigmoid(−x) given so that no engine differentiates Min or Abs at 0.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { logsigmoid } from '@rectify/sigmoid';
 *
 * const act = createRegistry().use(logsigmoid).create('LogSigmoid');
 * const { y, backward } = act.forward(tensor([0, -30, 30]));
 * // y: [-0.6931471805599453, -30.000000000000092, -9.357622968839737e-14]
 * const dx = backward(tensor([1, 1, 1])); // [0.5, 0.9999999999999065, 9.3576229688393e-14]
 * ```
 * @public
 */
export const logsigmoid: ActivationPlugin<'logsigmoid', LogsigmoidConfig> = defineElementwise({
  name: 'logsigmoid',
  displayName: 'LogSigmoid',
  aliases: ['LogSigmoid'],
  summary: 'Log of the logistic sigmoid: −log(1 + exp(−x)).',
  fields: {},
  f: logsigmoidAt,
  df: (x) => logistic(-x),
  traits: {
    lipschitz: () => 1,
    range: () => [-Infinity, 0],
    monotonic: () => 'increasing',
    asymptotes: () => ({ positive: { slope: 0, intercept: 0 }, negative: { slope: 1, intercept: 0 } }),
  },
  loops: {
    // core's logsigmoidF32/logsigmoidF64 and their gradients, the bits of @rectify/simd's kernels.
    forward: (_config, dtype) =>
      dtype === 'float32'
        ? (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = logsigmoidF32(x[i] as number);
          }
        : (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = logsigmoidF64(x[i] as number);
          },
    backward: (_config, dtype) =>
      dtype === 'float32'
        ? (x, dy, dx) => {
            for (let i = 0; i < x.length; i++) dx[i] = logsigmoidGradF32(x[i] as number, dy[i] as number);
          }
        : (x, dy, dx) => {
            for (let i = 0; i < x.length; i++) dx[i] = logsigmoidGradF64(x[i] as number, dy[i] as number);
          },
  },
  lowering: () => ({
    forward: L.op('Sub', [L.op('Min', [L.x, L.c(0)]), L.op('Log1p', [L.op('Exp', [L.op('Neg', [L.op('Abs', [L.x])])])])]),
    backward: L.mul(L.dy, L.op('Sigmoid', [L.op('Neg', [L.x])])),
  }),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    logsigmoid: LogsigmoidConfig;
  }
}
