import { L, defineElementwise, type ActivationPlugin } from '@rectify/core';
import { roundingOf } from '@rectify/core';

/**
 * Hardswish takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HardswishConfig {}

/** x·min(max(x + 3, 0), 6) / 6 with each operation rounded by `round`, as the dtype's arithmetic rounds it. */
function hardswishAt(x: number, round: (v: number) => number): number {
  const shifted = round(x + 3);
  const gate = shifted < 0 ? 0 : shifted > 6 ? 6 : shifted;
  return round(round(x * gate) / 6);
}

/**
 * PyTorch's hardswish_backward as its vectorised CPU kernel selects: 0 below
 * −3, 1 from 3 up, x/3 + ½ between (so −½ at −3), NaN at NaN, each
 * operation rounded by `round`. The result multiplies dy, except where 0 or
 * 1 is selected (see the loop).
 */
function hardswishSlope(x: number, round: (v: number) => number): number {
  return x < -3 ? 0 : x >= 3 ? 1 : round(round(x / 3) + 0.5);
}

/**
 * The Hardswish plugin: `hardswish(x) = x·min(max(x + 3, 0), 6) / 6`.
 *
 * @remarks
 * Forward: −0 for x \< −3 (x·0), x for x ≥ 3, x·(x + 3)/6 between, computed
 * as PyTorch's CPU kernel computes it, each step rounded in the dtype, so it
 * matches `torch.nn.functional.hardswish` bit for bit in float32 and
 * float64, −0 included. As in PyTorch, hardswish(−∞) = NaN (−∞·0),
 * hardswish(+∞) = +∞, and in float32 x·6 overflows to +∞ for x above
 * 5.7e37.
 * Backward, as PyTorch's vectorised kernel: dx = +0 selected for x \< −3
 * (whatever dy holds), dx = dy selected for x ≥ 3, and dx = dy·(x/3 + ½)
 * for −3 ≤ x \< 3, rounded per step in float32: −½·dy at x = −3 and NaN at
 * NaN. (PyTorch's scalar kernel, which handles the last few elements of a
 * tensor, gives 1.5·dy at x = 3 and dy at NaN instead; the vectorised
 * answer is the one given here for every element.)
 *
 * Canonical name `hardswish`; alias `Hardswish`. Gain 1.7367 (PyTorch's
 * `calculate_gain` has none): the variance-preserving 1/√E[f(z)²] for
 * z ~ N(0, 1), computed numerically. Lipschitz constant 1.5 (the slope just
 * below 3); kinks at ±3; range [−0.375, ∞], the minimum at x = −1.5; not
 * monotonic; asymptotes y = x at +∞ and y = 0 at −∞. Lowered with Where over
 * Add, Mul and Div, and its backward given.
 *
 * Howard et al. (2019), "Searching for MobileNetV3".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { hardswish } from '@rectify/sigmoid';
 *
 * const act = createRegistry().use(hardswish).create('hardswish');
 * const { y, backward } = act.forward(tensor([-4, -3, -1.5, 1, 3]));
 * // y: [-0, -0, -0.375, 0.6666666666666666, 3]
 * const dx = backward(tensor([1, 1, 1, 1, 1])); // [0, -0.5, 0, 0.8333333333333333, 1]
 * ```
 * @public
 */
export const hardswish: ActivationPlugin<'hardswish', HardswishConfig> = defineElementwise({
  name: 'hardswish',
  displayName: 'Hardswish',
  aliases: ['Hardswish'],
  summary: 'Piecewise hard swish: x·min(max(x + 3, 0), 6) / 6.',
  reference: 'Howard et al., "Searching for MobileNetV3", ICCV 2019.',
  fields: {},
  f: (x) => hardswishAt(x, roundingOf('float64')),
  df: (x) => hardswishSlope(x, roundingOf('float64')),
  traits: {
    lipschitz: () => 1.5,
    kinks: () => [-3, 3],
    range: () => [-0.375, Infinity],
    asymptotes: () => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: 0 } }),
  },
  loops: {
    forward: (_config, dtype) => {
      const round = roundingOf(dtype);
      return (x, y) => {
        for (let i = 0; i < x.length; i++) y[i] = hardswishAt(x[i] as number, round);
      };
    },
    backward: (_config, dtype) => {
      const round = roundingOf(dtype);
      return (x, dy, dx) => {
        for (let i = 0; i < x.length; i++) {
          const v = x[i] as number;
          const g = dy[i] as number;
          // Selected, not multiplied: +0 below −3 and dy itself from 3 up, whatever dy holds.
          dx[i] = v < -3 ? 0 : v >= 3 ? g : g * hardswishSlope(v, round);
        }
      };
    },
  },
  lowering: () => {
    const shifted = L.op('Add', [L.x, L.c(3)]);
    const gate = L.where(L.op('Less', [shifted, L.c(0)]), L.c(0), L.where(L.greater(shifted, L.c(6)), L.c(6), shifted));
    // The slope in a Where's second input is never −0 (x/3 + ½ is +0 at x = −1.5), so ONNX Runtime keeps it; dy·slope, which may be −0, sits in a third input.
    const slope = L.where(L.op('GreaterOrEqual', [L.x, L.c(3)]), L.c(1), L.op('Add', [L.op('Div', [L.x, L.c(3)]), L.c(0.5)]));
    return {
      forward: L.op('Div', [L.mul(L.x, gate), L.c(6)]),
      backward: L.where(L.op('Less', [L.x, L.c(-3)]), L.c(0), L.mul(L.dy, slope)),
    };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    hardswish: HardswishConfig;
  }
}
