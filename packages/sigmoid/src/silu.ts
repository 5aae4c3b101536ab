import { L, defineElementwise, siluF32, siluF64, siluGradF32, siluGradF64, type ActivationPlugin } from '@rectify/core';
import { roundingOf } from '@rectify/core';
import { logistic } from './maths.js';

/**
 * SiLU takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SiluConfig {}

/**
 * Below the smallest value of x·σ(x), −W(1/e) = −0.27846454276107379… at
 * x = −1.2784645427610738 (W is Lambert's), by a few ulps: the bound holds
 * for computed outputs, which may round below the exact minimum.
 */
const SILU_MINIMUM = -0.278464542761074;

/** The steepest slope of x·σ(x), 1.09983932012886692…, at x ≈ 2.3994, rounded up. */
const SILU_LIPSCHITZ = 1.0998393201288672;

/**
 * σ(x) as PyTorch's silu_backward computes it, 1 / (1 + e^(−x)), each
 * operation rounded by `round`: its derivative σ·(1 + x·(1 − σ)) amplifies
 * the rounding of σ near 1 by x (up to 2e-15 relative at x = 30 in float64,
 * 8e-7 at x = 16 in float32), so the gradient rounds σ exactly as PyTorch does.
 */
function sigmoidAsPytorch(x: number, round: (v: number) => number): number {
  return round(1 / round(1 + round(Math.exp(-x))));
}

/** silu′ = σ·(1 + x·(1 − σ)) from a given σ. */
function siluSlope(x: number, sigma: number): number {
  return sigma * (1 + x * (1 - sigma));
}

/**
 * The SiLU plugin (also called Swish): `silu(x) = x·σ(x) = x / (1 + exp(−x))`.
 *
 * @remarks
 * Forward: x·σ(x), with σ evaluated without overflow, so silu(+large) = x
 * and silu(−large) is a tiny negative number or −0. As in PyTorch,
 * silu(+∞) = +∞ and silu(−∞) = NaN (∞·0), and NaN stays NaN.
 * Backward: dx = dy·σ(x)·(1 + x·(1 − σ(x))) with σ(x) = 1 / (1 + e^(−x))
 * rounded in the dtype exactly as PyTorch's kernel rounds it: 1 − σ(x)
 * cancels for large x, and the gradient keeps PyTorch's value there rather
 * than the exact one (they differ by up to 2e-15 relative in float64 at
 * x = 30, 8e-7 in float32 at x = 16). NaN at ±∞, as in PyTorch. Matches
 * `torch.nn.functional.silu` to within a few ulps in float64. In float32
 * the forward is core's `siluF32` ((x ≥ 0 ? x : x·e)/(1 + e) from
 * e = e^(−|x|), within 3 ulps, every step a float32 operation) and the backward
 * PyTorch's float32 formula (dy·s)·(1 + x·(1 − s)) on core's `expF32`
 * (`siluGradF32`), so `@rectify/simd`'s kernels give the same bits. Below
 * x = −87.34 the float32 forward is −0 (|x·σ(x)| \< 2^−119 there), as
 * PyTorch's is below −88.72, where its e^(−x) overflows.
 *
 * In float64 the forward is core's `siluF64` (x·eˣ formed before its
 * rounding, so the tail keeps its precision into the subnormals; within 3
 * ulps) and the backward PyTorch's (dy·s)·(1 + x·(1 − s)) with
 * s = 1/(1 + `expF64`(−x)) (`siluGradF64`), the bits of `@rectify/simd`'s
 * float64 kernels.
 *
 * Canonical name `silu`; aliases `SiLU`, `swish`, `Swish` (the β = 1 Swish).
 * Gain 1.6765 (PyTorch's `calculate_gain` has none): the variance-preserving
 * 1/√E[f(z)²] for z ~ N(0, 1), computed numerically. Lipschitz constant
 * 1.0998 (its steepest slope, at x ≈ 2.40); range [−0.27846, ∞], not
 * monotonic; asymptotes y = x at +∞ and y = 0 at −∞. Lowered to
 * Mul(x, Sigmoid(x)).
 *
 * Elfwing, Uchibe & Doya (2018), "Sigmoid-Weighted Linear Units for Neural
 * Network Function Approximation in Reinforcement Learning"; Ramachandran,
 * Zoph & Le (2017), "Searching for Activation Functions", as Swish.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { silu } from '@rectify/sigmoid';
 *
 * const act = createRegistry().use(silu).create('swish');
 * const { y, backward } = act.forward(tensor([1, 0, -1]));
 * // y: [0.7310585786300049, 0, -0.2689414213699951]
 * const dx = backward(tensor([1, 1, 1])); // [0.9276705118714869, 0.5, 0.07232948812851325]
 * ```
 * @public
 */
export const silu: ActivationPlugin<'silu', SiluConfig> = defineElementwise({
  name: 'silu',
  displayName: 'SiLU',
  aliases: ['SiLU', 'swish', 'Swish'],
  summary: 'Sigmoid-weighted linear unit: x·σ(x).',
  reference:
    'Elfwing, Uchibe & Doya, "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning", Neural Networks 2018; Ramachandran, Zoph & Le, "Searching for Activation Functions", 2017.',
  fields: {},
  f: (x) => x * logistic(x),
  df: (x) => siluSlope(x, sigmoidAsPytorch(x, roundingOf('float64'))),
  traits: {
    lipschitz: () => SILU_LIPSCHITZ,
    range: () => [SILU_MINIMUM, Infinity],
    asymptotes: () => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: 0 } }),
  },
  loops: {
    // core's siluF32/siluF64 and siluGradF32/siluGradF64, the bits of @rectify/simd's kernels.
    forward: (_config, dtype) =>
      dtype === 'float32'
        ? (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = siluF32(x[i] as number);
          }
        : (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = siluF64(x[i] as number);
          },
    backward: (_config, dtype) => {
      if (dtype === 'float32') {
        return (x, dy, dx) => {
          for (let i = 0; i < x.length; i++) dx[i] = siluGradF32(x[i] as number, dy[i] as number);
        };
      }
      return (x, dy, dx) => {
        for (let i = 0; i < x.length; i++) dx[i] = siluGradF64(x[i] as number, dy[i] as number);
      };
    },
  },
  lowering: () => {
    const s = L.op('Sigmoid', [L.x]);
    // PyTorch's dy·σ·(1 + x·(1 − σ)): the slope before dy, so that dy·x never overflows and −0 comes out where PyTorch's does.
    const slope = L.mul(s, L.op('Add', [L.c(1), L.mul(L.x, L.op('Sub', [L.c(1), s]))]));
    return { forward: L.mul(L.x, s), backward: L.mul(L.dy, slope) };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    silu: SiluConfig;
  }
}
