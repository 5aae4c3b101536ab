/**
 * What the two panels draw from sampled curves: each curve's f and f′ with
 * its kink dots, or, in difference mode, each overlay minus the first curve.
 *
 * @packageDocumentation
 */
import type { PanelSeries } from './plot.js';
import type { Samples } from './sample.js';

/** Line colours, in order of the curves; readable on light and dark backgrounds. */
export const PALETTE: readonly string[] = Object.freeze(['#2f7ed8', '#e4572e', '#2ca25f', '#a05cc4', '#d4a017', '#17a2b8', '#c2185b']);

/** The series of both panels. */
export interface DrawnSeries {
  /** The f panel. */
  readonly f: readonly PanelSeries[];
  /** The f′ panel. */
  readonly df: readonly PanelSeries[];
}

/** Indices of the positions that are kinks of a curve. */
function kinkIndices(xs: Float64Array, kinks: readonly number[]): number[] {
  const set = new Set(kinks);
  const indices: number[] = [];
  xs.forEach((x, i) => {
    if (set.has(x)) indices.push(i);
  });
  return indices;
}

/**
 * The series to draw.
 *
 * @param samples - The curves on shared positions; the first is the main one.
 * @param difference - Draw each later curve minus the first instead of the curves.
 */
export function drawnSeries(samples: Samples, difference: boolean): DrawnSeries {
  const colour = (i: number): string => PALETTE[i % PALETTE.length] as string;
  const [main, ...others] = samples.curves;
  if (difference && main !== undefined) {
    const minus = (a: Float64Array, b: Float64Array): Float64Array => a.map((v, i) => v - (b[i] as number));
    return {
      f: others.map((curve, i) => ({ label: `${curve.label} − ${main.label}`, colour: colour(i + 1), values: minus(curve.ys, main.ys) })),
      df: others.map((curve, i) => ({ label: `${curve.label}′ − ${main.label}′`, colour: colour(i + 1), values: minus(curve.slopes, main.slopes) })),
    };
  }
  return {
    f: samples.curves.map((curve, i) => ({ label: curve.label, colour: colour(i), values: curve.ys })),
    df: samples.curves.map((curve, i) => ({ label: `${curve.label}′`, colour: colour(i), values: curve.slopes, dots: kinkIndices(samples.xs, curve.kinks) })),
  };
}
