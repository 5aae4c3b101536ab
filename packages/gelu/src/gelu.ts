import { L, choiceField, defineElementwise, geluF32, geluF64, geluGradF32, geluGradF64, geluTanhF32, geluTanhF64, geluTanhGradF32, geluTanhGradF64, type ActivationPlugin } from '@rectify/core';

/**
 * The hyperparameters of GELU.
 * @public
 */
export interface GeluConfig {
  /**
   * Which GELU: `'none'` for the exact x·Φ(x), with Φ the standard normal
   * CDF, or `'tanh'` for Hendrycks & Gimpel's approximation
   * ½x·(1 + tanh(√(2/π)·(x + 0.044715x³))), as in
   * `torch.nn.functional.gelu(x, approximate=...)`.
   * @defaultValue `'none'`
   */
  readonly approximate: 'none' | 'tanh';
}

/** √½. */
const SQRT_HALF = Math.SQRT1_2;
/** 1/√(2π), the standard normal density at 0. */
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
/** √(2/π), as PyTorch computes it: M_SQRT2 · M_2_SQRTPI · 0.5. */
const TANH_SCALE = Math.SQRT2 * 1.1283791670955126 * 0.5;
/** The cubic coefficient of the tanh approximation. */
const TANH_CUBIC = 0.044715;

/**
 * The GELU plugin: `gelu(x) = x·Φ(x)`, or its tanh approximation.
 *
 * @remarks
 * `approximate: 'none'` (the default): y = x·Φ(x) with Φ(x) = ½·erfc(−x/√2),
 * and dx = dy·(Φ(x) + x·φ(x)), φ the standard normal density, from core's
 * `geluF64`/`geluGradF64` and `geluF32`/`geluGradF32` (JavaScript has no
 * erf): Φ from the normal tail e^(−x²/2)·R(|x|), the exponential's argument
 * split so that x² is never rounded, so both tails keep their precision:
 * gelu(−8) = −4.977e-15 and gelu(−30) = −1.47e-197 in float64, where
 * PyTorch's 1 + erf(x/√2) cancels (−4.885e-15, and −0 from x ≈ −8.4 on); the
 * difference is below 1e-15 in absolute terms. Within 4 ulps in float64.
 *
 * `approximate: 'tanh'`: y = ½x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715x³),
 * with 1 + tanh(u) evaluated without cancellation for u \< 0. Its gradient
 * is computed step by step as PyTorch's kernel computes it, each step
 * rounded in the dtype: 1 − tanh²u cancels, and PyTorch's rounding of it
 * (up to 2e-15 relative in float64, 1.7e-6 in float32) is the reference.
 *
 * In float32 both forms run core's float32 definitions (`geluF32`,
 * `geluGradF32`, `geluTanhF32`, `geluTanhGradF32`), the arithmetic of
 * `@rectify/simd`'s kernels, so a registry with that provider gives the same
 * bits: the exact form from one exponential e^(−x²/2), its argument split so
 * that x² is not rounded, and a polynomial for the normal tail (within 6 ulps,
 * both tails kept: gelu(−10) = −7.62e-23 in float32), the tanh form as
 * x·σ(x·(2√(2/π) + 2√(2/π)·0.044715·x²)) (within 3 ulps of max(|y|, 1)), and
 * the gradients in PyTorch's float32 order. In float64 the tanh form runs
 * core's `geluTanhF64` and `geluTanhGradF64` (x·σ(w) on core's float64
 * sigmoid, the gradient in PyTorch's order on its float64 tanh), which the
 * provider's kernels match; so does the exact form's `geluF64` (R(|x|) a
 * Chebyshev series of degree 30, evaluated by Clenshaw's recurrence).
 *
 * Both saturate without NaN at large finite |x| (y = x, or a negative tail
 * down to −0), as PyTorch's do; at +∞, y = +∞ and dx = NaN, at −∞ both are
 * NaN (∞·0), and the tanh form's dx is NaN where x² overflows in the dtype,
 * again as in PyTorch. Matches `torch.nn.functional.gelu` to within a few
 * ulps in float64 and to float32 rounding in float32.
 *
 * Canonical name `gelu`; alias `GELU`. Config `approximate`, `'none'` or
 * `'tanh'` (default `'none'`). Gain 1.5335 for either form (PyTorch's
 * `calculate_gain` has none): the variance-preserving 1/√E[f(z)²] for
 * z ~ N(0, 1), computed numerically. Lipschitz constant 1.1289 (the slope
 * at x = √2; 1.12899 for the tanh form, at x ≈ 1.4185); range [−0.17, ∞]
 * (minimum −0.16997 at x ≈ −0.7518; −0.17004 for the tanh form); not
 * monotonic; asymptotes y = x at +∞ and y = 0 at −∞. Lowered with Erf, or
 * Tanh, over Mul and Add.
 *
 * Hendrycks & Gimpel (2016), "Gaussian Error Linear Units (GELUs)".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { gelu } from '@rectify/gelu';
 *
 * const registry = createRegistry().use(gelu).freeze();
 * const exact = registry.create('gelu');
 * console.log(Array.from(exact.forward(tensor([1, -1])).y.data)); // [0.841344746068543, -0.15865525393145702]
 * const approximate = registry.create('gelu', { approximate: 'tanh' });
 * console.log(Array.from(approximate.forward(tensor([1, -1])).y.data)); // [0.8411919906082768, -0.15880800939172326]
 * ```
 * @public
 */
