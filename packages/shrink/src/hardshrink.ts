import { L, defineElementwise, numberField, type ActivationPlugin } from '@rectify/core';

/**
 * The hyperparameter of Hardshrink.
 * @public
 */
export interface HardshrinkConfig {
  /**
   * λ ≥ 0, the half-width of the band [−λ, λ] that is set to 0. In float32
   * it is rounded to float32 first, as PyTorch rounds it.
   * @defaultValue `0.5`
   */
  readonly lambda: number;
}

/** Inside the band [−λ, λ], bounds included, where Hardshrink gives 0: false for NaN. */
function inBand(x: number, lambda: number): boolean {
  return x >= -lambda && x <= lambda;
}

/**
 * The Hardshrink plugin: `hardshrink(x) = x if |x| > λ else 0`.
 *
 * @remarks
 * Forward: +0 inside [−λ, λ], bounds included (so hardshrink(−0) = +0), x
 * itself outside; NaN stays NaN. Backward: dy outside the band, a selected
 * +0 inside it and at ±λ, whatever dy holds, as PyTorch's `shrink_backward`
 * gives. At NaN PyTorch's vectorised kernel gives 0 and its scalar one dy;
 * Rectify gives dy, the gradient of the branch its forward takes for NaN (x
 * passes through). Bit for bit PyTorch's (`F.hardshrink`) in float32 and
 * float64, with λ rounded to float32 for float32 data.
 *
 * Canonical name `hardshrink`; alias `Hardshrink`. One config field,
 * `lambda` (≥ 0, default 0.5). Gain 1: PyTorch's `calculate_gain` has none,
 * and the variance-preserving 1/√E[f(z)²] grows without bound with λ (1.016
 * for λ = 0.5, 1.384 for λ = 1.5, 5.85 for λ = 3, 2.5·10¹⁰ for λ = 10).
 * Discontinuous at ±λ for λ \> 0, where it jumps by λ, so it has no finite
 * Lipschitz constant (∞; 1 for λ = 0, where it is the identity); kinks at
 * ±λ; non-decreasing; odd about 0; asymptote y = x on both sides. Lowered
 * with Where and Abs, with PyTorch's backward.
 *
 * Hard thresholding, from Donoho & Johnstone (1994), "Ideal Spatial
 * Adaptation by Wavelet Shrinkage".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { hardshrink } from '@rectify/shrink';
 *
 * const act = createRegistry().use(hardshrink).create('hardshrink', { lambda: 0.5 });
 * const { y, backward } = act.forward(tensor([-1, -0.5, 0.25, 0.5, 2]));
 * // y: [-1, 0, 0, 0, 2]
 * const dx = backward(tensor([1, 1, 1, 1, 1])); // [1, 0, 0, 0, 1]
 * ```
 * @public
 */
export const hardshrink: ActivationPlugin<'hardshrink', HardshrinkConfig> = defineElementwise({
  name: 'hardshrink',
  displayName: 'Hardshrink',
  aliases: ['Hardshrink'],
  summary: 'Hard shrinkage: x where |x| > λ, else 0.',
  reference: 'Donoho & Johnstone, "Ideal Spatial Adaptation by Wavelet Shrinkage", Biometrika 81(3), 1994.',
  fields: {
    lambda: numberField(0.5, 'λ, the half-width of the band [−λ, λ] set to 0 (PyTorch default 0.5).', { min: 0 }),
  },
  f: (x, { lambda }) => (inBand(x, lambda) ? 0 : x),
  df: (x, _y, { lambda }) => (inBand(x, lambda) ? 0 : 1),
  float32: ({ lambda }) => ({ lambda: Math.fround(lambda) }),
  traits: {
    lipschitz: ({ config }) => (config.lambda === 0 ? 1 : Infinity),
    kinks: ({ config }) => [-config.lambda, config.lambda],
    monotonic: () => 'increasing',
    symmetry: () => ({ kind: 'odd', center: 0 }),
    asymptotes: () => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 1, intercept: 0 } }),
  },
  gain: 1,
  loops: {
    forward: ({ lambda }) => (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number;
        y[i] = v >= -lambda && v <= lambda ? 0 : v;
      }
    },
    backward: ({ lambda }) => (x, dy, dx) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number;
        dx[i] = v >= -lambda && v <= lambda ? 0 : (dy[i] as number);
      }
    },
  },
  // |x| ≤ λ is −λ ≤ x ≤ λ exactly, and false for NaN; x and dy sit in a Where's third input, where ONNX Runtime keeps a −0.
  lowering: ({ lambda }) => {
    const band = L.op('LessOrEqual', [L.op('Abs', [L.x]), L.c(lambda)]);
    return { forward: L.where(band, L.c(0), L.x), backward: L.where(band, L.c(0), L.dy) };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    hardshrink: HardshrinkConfig;
  }
}
