/**
 * A quick plot for the terminal, drawn with box characters by `asciichart`.
 *
 * @packageDocumentation
 */
import * as asciichart from 'asciichart';
import { formatFixed } from '../format.js';
import type { Curve } from './sample.js';

/**
 * Options for {@link renderTerminal}.
 * @internal
 */
export interface TerminalOptions {
  /** The title printed above the charts. */
  readonly title: string;
  /** Start of the x range. */
  readonly from: number;
  /** End of the x range. */
  readonly to: number;
  /** Columns for the curves (one sample per column). */
  readonly width: number;
  /** Whether to colour the curves with ANSI escapes; without colour, each curve gets its own charts. */
  readonly color: boolean;
}

const COLOURS = [asciichart.blue, asciichart.red, asciichart.green, asciichart.magenta, asciichart.yellow, asciichart.cyan];
/** Width of the y labels asciichart prints left of the axis. */
const LABEL_WIDTH = 9;

function chart(series: number[][], height: number, colours: readonly string[] | undefined): string {
  const finite = series.flat().filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (!(hi > lo)) {
    lo = Number.isFinite(lo) ? lo - 1 : -1;
    hi = Number.isFinite(hi) ? hi + 1 : 1;
  }
  return asciichart.plot(series, {
    height,
    min: lo,
    max: hi,
    padding: ' '.repeat(LABEL_WIDTH),
    format: (value) => formatFixed(value, 2).padStart(LABEL_WIDTH),
    ...(colours === undefined ? {} : { colors: [...colours] }),
  });
}

/**
 * Renders the activations in a tall chart and their derivatives in a short
 * one, one sample per column, with the x range under each chart.
 *
 * @remarks
 * With colour, all curves share one pair of charts and a coloured key;
 * without it (output piped, or `NO_COLOR` set) overlaid curves could not be
 * told apart, so each curve gets its own pair, headed by its label.
 *
 * @param curves - Curves sampled at `options.width` evenly spaced points.
 * @param options - Title, range, width, colour.
 * @returns Text lines joined by newlines.
 * @internal
 */
export function renderTerminal(curves: readonly Curve[], options: TerminalOptions): string {
  const axis = `${' '.repeat(LABEL_WIDTH + 1)}${formatFixed(options.from, 1).padEnd(options.width - 8)}${formatFixed(options.to, 1).padStart(8)}`;
  const groups = options.color ? [curves] : curves.map((curve) => [curve]);
  const lines = [options.title];
  for (const group of groups) {
    const colours = options.color ? group.map((_, i) => COLOURS[i % COLOURS.length] as string) : undefined;
    const heading = group
      .map((curve, i) => (colours === undefined ? curve.label : `${asciichart.colored('───', colours[i])} ${curve.label}`))
      .join('   ');
    lines.push('', heading, 'f(x)', chart(group.map((c) => Array.from(c.ys)), 12, colours), axis);
    lines.push('f\u2032(x)', chart(group.map((c) => Array.from(c.slopes)), 4, colours), axis);
  }
  return lines.join('\n');
}
