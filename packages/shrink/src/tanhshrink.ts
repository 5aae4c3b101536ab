import { L, defineElementwise, type ActivationPlugin } from '@rectify/core';
import { roundingOf } from '@rectify/core';

/**
 * Tanhshrink takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TanhshrinkConfig {}

/**
 * Cody & Waite's rational approximation of (tanh(x) − x)/x³ = P(x²)/Q(x²)
 * for |x| ≤ 0.625 (Q's leading coefficient, 1, left out), as Cephes' tanh
 * uses it: each coefficient the double nearest Cephes' 21-digit one.
 */
const P = [-0.9643991794250523, -99.28772310019185, -1614.6876844170845] as const;
const Q = [112.81167849163293, 2235.4883906010045, 4844.063053251255] as const;

/** x − tanh(x) for |x| ≤ 0.625 as −x·x²·P(x²)/Q(x²): a product, so nothing cancels. */
function nearZero(x: number): number {
  const s = x * x;
  return (-x * s * ((P[0] * s + P[1]) * s + P[2])) / (((s + Q[0]) * s + Q[1]) * s + Q[2]);
}

/**
 * x − tanh(x) in float64, within 6 ulps of the exact value (measured
 * against 200-bit arithmetic on 20,000 inputs from 10⁻⁸ to 10).
 *
 * @remarks
 * Subtracting tanh(x) from x cancels nearly every digit near 0
 * (tanhshrink(10⁻³) ≈ 3.3·10⁻¹⁰ from two numbers near 10⁻³), so the two are
 * never subtracted where they are close: below 0.625 in magnitude the
 * difference comes from a rational approximation of itself; up to 1.25 from
 * tanh(x) = 2t/(1 + t²) with t = tanh(x/2), which gives
 * x − tanh(x) = 2((y − t) + y·t²)/(1 + t²) for y = x/2, every term of one
 * sign; beyond, x − tanh(x) is at least 0.4 and loses two ulps at most. A
 * zero is +0, as x − tanh(x) gives it.
 */
function tanhshrinkAt(x: number): number {
  const magnitude = Math.abs(x);
  if (magnitude <= 0.625) return nearZero(x) + 0;
  if (magnitude < 1.25) {
    const y = x / 2;
    const d = nearZero(y);
    const t = y - d;
    return (2 * (d + y * t * t)) / (1 + t * t);
  }
  return x - Math.tanh(x);
}

/**
 * Tanhshrink's gradient as PyTorch's autograd evaluates `x - x.tanh()`:
 * dy + (−dy)·(1 − t²) with t = tanh(x) and each step rounded by `round`.
 * For float32, 1 − t² is rounded once, as PyTorch's fused `tanh_backward`
 * rounds it (t² of a float32 t is exact in float64); in float64, t² and the
 * difference are each rounded, an ulp or so from PyTorch's.
 */
function tanhshrinkGradient(x: number, dy: number, round: (value: number) => number): number {
  const t = round(Math.tanh(x));
  return round(dy + round(-dy * round(1 - t * t)));
}

/**
 * The Tanhshrink plugin: `tanhshrink(x) = x − tanh(x)`.
 *
 * @remarks
 * Forward: x − tanh(x) in float64, within 6 ulps of the exact value, rounded
 * once to float32 for float32 inputs. PyTorch evaluates `x - x.tanh()` in
 * the dtype, which near 0 cancels almost every digit (tanhshrink(10⁻³) is
 * 3.3·10⁻¹⁰; float32's x − fl(tanh x) is a multiple of 1.2·10⁻¹⁰, float64's
 * off by some 10⁷ ulps); Rectify evaluates the difference without
 * subtracting close numbers, so its values are the accurate ones and stay
 * within PyTorch's own rounding error of PyTorch's. tanhshrink(±0) = +0
 * (x − x), tanhshrink(±∞) = ±∞, NaN stays NaN.
 *
 * Backward: dx = dy + (−dy)·(1 − t²) with t = tanh(x), the chain PyTorch's
 * autograd runs (the identity's dy plus `tanh_backward` of −dy), with 1 − t²
 * rounded once in float32 as PyTorch's fused kernel rounds it: dy·tanh²(x)
 * in exact arithmetic, and +0 at x = ±0, whatever the sign of dy, as in
 * PyTorch. In float32 it matches PyTorch bit for bit wherever t does; in
 * float64 it is within an ulp or two of dy of PyTorch's.
 *
 * Canonical name `tanhshrink`; alias `Tanhshrink`. Gain ≈ 2.3384, the
 * variance-preserving 1/√E[f(z)²] for z ~ N(0, 1) (PyTorch's
 * `calculate_gain` has none). Lipschitz constant 1 (the slope tanh²(x) stays
 * below 1); no kinks; increasing; odd about 0; asymptotes y = x − 1 and
 * y = x + 1. Lowered to Sub and Tanh, with PyTorch's backward chain.
 *
 * From Lua Torch's `nn.TanhShrink`; there is no paper.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { tanhshrink } from '@rectify/shrink';
 *
 * const act = createRegistry().use(tanhshrink).create('tanhshrink');
 * const { y, backward } = act.forward(tensor([-2, 0, 1]));
 * // y: [-1.035972419924183, 0, 0.2384058440442351]
 * const dx = backward(tensor([1, 1, 1])); // [0.9293491751468356, 0, 0.5800256583859739]
 * ```
 * @public
 */
export const tanhshrink: ActivationPlugin<'tanhshrink', TanhshrinkConfig> = defineElementwise({
  name: 'tanhshrink',
  displayName: 'Tanhshrink',
  aliases: ['Tanhshrink'],
  summary: 'x − tanh(x).',
  fields: {},
  f: tanhshrinkAt,
  df: (x) => tanhshrinkGradient(x, 1, roundingOf('float64')),
  traits: {
    lipschitz: () => 1,
    monotonic: () => 'increasing',
    symmetry: () => ({ kind: 'odd', center: 0 }),
    asymptotes: () => ({ positive: { slope: 1, intercept: -1 }, negative: { slope: 1, intercept: 1 } }),
  },
  loops: {
    // A float32 result that rounds to zero is +0 too, as float32's x − tanh(x) gives it.
    forward: (_config, dtype) => {
      const round = roundingOf(dtype);
      return (x, y) => {
        for (let i = 0; i < x.length; i++) y[i] = round(tanhshrinkAt(x[i] as number)) + 0;
      };
    },
    backward: (_config, dtype) => {
      const round = roundingOf(dtype);
      return (x, dy, dx) => {
        for (let i = 0; i < x.length; i++) dx[i] = tanhshrinkGradient(x[i] as number, dy[i] as number, round);
      };
    },
  },
  lowering: () => {
    const t = L.op('Tanh', [L.x]);
    return {
      forward: L.op('Sub', [L.x, t]),
      backward: L.op('Add', [L.dy, L.mul(L.op('Neg', [L.dy]), L.op('Sub', [L.c(1), L.mul(t, t)]))]),
    };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    tanhshrink: TanhshrinkConfig;
  }
}
