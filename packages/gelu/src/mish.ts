import { L, defineElementwise, mishF32, mishF64, mishGradF32, mishGradF64, oneMinusSquareF64, type ActivationPlugin } from '@rectify/core';
import { roundingOf } from '@rectify/core';

/**
 * Mish takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MishConfig {}

/** The parts of mish and its derivative at one point. */
interface MishParts {
  /** tanh(softplus(x)) = tanh(log(1 + eˣ)), correctly rounded but in rare ties. */
  readonly gate: number;
  /** σ(x) = 1 / (1 + e^(−x)). */
  readonly sigma: number;
}

/**
 * With w = eˣ and n = w(w + 2), tanh(log(1 + w)) = n/(n + 2): rational in
 * w, so it neither overflows nor cancels, and σ(x) = w/(1 + w) comes from
 * the same exponential. For x ≥ 0 both are written in v = e^(−x): the gate
 * is 1 − 2v²/(1 + 2v + 2v²): its subtrahend is small and accurate to a few
 * of its own ulps, so the subtraction gives the correctly rounded tanh near
 * 1, where the gradient needs it.
 */
function mishParts(x: number): MishParts {
  if (x >= 0) {
    const v = Math.exp(-x);
    return { gate: 1 - (2 * v * v) / (1 + 2 * v * (1 + v)), sigma: 1 / (1 + v) };
  }
  const w = Math.exp(x);
  const n = w * (w + 2);
  return { gate: n / (n + 2), sigma: w / (1 + w) };
}

/**
 * mish′ = t + x·σ(x)·(1 − t²), t = tanh(softplus(x)), with t, σ and 1 − t²
 * rounded by `round` to the dtype, as PyTorch's kernel holds them. For x from
 * about 5 up, 1 − t² cancels and x·σ multiplies its rounding by up to 19,
 * so the gradient follows PyTorch's rounding of t (and its fused 1 − t·t,
 * core's `oneMinusSquareF64`) rather than the exact value: from x ≈ 18.7 on
 * t rounds to 1 and mish′ to exactly 1, as in PyTorch. (float32 runs core's
 * `mishGradF32`.)
 */
function mishSlope(x: number, round: (v: number) => number): number {
  const { gate, sigma } = mishParts(x);
  const t = round(gate);
  return t + round(round(x * round(sigma)) * round(oneMinusSquareF64(t)));
}

/**
 * The Mish plugin: `mish(x) = x·tanh(softplus(x)) = x·tanh(log(1 + exp(x)))`.
 *
 * @remarks
 * Forward: x·tanh(log(1 + eˣ)), evaluated as a rational function of eˣ
 * (or of e^(−x) for x ≥ 0), so that it never overflows and neither tail
 * cancels: mish(+large) = x, mish(−large) is a tiny negative number, then
 * −0. As in PyTorch, mish(+∞) = +∞ and mish(−∞) = NaN (∞·0); NaN stays NaN.
 * Backward: dx = dy·(tanh(sp) + x·σ(x)·(1 − tanh²(sp))), sp = softplus(x),
 * with tanh(sp), σ(x) and 1 − tanh² held in the dtype as PyTorch's kernel
 * holds them: 1 − tanh² cancels for large x, and PyTorch's rounding of it is
 * the reference (mish′ is exactly 1 from x ≈ 18.7 on, 8.664 in float32; in
 * float32 the far-left gradient is PyTorch's dy·(+0)). NaN at ±∞, as in
 * PyTorch. In float32 both directions are core's `mishF32` (the same
 * rational form from one e^(−|x|) of core's float32 reduction, finished in
 * float64 and rounded once, within 2 ulps) and `mishGradF32` (PyTorch's
 * formula, each step a float32 operation), so `@rectify/simd`'s kernels give
 * the same bits. Matches `torch.nn.functional.mish` to within a few ulps in
 * float64 and float32.
 *
 * In float64 both directions are core's `mishF64` (the rational form from
 * one e^(−|x|), with x·eˣ formed before its rounding on the left; within 3.5
 * ulps) and `mishGradF64` (PyTorch's formula, t and σ from the same
 * e^(−|x|), 1 − t² rounded once as PyTorch's fused kernel rounds it), the
 * bits of `@rectify/simd`'s float64 kernels.
 *
 * Canonical name `mish`; alias `Mish`. Gain 1.4868 (PyTorch's
 * `calculate_gain` has none): the variance-preserving 1/√E[f(z)²] for
 * z ~ N(0, 1), computed numerically. Lipschitz constant 1.0885 (its
 * steepest slope, at x ≈ 1.4906); range [−0.30884, ∞] (minimum at
 * x ≈ −1.1924); not monotonic; asymptotes y = x at +∞ and y = 0 at −∞.
 * Lowered to Mul(x, Tanh(Log1p(Exp(x)))), PyTorch's own expression (Exp may
 * overflow to +∞ there, and Tanh then gives 1).
 *
 * Misra (2019), "Mish: A Self Regularized Non-Monotonic Activation Function".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { mish } from '@rectify/gelu';
 *
 * const act = createRegistry().use(mish).create('Mish');
 * const { y, backward } = act.forward(tensor([1, 0, -1]));
 * // y: [0.8650983882673103, 0, -0.3034014613741089]
 * const dx = backward(tensor([1, 1, 1])); // [1.0490362200997922, 0.6, 0.059216755877394917]
 * ```
 * @public
 */
export const mish: ActivationPlugin<'mish', MishConfig> = defineElementwise({
  name: 'mish',
  displayName: 'Mish',
  aliases: ['Mish'],
  summary: 'Self-regularised non-monotonic activation: x·tanh(softplus(x)).',
  reference: 'Misra, "Mish: A Self Regularized Non-Monotonic Activation Function", BMVC 2020 (arXiv:1908.08681, 2019).',
  fields: {},
  f: (x) => x * mishParts(x).gate,
  df: (x) => mishSlope(x, roundingOf('float64')),
  traits: {
    // The steepest slope (at x ≈ 1.4906) and the minimum (at x ≈ −1.1924), rounded outward by a few ulps.
    lipschitz: () => 1.088498161251728,
    range: () => [-0.308843413017251, Infinity],
    asymptotes: () => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: 0 } }),
  },
  loops: {
    // core's mishF32/mishF64 and mishGradF32/mishGradF64, the bits of @rectify/simd's kernels.
    forward: (_config, dtype) =>
      dtype === 'float32'
        ? (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = mishF32(x[i] as number);
          }
        : (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = mishF64(x[i] as number);
          },
    backward: (_config, dtype) => {
      if (dtype === 'float32') {
        return (x, dy, dx) => {
          for (let i = 0; i < x.length; i++) dx[i] = mishGradF32(x[i] as number, dy[i] as number);
        };
      }
      return (x, dy, dx) => {
        for (let i = 0; i < x.length; i++) dx[i] = mishGradF64(x[i] as number, dy[i] as number);
      };
    },
  },
  lowering: () => {
    const t = L.op('Tanh', [L.op('Log1p', [L.op('Exp', [L.x])])]);
    // PyTorch's dy·(t + x·σ(x)·(1 − t²)): finite where e^x overflows (t = 1), where the chain rule through log1p(e^x) gives ∞/∞.
    const slope = L.op('Add', [t, L.mul(L.mul(L.x, L.op('Sigmoid', [L.x])), L.op('Sub', [L.c(1), L.mul(t, t)]))]);
    return { forward: L.mul(L.x, t), backward: L.mul(L.dy, slope) };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    mish: MishConfig;
  }
}
