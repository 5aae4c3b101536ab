import { L, RectifyError, defineElementwise, describeValue, numberField, type ActivationPlugin, type DType, type EluCoefficients, eluCoefficients } from '@rectify/core';
import { eluLowering, eluMaths } from './family.js';

/** The smallest |α| accepted: 2^−126, the smallest normal float32, whose reciprocal float32 still holds. */
const SMALLEST_ALPHA = 2 ** -126;

/**
 * The hyperparameter of CELU.
 * @public
 */
export interface CeluConfig {
  /**
   * α: y = α·(exp(x/α) − 1) for x ≤ 0. Any finite number at least 2^−126
   * (1.1754943508222875e-38, the smallest normal float32) in magnitude:
   * PyTorch divides by it, and below that 1/α is infinite in float32 and
   * every output at 0 would be 0·∞ = NaN. For α \< 0 the negative side falls
   * without bound. In float32 it is rounded to float32 first, as PyTorch
   * rounds it.
   * @defaultValue `1`
   */
  readonly alpha: number;
}

/**
 * CELU's coefficients in PyTorch's kernel (`celu` calls `elu` with input
 * scale 1/α), as a dtype sees them: α and 1/α rounded to the dtype, and the
 * backward's input scale from α read as a float32, as PyTorch 1.13's
 * derivative formula reads it.
 */
function coefficients({ alpha }: Readonly<CeluConfig>, dtype: DType): EluCoefficients {
  return eluCoefficients('celu', alpha, dtype);
}

/**
 * The CELU plugin: `celu(x) = max(0, x) + min(0, α·(exp(x/α) − 1))`.
 *
 * @remarks
 * Forward: x where x \> 0, else α·expm1(x·(1/α)), computed as PyTorch does,
 * with the input scale 1/α (rounded to the dtype) multiplying x; celu(±0) =
 * +0 for α \> 0, celu(−∞) = −α for α \> 0, NaN stays NaN. In float32, α and
 * 1/α are rounded to float32 first, and the result rounded once.
 *
 * Backward: dx = dy where x \> 0, else ((dy·s)·α)·exp(s·x), PyTorch's
 * product in PyTorch's order, where s is the input scale as PyTorch 1.13's
 * derivative formula computes it: `1.0 / alpha.toFloat()`, from α rounded to
 * float32. So for an α that float32 cannot hold (0.3, say) even the float64
 * gradient is PyTorch's rather than the exact derivative, from which it
 * differs by up to about 2^−24 relative (times 1 + |x/α|). At NaN the
 * gradient is NaN: PyTorch's vectorised kernel gives NaN and its scalar one
 * dy; Rectify takes the branch its forward takes for NaN (the test is x \> 0).
 *
 * Canonical name `celu`; alias `CELU`. One config field, `alpha` (default
 * 1; neither 0 nor smaller in magnitude than 2^−126, below which 1/α
 * overflows float32). Gain 1: PyTorch's `calculate_gain` has no CELU, and
 * the variance-preserving 1/√E[celu(z)²] is a usable number only for α \> 0
 * (1.2452 for α = 1, as ELU's; for α \< 0, E[celu(z)²] grows like e^(2/α²)
 * and the gain vanishes). Lipschitz constant 1 for α \> 0 and none (∞) for
 * α \< 0, whose slope exp(x/α) grows without bound (its values overflow to
 * −∞ at finite inputs, and the gradient there is NaN where dy = 0, as in
 * PyTorch); continuously differentiable, so no kinks; increasing for every
 * α; range [−α, ∞] for α \> 0; asymptotes y = x and, for α \> 0, y = −α.
 * Lowered to Where, Expm1 and Mul, with PyTorch's backward (an engine's own
 * gradient would use 1/α).
 *
 * From Barron (2017), "Continuously Differentiable Exponential Linear Units".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { celu } from '@rectify/elu';
 *
 * const act = createRegistry().use(celu).create('celu', { alpha: 2 });
 * const { y, backward } = act.forward(tensor([-2, 0, 3]));
 * // y: [-1.2642411176571153, 0, 3]
 * const dx = backward(tensor([1, 1, 1])); // [0.36787944117144233, 1, 1]
 * ```
 * @public
 */
export const celu: ActivationPlugin<'celu', CeluConfig> = defineElementwise({
  name: 'celu',
  displayName: 'CELU',
  aliases: ['CELU'],
  summary: 'Continuously differentiable ELU: x where x > 0, else α·(exp(x/α) − 1).',
  reference: 'Barron, "Continuously Differentiable Exponential Linear Units", arXiv:1704.07483, 2017.',
  fields: {
    alpha: numberField(1, 'α: y = α·(exp(x/α) − 1) where x ≤ 0; any finite number but 0, at least 2^-126 in magnitude (PyTorch default 1).'),
  },
  check: ({ alpha }) => {
    if (!(Math.abs(alpha) >= SMALLEST_ALPHA)) {
      const expected = `a finite number other than 0, at least 2^-126 (${SMALLEST_ALPHA}) in magnitude, since PyTorch divides by it`;
      throw new RectifyError('INVALID_CONFIG', `celu: config.alpha must be ${expected}, got ${describeValue(alpha)}`, {
        field: 'alpha',
        value: alpha,
      });
    }
  },
  ...eluMaths(coefficients),
  traits: {
    lipschitz: ({ config }) => (config.alpha > 0 ? 1 : Infinity),
    kinks: () => [],
    range: ({ config }) => [config.alpha > 0 ? -config.alpha : -Infinity, Infinity],
    monotonic: () => 'increasing',
    asymptotes: ({ config }) =>
      config.alpha > 0 ? { positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: -config.alpha } } : { positive: { slope: 1, intercept: 0 } },
  },
  gain: 1,
  lowering: ({ alpha }) =>
    eluLowering({ positive: L.c(1), negative: L.c(alpha), inputScale: L.c(1 / alpha), gradientInputScale: L.c(1 / Math.fround(alpha)) }),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    celu: CeluConfig;
  }
}
