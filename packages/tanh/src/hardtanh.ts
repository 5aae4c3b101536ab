import { RectifyError, defineElementwise, describeValue, numberField, type ActivationPlugin } from '@rectify/core';
import { clamp, clampBackward, clampForward, clampLowering, clampPasses } from './clamp.js';

/**
 * The bounds of Hardtanh's output.
 * @public
 */
export interface HardtanhConfig {
  /**
   * The lower bound: inputs below it give `minVal`. Any finite number up to
   * `maxVal`; in float32 it is rounded to float32 first, as PyTorch rounds it.
   * @defaultValue `-1`
   */
  readonly minVal: number;
  /**
   * The upper bound: inputs above it give `maxVal`. Any finite number from
   * `minVal` on; in float32 it is rounded to float32 first.
   * @defaultValue `1`
   */
  readonly maxVal: number;
}

/**
 * The Hardtanh plugin: `hardtanh(x) = min(max(x, minVal), maxVal)`.
 *
 * @remarks
 * Forward: minVal where x \< minVal, maxVal where x \> maxVal, x itself
 * otherwise, so NaN stays NaN and a zero keeps its sign, as PyTorch's
 * `clamp` (which `F.hardtanh` calls) gives it. In float32 both bounds are
 * rounded to float32 first, so 0.1 clamps at 0.10000000149011612.
 *
 * Backward: dx = dy strictly between the bounds and a selected +0 at and
 * beyond them, whatever dy holds, as PyTorch's `hardtanh_backward` gives:
 * the gradient at x = minVal and x = maxVal is 0. At NaN PyTorch's
 * vectorised kernel gives 0 and its scalar one (used for the last few
 * elements of a tensor) dy; Rectify gives dy, the gradient of the branch
 * its forward takes for NaN (x passes through), as ReLU's does. Values and
 * gradients equal PyTorch's bit for bit in float32 and float64.
 *
 * Config: `minVal` ≤ `maxVal`, both finite (`{ minVal: 0, maxVal: 6 }` is
 * {@link relu6}); equal bounds give a constant. Canonical name `hardtanh`;
 * alias `Hardtanh`. Gain 5/3, tanh's, which hardtanh approximates
 * (PyTorch's `calculate_gain` has no hardtanh; the variance-preserving
 * 1/√E[f(z)²] depends on the bounds, is 1.392 for the default ones and is
 * infinite for minVal = maxVal = 0). Lipschitz constant 1; kinks at both
 * bounds; range [minVal, maxVal]; increasing; asymptotes y = minVal and
 * y = maxVal. Lowered with Where, and PyTorch's backward given.
 *
 * From Collobert (2004), "Large Scale Machine Learning", PhD thesis,
 * Université Paris VI, as a cheap stand-in for tanh.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { hardtanh } from '@rectify/tanh';
 *
 * const act = createRegistry().use(hardtanh).create('hardtanh', { minVal: -1, maxVal: 1 });
 * const { y, backward } = act.forward(tensor([-2, -1, 0.5, 1, 2]));
 * // y: [-1, -1, 0.5, 1, 1]
 * const dx = backward(tensor([1, 1, 1, 1, 1])); // [0, 0, 1, 0, 0]
 * ```
 * @public
 */
export const hardtanh: ActivationPlugin<'hardtanh', HardtanhConfig> = defineElementwise({
  name: 'hardtanh',
  displayName: 'Hardtanh',
  aliases: ['Hardtanh'],
  summary: 'Hard tanh: x clamped to [minVal, maxVal].',
  reference: 'Collobert, "Large Scale Machine Learning", PhD thesis, Université Paris VI, 2004.',
  fields: {
    minVal: numberField(-1, 'Lower bound of the output: inputs below it give minVal (PyTorch default -1).'),
    maxVal: numberField(1, 'Upper bound of the output: inputs above it give maxVal (PyTorch default 1).'),
  },
  check: ({ minVal, maxVal }) => {
    if (!(minVal <= maxVal)) {
      throw new RectifyError('INVALID_CONFIG', `hardtanh: config.maxVal must be at least minVal (${describeValue(minVal)}), got ${describeValue(maxVal)}`, {
        field: 'maxVal',
        value: maxVal,
      });
    }
  },
  f: (x, { minVal, maxVal }) => clamp(x, minVal, maxVal),
  df: (x, _y, { minVal, maxVal }) => (clampPasses(x, minVal, maxVal) ? 1 : 0),
  // PyTorch turns both bounds into float32 scalars before they meet float32 data.
  float32: ({ minVal, maxVal }) => ({ minVal: Math.fround(minVal), maxVal: Math.fround(maxVal) }),
  traits: {
    lipschitz: () => 1,
    kinks: ({ config }) => [config.minVal, config.maxVal],
    range: ({ config }) => [config.minVal, config.maxVal],
    monotonic: () => 'increasing',
    asymptotes: ({ config }) => ({ positive: { slope: 0, intercept: config.maxVal }, negative: { slope: 0, intercept: config.minVal } }),
  },
  gain: 5 / 3,
  loops: {
    forward: ({ minVal, maxVal }) => clampForward(minVal, maxVal),
    backward: ({ minVal, maxVal }) => clampBackward(minVal, maxVal),
  },
  lowering: ({ minVal, maxVal }) => clampLowering(minVal, maxVal),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    hardtanh: HardtanhConfig;
  }
}
