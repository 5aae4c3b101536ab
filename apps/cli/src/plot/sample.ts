/**
 * Samples an activation and its derivative over a range, through the
 * activation's own `forward` and `backward`.
 *
 * @packageDocumentation
 */
import { tensor, type AnyActivationPlugin } from '@rectify/core';
import { UsageError } from '../errors.js';

/**
 * One activation sampled over a range.
 * @internal
 */
export interface Curve {
  /** The plugin's canonical name. */
  readonly name: string;
  /** The legend label: the display name, its config when not the default, and "(eval)" for stochastic plugins. */
  readonly label: string;
  /** Sample positions, increasing; they include every kink in the range and a point just either side of it. */
  readonly xs: Float64Array;
  /** f(x) at each position, eval mode. */
  readonly ys: Float64Array;
  /** The gradient `backward` gives for dy = 1 at each position. */
  readonly slopes: Float64Array;
  /** Whether each position is a kink, where the derivative is a chosen subgradient rather than a limit. */
  readonly atKink: readonly boolean[];
}

function configLabel(plugin: AnyActivationPlugin, config: Readonly<Record<string, unknown>>): string {
  const changed = Object.keys(config).filter((key) => !Object.is(config[key], (plugin.defaults as Record<string, unknown>)[key]));
  return changed.length === 0 ? '' : ` (${changed.map((key) => `${key}=${String(config[key])}`).join(', ')})`;
}

/**
 * Samples f and f′ at `samples` evenly spaced points from `from` to `to`, plus
 * each kink inside the range and its two nearest neighbours at a distance of
 * a billionth of the range, so that corners are drawn sharp and the
 * derivative's jumps vertical.
 *
 * @remarks
 * The activation runs in eval mode, in float64. The derivative is what
 * `backward` returns for an output gradient of 1, so at a kink it is the
 * subgradient the implementation chose (ReLU: 0 at 0).
 *
 * @param plugin - An elementwise plugin.
 * @param config - Its validated config.
 * @param from - Start of the range.
 * @param to - End of the range, greater than `from`.
 * @param samples - Evenly spaced points, at least 2.
 * @param sharpKinks - Add the kinks and their neighbours to the samples
 * (for SVG); without them each sample is one terminal column.
 * @throws {@link UsageError} for a plugin that is not elementwise, which has no curve y = f(x).
 * @internal
 */
export function sampleCurve(plugin: AnyActivationPlugin, config: Readonly<Record<string, unknown>>, from: number, to: number, samples: number, sharpKinks: boolean): Curve {
  if (!plugin.traits.elementwise) {
    throw new UsageError(
      `${plugin.name} is not elementwise: each output is computed from a group of inputs, so it has no curve y = f(x) to plot. Try rectify eval ${plugin.name} with a group of inputs instead.`,
    );
  }
  const activation = plugin.create(config);
  const epsilon = (to - from) * 1e-9;
  const kinks = sharpKinks ? plugin.traits.kinks(activation).filter((k) => k > from && k < to) : [];
  const positions = new Set<number>();
  for (let i = 0; i < samples; i++) positions.add(i === samples - 1 ? to : from + ((to - from) * i) / (samples - 1));
  for (const k of kinks) positions.add(k).add(k - epsilon).add(k + epsilon);
  const xs = Float64Array.from([...positions].sort((a, b) => a - b));
  const { y, backward } = activation.forward(tensor(xs));
  const slopes = backward(tensor(new Float64Array(xs.length).fill(1))).data;
  const kinkSet = new Set(kinks);
  const stochastic = plugin.traits.stochastic ? ' (eval)' : '';
  return {
    name: plugin.name,
    label: `${plugin.displayName}${stochastic}${configLabel(plugin, config)}`,
    xs,
    ys: Float64Array.from(y.data),
    slopes: Float64Array.from(slopes),
    atKink: Array.from(xs, (x) => kinkSet.has(x)),
  };
}
