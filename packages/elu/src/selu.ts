import { L, defineElementwise, type ActivationPlugin, type DType, type EluCoefficients, SELU_ALPHA, SELU_SCALE, eluCoefficients } from '@rectify/core';
import { eluLowering, eluMaths } from './family.js';

/**
 * SELU takes no hyperparameters: its α and scale are fixed.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SeluConfig {}

/**
 * SELU's coefficients in PyTorch's kernel, as a dtype sees them: the scale
 * rounded to the dtype, and α·scale multiplied in the dtype from the two
 * rounded constants, as PyTorch computes its `negcoef`.
 */
function coefficients(_config: Readonly<SeluConfig>, dtype: DType): EluCoefficients {
  return eluCoefficients('selu', 1, dtype);
}

/** The largest of α·λ as float64 and as float32 compute it: the depth of SELU's negative side in either dtype. */
const DEPTH = Math.max(SELU_ALPHA * SELU_SCALE, Math.fround(Math.fround(SELU_ALPHA) * Math.fround(SELU_SCALE)));

/**
 * The SELU plugin: `selu(x) = λ·(x if x > 0 else α·(eˣ − 1))`.
 *
 * @remarks
 * With PyTorch's constants α = 1.6732632423543772848170429916717 and
 * λ = 1.0507009873554804934193349852946 (Klambauer et al.'s, to 32 digits).
 * Forward: λ·x where x \> 0, else (α·λ)·expm1(x), with α·λ multiplied in the
 * dtype as PyTorch does (1.7580993408473766 in float64); selu(±0) = +0,
 * selu(−∞) = −α·λ, NaN stays NaN.
 *
 * Backward: dx = dy·λ where x \> 0, else (dy·(α·λ))·eˣ, PyTorch's product:
 * the gradient at 0 is α·λ. At NaN the gradient is NaN: PyTorch's vectorised
 * kernel gives NaN and its scalar one dy·λ; Rectify takes the branch its
 * forward takes for NaN (the test is x \> 0).
 *
 * Canonical name `selu`; alias `SELU`. Gain 3/4, as PyTorch 1.13's
 * `calculate_gain('selu')` (the variance-preserving value would be 1, which
 * is what makes SELU self-normalising). Lipschitz constant α·λ ≈ 1.7581, the
 * slope just left of 0; a kink at 0; range [−α·λ, ∞]; increasing;
 * asymptotes y = λ·x and y = −α·λ. Lowered to Where, Expm1 and Mul, with
 * PyTorch's backward.
 *
 * From Klambauer, Unterthiner, Mayr & Hochreiter (2017), "Self-Normalizing
 * Neural Networks".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { selu } from '@rectify/elu';
 *
 * const act = createRegistry().use(selu).create('selu');
 * const { y, backward } = act.forward(tensor([-1, 0, 1]));
 * // y: [-1.1113307378125625, 0, 1.0507009873554805]
 * const dx = backward(tensor([1, 1, 1])); // [0.646768603034814, 1.7580993408473766, 1.0507009873554805]
 * ```
 * @public
 */
export const selu: ActivationPlugin<'selu', SeluConfig> = defineElementwise({
  name: 'selu',
  displayName: 'SELU',
  aliases: ['SELU'],
  summary: 'Scaled exponential linear unit: λ·x where x > 0, else λ·α·(eˣ − 1), with fixed α and λ.',
  reference: 'Klambauer, Unterthiner, Mayr & Hochreiter, "Self-Normalizing Neural Networks", NeurIPS 2017.',
  fields: {},
  ...eluMaths(coefficients),
  traits: {
    lipschitz: () => DEPTH,
    kinks: () => [0],
    range: () => [-DEPTH, Infinity],
    monotonic: () => 'increasing',
    asymptotes: () => ({ positive: { slope: SELU_SCALE, intercept: 0 }, negative: { slope: 0, intercept: -SELU_ALPHA * SELU_SCALE } }),
  },
  gain: 3 / 4,
  lowering: () => eluLowering({ positive: L.c(SELU_SCALE), negative: L.mul(L.c(SELU_ALPHA), L.c(SELU_SCALE)), inputScale: L.c(1), gradientInputScale: L.c(1) }),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    selu: SeluConfig;
  }
}
