import { L, defineElementwise, numberField, type ActivationPlugin, type DType, type EluCoefficients, eluCoefficients } from '@rectify/core';
import { eluLowering, eluMaths } from './family.js';

/**
 * The hyperparameter of ELU.
 * @public
 */
export interface EluConfig {
  /**
   * α, the value ELU approaches as x → −∞: y = α·(eˣ − 1) for x ≤ 0. Any
   * finite number: 0 gives ReLU (with −0 for most negative inputs), a
   * negative α flips the negative side above 0. In float32 it is rounded to
   * float32 first, as PyTorch rounds it.
   * @defaultValue `1`
   */
  readonly alpha: number;
}

/** ELU's coefficients in PyTorch's kernel, as a dtype sees them: negcoef is α rounded to the dtype. */
function coefficients({ alpha }: Readonly<EluConfig>, dtype: DType): EluCoefficients {
  return eluCoefficients('elu', alpha, dtype);
}

/**
 * The ELU plugin: `elu(x) = x if x > 0 else α·(eˣ − 1)`.
 *
 * @remarks
 * Forward: x where x \> 0, else α·expm1(x); `Math.expm1` keeps full accuracy
 * near 0 (PyTorch computes exp(x) − 1 and agrees to its own rounding error).
 * elu(±0) = +0 for α \> 0 (PyTorch's exp(0) − 1 is +0), elu(−∞) = −α, NaN
 * stays NaN. In float32, α is rounded to float32 first and the result
 * rounded once.
 *
 * Backward: dx = dy where x \> 0, else (dy·α)·eˣ, in PyTorch's order: the
 * gradient at 0 (either zero) is α, and where eˣ underflows it is a zero with
 * the sign of dy·α. At NaN, PyTorch's vectorised kernel gives NaN and its
 * scalar one (used for the last few elements of a tensor) dy; Rectify gives
 * NaN, the gradient of the branch its forward takes for NaN (the test is
 * x \> 0).
 *
 * In float64 both directions are core's `eluF64` and `eluGradF64` (e^x − 1
 * and e^x from `expm1F64` and `expF64`, PyTorch's order and zeros), the bits
 * of `@rectify/simd`'s float64 kernels; so for CELU and SELU.
 *
 * Canonical name `elu`; alias `ELU`. One config field, `alpha` (default 1).
 * Gain: the variance-preserving 1/√E[elu(z)²] for z ~ N(0, 1), integrated
 * for the config (1.2452 for α = 1; 1.3961 for α = 0.3); PyTorch's
 * `calculate_gain` has no ELU. Lipschitz constant max(1, |α|); a kink at 0
 * unless α = 1 (where ELU is continuously differentiable); range [−α, ∞]
 * for α ≥ 0 and [0, ∞] for α \< 0; asymptotes y = x and y = −α. Increasing
 * for α ≥ 0 (for α \< 0 it falls, then rises, so no direction is declared).
 * Lowered to Where, Expm1 and Mul, with PyTorch's backward.
 *
 * From Clevert, Unterthiner & Hochreiter (2016), "Fast and Accurate Deep
 * Network Learning by Exponential Linear Units (ELUs)".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { elu } from '@rectify/elu';
 *
 * const act = createRegistry().use(elu).create('elu', { alpha: 1 });
 * const { y, backward } = act.forward(tensor([-1, 0, 2]));
 * // y: [-0.6321205588285577, 0, 2]
 * const dx = backward(tensor([1, 1, 1])); // [0.36787944117144233, 1, 1]
 * ```
 * @public
 */
export const elu: ActivationPlugin<'elu', EluConfig> = defineElementwise({
  name: 'elu',
  displayName: 'ELU',
  aliases: ['ELU'],
  summary: 'Exponential linear unit: x where x > 0, else α·(eˣ − 1).',
  reference: 'Clevert, Unterthiner & Hochreiter, "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)", ICLR 2016.',
  fields: {
    alpha: numberField(1, 'α, the limit of −elu(x) as x → −∞: y = α·(eˣ − 1) where x ≤ 0 (PyTorch default 1).'),
  },
  ...eluMaths(coefficients),
  traits: {
    lipschitz: ({ config }) => Math.max(1, Math.abs(config.alpha)),
    kinks: ({ config }) => (config.alpha === 1 ? [] : [0]),
    range: ({ config }) => [Math.min(0, -config.alpha), Infinity],
    asymptotes: ({ config }) => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: -config.alpha } }),
  },
  lowering: ({ alpha }) => eluLowering({ positive: L.c(1), negative: L.c(alpha), inputScale: L.c(1), gradientInputScale: L.c(1) }),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    elu: EluConfig;
  }
}
