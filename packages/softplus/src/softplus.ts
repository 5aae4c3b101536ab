import { L, RectifyError, defineElementwise, numberField, softplusF32, softplusF64, softplusGradF32, softplusGradF64, type ActivationPlugin } from '@rectify/core';

/**
 * The hyperparameters of Softplus.
 * @public
 */
export interface SoftplusConfig {
  /**
   * The sharpness β of log(1 + exp(βx))/β: the larger, the closer to ReLU.
   *
   * @remarks
   * Any positive finite number. In float32 it is first rounded to float32,
   * as PyTorch rounds it when it meets a float32 tensor.
   * @defaultValue `1`
   */
  readonly beta: number;
  /**
   * PyTorch's switch to the linear function: where x·β \> threshold the
   * output is x itself, else log(1 + exp(βx))/β.
   *
   * @remarks
   * Any finite number ≥ 0; rounded to float32 for float32 inputs. At the
   * switch the output steps down by log(1 + e^(−threshold))/β (2e-9 with the
   * default 20), as PyTorch's does. A threshold above 88.7 (float32) or 709.8
   * (float64) lets exp(βx) overflow below the switch, and the output is then
   * +∞ and its gradient NaN, again as in PyTorch.
   * @defaultValue `20`
   */
  readonly threshold: number;
}

/** softplus at one point in float64: x past the switch, else log1p(e^(βx))/β. */
function softplusAt(x: number, { beta, threshold }: Readonly<SoftplusConfig>): number {
  const bx = x * beta;
  return bx > threshold ? x : Math.log1p(Math.exp(bx)) / beta;
}

/** softplus′ at one point in float64: 1 past the switch, else σ(βx) as PyTorch writes it, e^(βx)/(e^(βx) + 1). */
function slopeAt(x: number, { beta, threshold }: Readonly<SoftplusConfig>): number {
  const bx = x * beta;
  const z = Math.exp(bx);
  return bx > threshold ? 1 : z / (z + 1);
}

/**
 * The Softplus plugin: `softplus(x) = log(1 + exp(βx)) / β`, and x itself
 * where βx \> threshold.
 *
 * @remarks
 * Forward: x where βx \> threshold (no overflow: softplus(1e30) = 1e30,
 * softplus(+∞) = +∞), else log1p(exp(βx))/β, which keeps the tail down to
 * the subnormals and is +0 below them (softplus(−∞) = +0); NaN stays NaN.
 * Backward: dx = dy where βx \> threshold, else dy·e^(βx)/(e^(βx) + 1) =
 * dy·σ(βx), 0 signed as dy at −∞. In float32, β and the threshold are
 * rounded to float32 first and βx is rounded to float32 as PyTorch's kernel
 * rounds it, so the switch falls exactly where PyTorch's does; both
 * directions are then core's `softplusF32` ((max(βx, 0) + ln(1 + e^(−|βx|)))/β,
 * every step a float32 operation, within 3 ulps for β = 1; +0 below
 * βx = −87.33654, +∞ where PyTorch's e^(βx) overflows below the threshold)
 * and `softplusGradF32` ((dy·z)/(z + 1) with z = e^(βx), PyTorch's order), so
 * `@rectify/simd`'s kernels give the same bits. Matches
 * `torch.nn.functional.softplus(x, beta, threshold)` to within a few ulps in
 * float64 and float32.
 *
 * In float64 both directions are core's `softplusF64` (the same
 * max(βx, 0) + ln(1 + e^(−|βx|)) form, within 3 ulps for β = 1, with
 * PyTorch's switch and its +∞ where e^(βx) overflows below the threshold)
 * and `softplusGradF64` (PyTorch's (dy·z)/(z + 1) with z = `expF64`(βx)),
 * the bits of `@rectify/simd`'s float64 kernels.
 *
 * Canonical name `softplus`; alias `Softplus`. Config `beta` (default 1)
 * and `threshold` (default 20), see {@link SoftplusConfig}. Gain: the
 * variance-preserving 1/√E[f(z)²] for z ~ N(0, 1), computed numerically
 * for the config (1.0419 with the defaults; PyTorch's `calculate_gain` has
 * none). Lipschitz constant 1; range [0, ∞]; asymptotes y = x at +∞ and
 * y = 0 at −∞. Increasing everywhere but at the switch, where PyTorch's
 * output steps down by log(1 + e^(−threshold))/β (see
 * {@link SoftplusConfig.threshold}): so it is not declared monotonic, and
 * the switch is declared as a kink at threshold/β, so that finite
 * differences and the kit's probes treat it as one. Lowered to Where(βx \> threshold,
 * x, Log1p(Exp(βx))/β), with its backward given so that no engine
 * differentiates the branch it did not take.
 *
 * Dugas et al. (2001), "Incorporating Second-Order Functional Knowledge for
 * Better Option Pricing".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { softplus } from '@rectify/softplus';
 *
 * const act = createRegistry().use(softplus).create('softplus', { beta: 2, threshold: 5 });
 * const { y, backward } = act.forward(tensor([0, 1, 3]));
 * // y: [0.34657359027997264, 1.0634640055214863, 3]
 * const dx = backward(tensor([1, 1, 1])); // [0.5, 0.8807970779778824, 1]
 * ```
 * @public
 */
