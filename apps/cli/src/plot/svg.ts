/**
 * Draws sampled curves as a standalone SVG figure: the activations in an upper
 * panel, their derivatives in a lower one sharing the x axis.
 *
 * @packageDocumentation
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { formatTicks } from '../format.js';
import type { Curve } from './sample.js';

/**
 * Options for {@link renderSvg}.
 * @internal
 */
export interface SvgOptions {
  /** The figure's title, shown on top and as the SVG `<title>`. */
  readonly title: string;
  /** Start of the x range. */
  readonly from: number;
  /** End of the x range. */
  readonly to: number;
}

/** A colour-blind-friendly palette (Okabe & Ito), cycled through. */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

const WIDTH = 800;
const HEIGHT = 660;
const LEFT = 72;
const RIGHT = WIDTH - 24;
const TOP_PANEL = { top: 64, bottom: 400 } as const;
const BOTTOM_PANEL = { top: 448, bottom: 600 } as const;
/** About how many y ticks each panel has. */
const TOP_TICKS = 8;
const BOTTOM_TICKS = 4;

/**
 * Escapes text for an SVG text node or attribute value.
 * @param text - Any text.
 */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Stroke width of curve c of n: earlier curves are drawn wider, so that where
 * curves coincide (ReLU and Leaky ReLU for x > 0) each shows as a stripe.
 */
function strokeWidth(c: number, n: number): number {
  return 2 + 1.75 * (n - 1 - c);
}

