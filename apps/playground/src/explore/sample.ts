/**
 * Samples activations and their derivatives over a range through their own
 * `forward` and `backward`, on one shared set of positions so that curves
 * can be drawn together and subtracted.
 *
 * @packageDocumentation
 */
import { tensor, type Activation, type AnyActivationPlugin } from '@rectify/core';

/** One activation sampled at the shared positions. */
export interface SampledCurve {
  /** The plugin's canonical name. */
  readonly name: string;
  /** The legend label. */
  readonly label: string;
  /** f at each position, eval mode, float64. */
  readonly ys: Float64Array;
  /** The gradient `backward` gives for dy = 1 at each position. */
  readonly slopes: Float64Array;
  /** The declared kinks inside the range: at these the derivative is the subgradient Rectify chose. */
  readonly kinks: readonly number[];
}

/** Curves on shared positions. */
export interface Samples {
  /** Increasing positions: an even grid, every curve's kinks and a point just either side of each. */
  readonly xs: Float64Array;
  /** One entry per activation, in the order given. */
  readonly curves: readonly SampledCurve[];
}

/** An activation to sample, with its plugin and label. */
export interface CurveSource {
  /** Its plugin, for the kinks and the name. */
  readonly plugin: AnyActivationPlugin;
  /** The activation, created with its config. */
  readonly activation: Activation;
  /** The legend label. */
  readonly label: string;
}

/**
 * f and f′ at given positions, eval mode, in float64.
 *
 * @param activation - An elementwise activation.
 * @param xs - Positions.
 */
export function evaluate(activation: Activation, xs: Float64Array): { ys: Float64Array; slopes: Float64Array } {
  const { y, backward } = activation.forward(tensor(Float64Array.from(xs)), { training: false });
  const slopes = backward(tensor(new Float64Array(xs.length).fill(1))).data;
  return { ys: Float64Array.from(y.data), slopes: Float64Array.from(slopes) };
}

/**
 * Samples each source at `count` evenly spaced points from `from` to `to`,
 * plus every declared kink inside the range and its neighbours at a
 * billionth of the range, so corners are drawn sharp and jumps of the
 * derivative vertical.
 *
 * @param sources - The activations, elementwise.
 * @param from - Start of the range.
 * @param to - End, greater than `from`.
 * @param count - Evenly spaced points, at least 2.
 */
export function sampleCurves(sources: readonly CurveSource[], from: number, to: number, count: number): Samples {
  const epsilon = (to - from) * 1e-9;
  const kinksOf = sources.map(({ plugin, activation }) => plugin.traits.kinks(activation).filter((k) => k > from && k < to));
  const positions = new Set<number>();
  for (let i = 0; i < count; i++) positions.add(i === count - 1 ? to : from + ((to - from) * i) / (count - 1));
  for (const kinks of kinksOf) for (const k of kinks) positions.add(k).add(k - epsilon).add(k + epsilon);
  const xs = Float64Array.from([...positions].sort((a, b) => a - b));
  const curves = sources.map(({ plugin, activation, label }, i) => ({ name: plugin.name, label, ...evaluate(activation, xs), kinks: kinksOf[i] ?? [] }));
  return { xs, curves };
}