export const softplus: ActivationPlugin<'softplus', SoftplusConfig> = defineElementwise({
  name: 'softplus',
  displayName: 'Softplus',
  aliases: ['Softplus'],
  summary: 'Smooth ReLU: log(1 + exp(βx)) / β, and x where βx > threshold.',
  reference: 'Dugas, Bengio, Bélisle, Nadeau & Garcia, "Incorporating Second-Order Functional Knowledge for Better Option Pricing", NIPS 2000.',
  fields: {
    beta: numberField(1, 'Sharpness β of log(1 + exp(βx))/β; positive (PyTorch default 1).'),
    threshold: numberField(20, 'Where βx > threshold the output is x itself (PyTorch default 20).', { min: 0 }),
  },
  check: ({ beta }) => {
    if (!(beta > 0)) {
      throw new RectifyError('INVALID_CONFIG', `softplus: config.beta must be a positive finite number, got ${beta}`, { field: 'beta', value: beta });
    }
  },
  f: (x, config) => softplusAt(x, config),
  df: (x, _y, config) => slopeAt(x, config),
  // PyTorch rounds both Python floats to float32 when they meet a float32 tensor.
  float32: ({ beta, threshold }) => ({ beta: Math.fround(beta), threshold: Math.fround(threshold) }),
  traits: {
    lipschitz: () => 1,
    kinks: ({ config }) => [config.threshold / config.beta],
    range: () => [0, Infinity],
    // Not declared monotonic: PyTorch's switch steps down (see SoftplusConfig.threshold), by 2e-9 at the default 20, far beyond rounding.
    asymptotes: () => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: 0 } }),
  },
  loops: {
    // core's softplusF32/softplusF64 and their gradients (in float32, β and the threshold already float32), the bits of @rectify/simd's kernels.
    forward: (config, dtype) => {
      const { beta, threshold } = config;
      if (dtype === 'float32') {
        return (x, y) => {
          for (let i = 0; i < x.length; i++) y[i] = softplusF32(x[i] as number, beta, threshold);
        };
      }
      return (x, y) => {
        for (let i = 0; i < x.length; i++) y[i] = softplusF64(x[i] as number, beta, threshold);
      };
    },
    // dy itself past the switch (dy·1 is dy bit for bit, −0 and NaN included).
    backward: (config, dtype) => {
      const { beta, threshold } = config;
      if (dtype === 'float32') {
        return (x, dy, dx) => {
          for (let i = 0; i < x.length; i++) dx[i] = softplusGradF32(x[i] as number, dy[i] as number, beta, threshold);
        };
      }
      return (x, dy, dx) => {
        for (let i = 0; i < x.length; i++) dx[i] = softplusGradF64(x[i] as number, dy[i] as number, beta, threshold);
      };
    },
  },
  lowering: ({ beta, threshold }) => {
    const bx = L.mul(L.x, L.c(beta));
    const z = L.op('Exp', [bx]);
    const above = L.greater(bx, L.c(threshold));
    // x is taken only where βx > threshold ≥ 0, so never as −0 (which ONNX Runtime's Where would turn into +0); NaN takes the other branch, and gives NaN there.
    return {
      forward: L.where(above, L.x, L.op('Div', [L.op('Log1p', [z]), L.c(beta)])),
      backward: L.mul(L.dy, L.where(above, L.c(1), L.op('Div', [z, L.op('Add', [z, L.c(1)])]))),
    };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    softplus: SoftplusConfig;
  }
}
