import { L, defineElementwise, numberField, type ActivationPlugin } from '@rectify/core';

/**
 * The hyperparameters of Threshold.
 * @public
 */
export interface ThresholdConfig {
  /**
   * The threshold t: inputs at or below it are replaced by `value`. Any
   * finite number; in float32 it is rounded to float32 first, as PyTorch
   * rounds it.
   * @defaultValue `0`
   */
  readonly threshold: number;
  /**
   * What replaces an input at or below the threshold. Any finite number; in
   * float32 it is rounded to float32 first.
   * @defaultValue `0`
   */
  readonly value: number;
}

/**
 * The Threshold plugin: `threshold(x) = x if x > threshold else value`.
 *
 * @remarks
 * Forward: value where x ≤ threshold, x otherwise, as PyTorch's `threshold`
 * kernel selects it (its test is x ≤ threshold, so NaN passes through, and
 * with the defaults threshold(±0) = +0, the value). Backward: dy where
 * x \> threshold or x is NaN, a selected +0 where x ≤ threshold, whatever dy
 * holds (`threshold_backward`, whose paths agree). Bit for bit PyTorch's
 * (`F.threshold`) in float32 and float64, with both numbers rounded to
 * float32 for float32 data. With the defaults it is ReLU, except that
 * relu(−0) = −0 where threshold(−0) = +0.
 *
 * Canonical name `threshold`; alias `Threshold`. Config `threshold` and
 * `value`, both default 0 (PyTorch requires both). Gain 1: PyTorch's
 * `calculate_gain` has none, and the variance-preserving 1/√E[f(z)²]
 * depends on both numbers and grows without bound as the threshold rises
 * with value 0 (√2 for the defaults). Discontinuous at the threshold unless
 * value = threshold, where it jumps by |threshold − value|: no finite
 * Lipschitz constant then (∞), else 1; a kink at the threshold; range
 * [min(threshold, value), ∞]; non-decreasing when value ≤ threshold (no
 * direction is declared, since other configs have none); asymptotes y = x
 * and y = value. Lowered with Where, with PyTorch's backward; a value given
 * as −0 comes out +0 from ONNX Runtime, whose `Where` drops the sign of a −0
 * taken from its second input.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { threshold } from '@rectify/shrink';
 *
 * const act = createRegistry().use(threshold).create('threshold', { threshold: 1.5, value: -2 });
 * const { y, backward } = act.forward(tensor([-1, 1.5, 2, 3]));
 * // y: [-2, -2, 2, 3]
 * const dx = backward(tensor([1, 1, 1, 1])); // [0, 0, 1, 1]
 * ```
 * @public
 */
export const threshold: ActivationPlugin<'threshold', ThresholdConfig> = defineElementwise({
  name: 'threshold',
  displayName: 'Threshold',
  aliases: ['Threshold'],
  summary: 'x where x > threshold, else value.',
  fields: {
    threshold: numberField(0, 'The threshold t: inputs at or below it are replaced by value.'),
    value: numberField(0, 'What replaces inputs at or below the threshold.'),
  },
  f: (x, config) => (x <= config.threshold ? config.value : x),
  df: (x, _y, config) => (x <= config.threshold ? 0 : 1),
  float32: (config) => ({ threshold: Math.fround(config.threshold), value: Math.fround(config.value) }),
  traits: {
    lipschitz: ({ config }) => (config.value === config.threshold ? 1 : Infinity),
    kinks: ({ config }) => [config.threshold],
    range: ({ config }) => [Math.min(config.threshold, config.value), Infinity],
    asymptotes: ({ config }) => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: config.value } }),
  },
  gain: 1,
  loops: {
    forward: ({ threshold: t, value }) => (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i] as number;
        y[i] = v <= t ? value : v;
      }
    },
    backward: ({ threshold: t }) => (x, dy, dx) => {
      for (let i = 0; i < x.length; i++) dx[i] = (x[i] as number) <= t ? 0 : (dy[i] as number);
    },
  },
  lowering: ({ threshold: t, value }) => {
    const replaced = L.op('LessOrEqual', [L.x, L.c(t)]);
    return { forward: L.where(replaced, L.c(value), L.x), backward: L.where(replaced, L.c(0), L.dy) };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    threshold: ThresholdConfig;
  }
}