/** Rounds a pixel coordinate for compact, stable output. */
function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The smallest and largest finite values across arrays, with 0 included; [−1, 1] when they are all 0. */
function extent(arrays: readonly Float64Array[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const values of arrays) {
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** The share of a panel's height left free beyond a curve that reaches its round top or bottom value. */
const MARGIN = 0.04;

/**
 * A y scale for a panel: the values' extent (0 included) made nice for
 * about `count` ticks, then widened by a small margin on a side only where
 * a curve reaches that round value, so that it is not drawn on the frame.
 *
 * @remarks
 * Padding before `nice` would push a bounded curve past a round value and
 * double the domain: sigmoid′ and tanh′ on [0, 1] would get [−0.5, 1.5]
 * with four ticks. Widening after `nice` keeps [0, 1], a little wider,
 * with ticks at its round values: the ticks are those of the nice domain,
 * so the first and last fall on its ends.
 */
function yScale(arrays: readonly Float64Array[], range: readonly [number, number], count: number): { y: ScaleLinear<number, number>; yTicks: number[] } {
  const [lo, hi] = extent(arrays);
  const scale = scaleLinear().domain([lo, hi]).range(range).nice(count);
  const yTicks = scale.ticks(count);
  const [niceLo, niceHi] = scale.domain() as [number, number];
  const margin = (niceHi - niceLo) * MARGIN;
  return { y: scale.domain([lo - niceLo < margin ? niceLo - margin : niceLo, niceHi - hi < margin ? niceHi + margin : niceHi]), yTicks };
}

interface Panel {
  readonly id: string;
  readonly label: string;
  readonly x: ScaleLinear<number, number>;
  readonly y: ScaleLinear<number, number>;
  readonly top: number;
  readonly bottom: number;
  /** The y tick values. */
  readonly yTicks: readonly number[];
}

function grid(panel: Panel, xTicks: readonly number[]): string[] {
  const { x, y, top, bottom } = panel;
  const { yTicks } = panel;
  const parts: string[] = [];
  for (const t of xTicks) parts.push(`<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${top}" y2="${bottom}"/>`);
  for (const t of yTicks) parts.push(`<line class="grid" x1="${LEFT}" x2="${RIGHT}" y1="${px(y(t))}" y2="${px(y(t))}"/>`);
  const [xLo, xHi] = x.domain() as [number, number];
  const [yLo, yHi] = y.domain() as [number, number];
  if (xLo < 0 && xHi > 0) parts.push(`<line class="zero" x1="${px(x(0))}" x2="${px(x(0))}" y1="${top}" y2="${bottom}"/>`);
  if (yLo < 0 && yHi > 0) parts.push(`<line class="zero" x1="${LEFT}" x2="${RIGHT}" y1="${px(y(0))}" y2="${px(y(0))}"/>`);
  parts.push(`<rect class="frame" x="${LEFT}" y="${top}" width="${RIGHT - LEFT}" height="${bottom - top}"/>`);
  formatTicks(yTicks).forEach((label, i) => {
    parts.push(`<text class="tick" x="${LEFT - 8}" y="${px(y(yTicks[i] as number))}" text-anchor="end" dominant-baseline="middle">${label}</text>`);
  });
  const middle = (top + bottom) / 2;
  parts.push(`<text class="axis-label" x="18" y="${px(middle)}" transform="rotate(-90 18 ${px(middle)})" text-anchor="middle">${escape(panel.label)}</text>`);
  return parts;
}

function curves(panel: Panel, list: readonly Curve[], pick: (curve: Curve) => Float64Array, skipKinks: boolean): string[] {
  const parts: string[] = [`<g clip-path="url(#clip-${panel.id})">`];
  list.forEach((curve, c) => {
    const values = pick(curve);
    const path = line<number>()
      .x((i) => panel.x(curve.xs[i] as number))
      .y((i) => panel.y(values[i] as number))
      .defined((i) => Number.isFinite(values[i]) && !(skipKinks && curve.atKink[i]))
      .digits(2);
    const d = path(Array.from(curve.xs.keys())) ?? '';
    const colour = PALETTE[c % PALETTE.length] as string;
    parts.push(`<path class="curve" data-name="${escape(curve.name)}" d="${d}" stroke="${colour}" stroke-width="${strokeWidth(c, list.length)}"/>`);
    if (skipKinks) {
      curve.xs.forEach((x, i) => {
        if (curve.atKink[i] && Number.isFinite(values[i])) {
          parts.push(`<circle class="kink" data-name="${escape(curve.name)}" cx="${px(panel.x(x))}" cy="${px(panel.y(values[i] as number))}" r="3.5" fill="${colour}"/>`);
        }
      });
    }
  });
  parts.push('</g>');
  return parts;
}

function legend(list: readonly Curve[]): string[] {
  const rowHeight = 20;
  const width = 24 + 36 + Math.max(...list.map((c) => c.label.length)) * 7.2;
  const parts = [`<g class="legend" transform="translate(${LEFT + 12} ${TOP_PANEL.top + 12})">`];
  parts.push(`<rect class="legend-box" width="${px(width)}" height="${list.length * rowHeight + 12}"/>`);
  list.forEach((curve, c) => {
    const y = 16 + c * rowHeight;
    const colour = PALETTE[c % PALETTE.length] as string;
    parts.push(`<line x1="10" x2="40" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="${strokeWidth(c, list.length)}"/>`);
    parts.push(`<text class="legend-label" x="48" y="${y}" dominant-baseline="middle">${escape(curve.label)}</text>`);
  });
  parts.push('</g>');
  return parts;
}

/**
 * Renders the figure.
 *
 * @remarks
 * Earlier curves are drawn wider, so that coinciding curves stay visible.
 * Scales and ticks come from `d3-scale` (domains extended to round tick
 * values, and by a small margin where a curve reaches one), paths from `d3-shape`, whose `defined` accessor breaks a line
 * where a value is not finite and, in the derivative panel, at each kink,
 * where a dot marks the gradient `backward` gives there.
 *
 * @param list - The curves, drawn in order, one colour each.
 * @param options - Title and x range.
 * @returns The SVG document, UTF-8 text with an XML declaration.
 * @internal
 */
export function renderSvg(list: readonly Curve[], options: SvgOptions): string {
  const x = scaleLinear().domain([options.from, options.to]).range([LEFT, RIGHT]);
  const xTicks = x.ticks(10);
  const top: Panel = {
    id: 'activation',
    label: 'f(x)',
    x,
    ...yScale(list.map((c) => c.ys), [TOP_PANEL.bottom, TOP_PANEL.top], TOP_TICKS),
    ...TOP_PANEL,
  };
  const bottom: Panel = {
    id: 'derivative',
    label: 'f\u2032(x)',
    x,
    ...yScale(list.map((c) => c.slopes), [BOTTOM_PANEL.bottom, BOTTOM_PANEL.top], BOTTOM_TICKS),
    ...BOTTOM_PANEL,
  };
  const names = list.map((c) => c.label).join(', ');
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="figure-title figure-desc">`,
    `<title id="figure-title">${escape(options.title)}</title>`,
    `<desc id="figure-desc">${escape(`Upper panel: ${names} for x from ${options.from} to ${options.to}. Lower panel: their derivatives, as backward computes them; dots mark the gradient used at each kink.`)}</desc>`,
    '<style>',
    'text { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; fill: #222; }',
    '.title { font-size: 18px; font-weight: 600; }',
    '.panel-title { font-size: 13px; fill: #555; }',
    '.tick { font-size: 11px; fill: #555; }',
    '.axis-label { font-size: 13px; font-style: italic; }',
    '.legend-label { font-size: 13px; }',
    '.legend-box { fill: #fff; fill-opacity: 0.9; stroke: #bbb; }',
    '.grid { stroke: #e6e6e6; stroke-width: 1; }',
    '.zero { stroke: #666; stroke-width: 1; stroke-dasharray: 5 4; }',
    '.frame { fill: none; stroke: #999; }',
    '.curve { fill: none; stroke-linejoin: round; stroke-linecap: butt; }',
    '</style>',
    '<defs>',
    ...[top, bottom].map((p) => `<clipPath id="clip-${p.id}"><rect x="${LEFT}" y="${p.top}" width="${RIGHT - LEFT}" height="${p.bottom - p.top}"/></clipPath>`),
    '</defs>',
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text class="title" x="${WIDTH / 2}" y="32" text-anchor="middle">${escape(options.title)}</text>`,
    `<g class="panel" id="panel-activation">`,
    `<text class="panel-title" x="${LEFT}" y="${TOP_PANEL.top - 8}">activation</text>`,
    ...grid(top, xTicks),
    ...curves(top, list, (c) => c.ys, false),
    '</g>',
    `<g class="panel" id="panel-derivative">`,
    `<text class="panel-title" x="${LEFT}" y="${BOTTOM_PANEL.top - 8}">derivative (dots: the gradient used at a kink)</text>`,
    ...grid(bottom, xTicks),
    ...curves(bottom, list, (c) => c.slopes, true),
    '</g>',
    ...formatTicks(xTicks).map(
      (label, i) => `<text class="tick" x="${px(x(xTicks[i] as number))}" y="${BOTTOM_PANEL.bottom + 18}" text-anchor="middle">${label}</text>`,
    ),
    `<text class="axis-label" x="${px((LEFT + RIGHT) / 2)}" y="${BOTTOM_PANEL.bottom + 44}" text-anchor="middle">x</text>`,
    ...legend(list),
    '</svg>',
    '',
  ];
  return parts.join('\n');
}
