import { L, defineElementwise, numberField, type ActivationPlugin } from '@rectify/core';

/**
 * The hyperparameter of Softshrink.
 * @public
 */
export interface SoftshrinkConfig {
  /**
   * λ ≥ 0, the amount every input is moved towards 0 (inputs within λ of 0
   * become 0). PyTorch refuses a negative λ too. In float32 it is rounded to
   * float32 first, as PyTorch rounds it.
   * @defaultValue `0.5`
   */
  readonly lambda: number;
}

/** x − λ above λ, x + λ below −λ, +0 otherwise: PyTorch's kernel, whose comparisons are false for NaN, so NaN gives 0. */
function softshrinkAt(x: number, lambda: number): number {
  return x > lambda ? x - lambda : x < -lambda ? x + lambda : 0;
}

/** Outside the band [−λ, λ], bounds excluded: where the gradient is dy. False for NaN. */
function outsideBand(x: number, lambda: number): boolean {
  return x > lambda || x < -lambda;
}

/**
 * The Softshrink plugin: `softshrink(x) = x − λ if x > λ, x + λ if x < −λ, else 0`.
 *
 * @remarks
 * Forward: x − λ above λ, x + λ below −λ, +0 in [−λ, λ] (so softshrink(−0) =
 * +0). NaN gives 0, not NaN: PyTorch 1.13's kernel tests x \> λ and x \< −λ,
 * both false for NaN, and returns its zero, so Rectify does too (the trait
 * `propagatesNaN` is false). In float32, λ is rounded to float32 first and
 * x ∓ λ is one float32 subtraction (computed in float64 and rounded once,
 * which is the same).
 *
 * Backward: dy outside [−λ, λ] and a selected +0 inside it and at ±λ,
 * whatever dy holds, as PyTorch's `shrink_backward` gives. At NaN PyTorch's
 * vectorised kernel gives 0 and its scalar one dy; Rectify gives 0, the
 * gradient of the branch its forward takes for NaN (the band, whose output
 * is 0). Bit for bit PyTorch's (`F.softshrink`) in float32 and float64.
 *
 * Canonical name `softshrink`; alias `Softshrink`. One config field,
 * `lambda` (≥ 0, default 0.5). Gain 1: PyTorch's `calculate_gain` has none,
 * and the variance-preserving 1/√E[f(z)²] grows without bound with λ (1.544
 * for λ = 0.5, 4.68 for λ = 1.5, 49.6 for λ = 3). Lipschitz constant 1; kinks
 * at ±λ; non-decreasing; odd about 0; asymptotes y = x − λ and y = x + λ.
 * Lowered with Where, Sub and Add, with PyTorch's backward.
 *
 * Soft thresholding, from Donoho (1995), "De-noising by Soft-Thresholding";
 * the proximal operator of λ·|x|.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { softshrink } from '@rectify/shrink';
 *
 * const act = createRegistry().use(softshrink).create('softshrink', { lambda: 0.5 });
 * const { y, backward } = act.forward(tensor([-2, -0.5, 0.25, 0.5, 3]));
 * // y: [-1.5, 0, 0, 0, 2.5]
 * const dx = backward(tensor([1, 1, 1, 1, 1])); // [1, 0, 0, 0, 1]
 * ```
 * @public
 */
export const softshrink: ActivationPlugin<'softshrink', SoftshrinkConfig> = defineElementwise({
  name: 'softshrink',
  displayName: 'Softshrink',
  aliases: ['Softshrink'],
  summary: 'Soft shrinkage: x − λ above λ, x + λ below −λ, else 0.',
  reference: 'Donoho, "De-noising by Soft-Thresholding", IEEE Transactions on Information Theory 41(3), 1995.',
  fields: {
    lambda: numberField(0.5, 'λ, moved off every input towards 0; inputs in [−λ, λ] give 0 (PyTorch default 0.5).', { min: 0 }),
  },
  f: (x, { lambda }) => softshrinkAt(x, lambda),
  df: (x, _y, { lambda }) => (outsideBand(x, lambda) ? 1 : 0),
  float32: ({ lambda }) => ({ lambda: Math.fround(lambda) }),
  traits: {
    propagatesNaN: false,
    lipschitz: () => 1,
    kinks: ({ config }) => [-config.lambda, config.lambda],
    monotonic: () => 'increasing',
    symmetry: () => ({ kind: 'odd', center: 0 }),
    asymptotes: ({ config }) => ({ positive: { slope: 1, intercept: -config.lambda }, negative: { slope: 1, intercept: config.lambda } }),
  },
  gain: 1,
  loops: {
    // x ∓ λ of two values of the dtype, rounded once on store: the dtype's own subtraction.
    forward: ({ lambda }) => (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number;
        y[i] = v > lambda ? v - lambda : v < -lambda ? v + lambda : 0;
      }
    },
    backward: ({ lambda }) => (x, dy, dx) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number;
        dx[i] = v > lambda || v < -lambda ? (dy[i] as number) : 0;
      }
    },
  },
  // x − λ (for x > λ) and x + λ (for x < −λ) are never −0, so they may sit in a Where's second input; dy sits in a third.
  lowering: ({ lambda }) => ({
    forward: L.where(L.greater(L.x, L.c(lambda)), L.op('Sub', [L.x, L.c(lambda)]), L.where(L.op('Less', [L.x, L.c(-lambda)]), L.op('Add', [L.x, L.c(lambda)]), L.c(0))),
    backward: L.where(L.op('LessOrEqual', [L.op('Abs', [L.x]), L.c(lambda)]), L.c(0), L.where(L.op('IsNaN', [L.x]), L.c(0), L.dy)),
  }),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    softshrink: SoftshrinkConfig;
  }
}