export const gelu: ActivationPlugin<'gelu', GeluConfig> = defineElementwise({
  name: 'gelu',
  displayName: 'GELU',
  aliases: ['GELU'],
  summary: 'Gaussian error linear unit: x·Φ(x), or its tanh approximation.',
  reference: 'Hendrycks & Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, 2016.',
  fields: {
    approximate: choiceField('none', ['none', 'tanh'], "'none' for the exact x·Φ(x), 'tanh' for the tanh approximation (PyTorch default 'none')."),
  },
  f: (x, { approximate }) => (approximate === 'tanh' ? geluTanhF64(x) : geluF64(x)),
  df: (x, _y, { approximate }) => (approximate === 'tanh' ? geluTanhGradF64(x, 1) : geluGradF64(x, 1)),
  traits: {
    // The steepest slopes and the minima, rounded outward by a few ulps so that computed values keep within them.
    lipschitz: ({ config }) => (config.approximate === 'tanh' ? 1.128993068658772 : 1.128904145185155),
    range: ({ config }) => [config.approximate === 'tanh' ? -0.170040750571255 : -0.169971207479904, Infinity],
    asymptotes: () => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: 0 } }),
  },
  loops: {
    // float32: core's float32 definitions, the bits of @rectify/simd's kernels; one loop per form and dtype.
    forward: ({ approximate }, dtype) => {
      if (dtype === 'float32') {
        return approximate === 'tanh'
          ? (x, y) => {
              for (let i = 0; i < x.length; i++) y[i] = geluTanhF32(x[i] as number);
            }
          : (x, y) => {
              for (let i = 0; i < x.length; i++) y[i] = geluF32(x[i] as number);
            };
      }
      // float64: core's float64 definitions, the bits of @rectify/simd's kernels.
      return approximate === 'tanh'
        ? (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = geluTanhF64(x[i] as number);
          }
        : (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = geluF64(x[i] as number);
          };
    },
    backward: ({ approximate }, dtype) => {
      if (dtype === 'float32') {
        return approximate === 'tanh'
          ? (x, dy, dx) => {
              for (let i = 0; i < x.length; i++) dx[i] = geluTanhGradF32(x[i] as number, dy[i] as number);
            }
          : (x, dy, dx) => {
              for (let i = 0; i < x.length; i++) dx[i] = geluGradF32(x[i] as number, dy[i] as number);
            };
      }
      if (approximate === 'tanh') {
        return (x, dy, dx) => {
          for (let i = 0; i < x.length; i++) dx[i] = geluTanhGradF64(x[i] as number, dy[i] as number);
        };
      }
      return (x, dy, dx) => {
        for (let i = 0; i < x.length; i++) dx[i] = geluGradF64(x[i] as number, dy[i] as number);
      };
    },
  },
  lowering: ({ approximate }) => {
    const half = L.mul(L.x, L.c(0.5));
    const square = L.mul(L.x, L.x);
    // The backwards are PyTorch's formulas, slope first and then dy, as the engines' own chain rule would not give them at ±∞ dy and −0.
    if (approximate === 'tanh') {
      const cube = L.mul(square, L.x);
      const t = L.op('Tanh', [L.mul(L.c(TANH_SCALE), L.op('Add', [L.x, L.mul(L.c(TANH_CUBIC), cube)]))]);
      const left = L.mul(L.c(0.5), L.op('Add', [L.c(1), t]));
      const innerSlope = L.mul(L.c(TANH_SCALE), L.op('Add', [L.c(1), L.mul(L.c(3 * TANH_CUBIC), square)]));
      const right = L.mul(L.mul(half, L.op('Sub', [L.c(1), L.mul(t, t)])), innerSlope);
      return { forward: L.mul(half, L.op('Add', [L.c(1), t])), backward: L.mul(L.dy, L.op('Add', [left, right])) };
    }
    const cdf = L.mul(L.c(0.5), L.op('Add', [L.c(1), L.op('Erf', [L.mul(L.x, L.c(SQRT_HALF))])]));
    const pdf = L.mul(L.c(ONE_OVER_SQRT_TWO_PI), L.op('Exp', [L.mul(L.c(-0.5), square)]));
    return { forward: L.mul(half, L.op('Add', [L.c(1), L.op('Erf', [L.mul(L.x, L.c(SQRT_HALF))])])), backward: L.mul(L.dy, L.op('Add', [cdf, L.mul(L.x, pdf)])) };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    gelu: GeluConfig;
  }
}
