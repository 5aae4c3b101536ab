import { L, defineElementwise, type ActivationPlugin } from '@rectify/core';
import { roundingOf } from '@rectify/core';

/**
 * Hardsigmoid takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HardsigmoidConfig {}

/**
 * PyTorch's gradient inside (−3, 3): the C++ literal `1.0f / 6.0f`, a float32
 * 1/6 (0.1666666716337204), which its float64 kernel uses too.
 */
const ONE_SIXTH_FLOAT32 = Math.fround(1 / 6);

/** min(max(x + 3, 0), 6) / 6 with each operation rounded by `round`, as the dtype's arithmetic rounds it; NaN passes. */
function hardsigmoidAt(x: number, round: (v: number) => number): number {
  const shifted = round(x + 3);
  return round((shifted < 0 ? 0 : shifted > 6 ? 6 : shifted) / 6);
}

/** Strictly inside (−3, 3), where the gradient is 1/6; false at the bounds, beyond them and at NaN. */
function onSlope(x: number): boolean {
  return x > -3 && x < 3;
}

/**
 * The Hardsigmoid plugin: `hardsigmoid(x) = min(max(x + 3, 0), 6) / 6`.
 *
 * @remarks
 * Forward: 0 for x ≤ −3, 1 for x ≥ 3, (x + 3)/6 between, computed as
 * PyTorch's CPU kernel computes it, x + 3 and the division by 6 each rounded
 * in the dtype, so it matches `torch.nn.functional.hardsigmoid` bit for bit
 * in float32 and float64. NaN stays NaN.
 * Backward: dx = dy·(1/6) strictly inside (−3, 3) and dx = +0 selected at
 * ±3, beyond them and at NaN, whatever dy holds (−0, NaN). The 1/6 is
 * PyTorch's float32 constant 0.1666666716337204 in both dtypes (its kernel
 * writes `1.0f / 6.0f`), so float64 gradients match PyTorch's bit for bit
 * and differ from dy/6 by 3e-8 relative.
 *
 * Canonical name `hardsigmoid`; alias `Hardsigmoid`. Gain 1, as for
 * sigmoid, which it stands in for (PyTorch's `calculate_gain` has no
 * hardsigmoid; the variance-preserving 1/√E[f(z)²] would be 1.898).
 * Lipschitz constant 1/6; kinks at ±3; range [0, 1], increasing, odd about ½.
 * Lowered with Where over Add and Div, and its backward given.
 *
 * From Howard et al. (2019), "Searching for MobileNetV3", as the gate of
 * hard-swish.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { hardsigmoid } from '@rectify/sigmoid';
 *
 * const act = createRegistry().use(hardsigmoid).create('hardsigmoid');
 * const { y, backward } = act.forward(tensor([-4, -3, 0, 1.5, 3]));
 * // y: [0, 0, 0.5, 0.75, 1]
 * const dx = backward(tensor([1, 1, 1, 1, 1])); // [0, 0, 0.1666666716337204, 0.1666666716337204, 0]
 * ```
 * @public
 */
export const hardsigmoid: ActivationPlugin<'hardsigmoid', HardsigmoidConfig> = defineElementwise({
  name: 'hardsigmoid',
  displayName: 'Hardsigmoid',
  aliases: ['Hardsigmoid'],
  summary: 'Piecewise-linear sigmoid: min(max(x + 3, 0), 6) / 6.',
  reference: 'Howard et al., "Searching for MobileNetV3", ICCV 2019.',
  fields: {},
  f: (x) => hardsigmoidAt(x, roundingOf('float64')),
  df: (x) => (onSlope(x) ? ONE_SIXTH_FLOAT32 : 0),
  traits: {
    lipschitz: () => 1 / 6,
    kinks: () => [-3, 3],
    range: () => [0, 1],
    monotonic: () => 'increasing',
    symmetry: () => ({ kind: 'odd', center: 0.5 }),
    asymptotes: () => ({ positive: { slope: 0, intercept: 1 }, negative: { slope: 0, intercept: 0 } }),
  },
  gain: 1,
  loops: {
    forward: (_config, dtype) => {
      const round = roundingOf(dtype);
      return (x, y) => {
        for (let i = 0; i < x.length; i++) y[i] = hardsigmoidAt(x[i] as number, round);
      };
    },
    // +0 selected off the slope, not dy·0. A float32 product of two float32 values is exact in float64: storing it rounds once, as float32 arithmetic does.
    backward: () => (x, dy, dx) => {
      for (let i = 0; i < x.length; i++) dx[i] = onSlope(x[i] as number) ? (dy[i] as number) * ONE_SIXTH_FLOAT32 : 0;
    },
  },
  lowering: () => {
    const shifted = L.op('Add', [L.x, L.c(3)]);
    const clamped = L.where(L.op('Less', [shifted, L.c(0)]), L.c(0), L.where(L.greater(shifted, L.c(6)), L.c(6), shifted));
    // Every value that may be −0 or dy-dependent sits in a Where's third input (ONNX Runtime drops the sign of a −0 in the second).
    const inside = L.where(L.op('IsNaN', [L.x]), L.c(0), L.mul(L.dy, L.c(ONE_SIXTH_FLOAT32)));
    return {
      forward: L.op('Div', [clamped, L.c(6)]),
      backward: L.where(L.op('LessOrEqual', [L.x, L.c(-3)]), L.c(0), L.where(L.op('GreaterOrEqual', [L.x, L.c(3)]), L.c(0), inside)),
    };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    hardsigmoid: HardsigmoidConfig;
  }
}
