/**
 * Exports of what the plot shows: an SVG drawn from the same series, a PNG
 * of the two panels' canvases, and the activation as Rectify JSON.
 *
 * @packageDocumentation
 */
import type { Activation } from '@rectify/core';
import { download } from '../dom.js';
import type { PanelSeries } from './plot.js';
import type { DrawnSeries } from './drawn.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const PANEL_HEIGHT = 240;
const MARGIN = { left: 56, right: 16, top: 28, bottom: 28 };

function svgElement(tag: string, attributes: Readonly<Record<string, string | number>>, text?: string): SVGElement {
  const node = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The finite extent of some series, padded, never empty. */
function extent(series: readonly PanelSeries[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const s of series) for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i] as number;
    if (Number.isFinite(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
  }
  if (!(low <= high)) return [-1, 1];
  const pad = (high - low) * 0.05 || 1;
  return [low - pad, high + pad];
}

function panel(xs: ArrayLike<number>, series: readonly PanelSeries[], title: string, top: number): SVGElement {
  const group = svgElement('g', { transform: `translate(0 ${top})` });
  const [x0, x1] = [xs[0] as number, xs[xs.length - 1] as number];
  const [y0, y1] = extent(series);
  const px = (x: number): number => MARGIN.left + ((x - x0) / (x1 - x0)) * (WIDTH - MARGIN.left - MARGIN.right);
  const py = (y: number): number => PANEL_HEIGHT - MARGIN.bottom - ((y - y0) / (y1 - y0)) * (PANEL_HEIGHT - MARGIN.top - MARGIN.bottom);
  group.append(svgElement('text', { x: MARGIN.left, y: 18, 'font-size': 13 }, title));
  group.append(svgElement('rect', { x: MARGIN.left, y: MARGIN.top, width: WIDTH - MARGIN.left - MARGIN.right, height: PANEL_HEIGHT - MARGIN.top - MARGIN.bottom, fill: 'none', stroke: '#999' }));
  for (const [value, anchor] of [[y0, 'end'], [y1, 'end']] as const) group.append(svgElement('text', { x: MARGIN.left - 6, y: py(value) + 4, 'text-anchor': anchor, 'font-size': 11 }, value.toPrecision(3)));
  group.append(svgElement('text', { x: MARGIN.left, y: PANEL_HEIGHT - 8, 'font-size': 11 }, String(x0)));
  group.append(svgElement('text', { x: WIDTH - MARGIN.right, y: PANEL_HEIGHT - 8, 'text-anchor': 'end', 'font-size': 11 }, String(x1)));
  for (const s of series) {
    const dots = new Set(s.dots ?? []);
    let d = '';
    let pen = false;
    for (let i = 0; i < xs.length; i++) {
      const v = s.values[i] as number;
      if (!Number.isFinite(v) || dots.has(i)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${px(xs[i] as number).toFixed(2)} ${py(v).toFixed(2)}`;
      pen = true;
    }
    const line = svgElement('path', { d, fill: 'none', stroke: s.colour, 'stroke-width': 2 });
    line.append(svgElement('title', {}, s.label));
    group.append(line);
    for (const i of dots) {
      const v = s.values[i] as number;
      if (Number.isFinite(v)) group.append(svgElement('circle', { cx: px(xs[i] as number).toFixed(2), cy: py(v).toFixed(2), r: 4, fill: s.colour }));
    }
  }
  return group;
}

/**
 * Writes the plot as an SVG document: f above, f′ below with a dot for the
 * gradient used at each kink.
 *
 * @param xs - The shared positions.
 * @param drawn - The series of both panels.
 * @returns The SVG text.
 */
export function plotSvg(xs: ArrayLike<number>, drawn: DrawnSeries): string {
  const svg = svgElement('svg', { xmlns: SVG_NS, width: WIDTH, height: 2 * PANEL_HEIGHT, viewBox: `0 0 ${WIDTH} ${2 * PANEL_HEIGHT}`, 'font-family': 'sans-serif' });
  svg.append(svgElement('title', {}, drawn.f.map((s) => s.label).join(', ')));
  svg.append(panel(xs, drawn.f, 'f(x)', 0), panel(xs, drawn.df, 'f′(x) (dots: the gradient used at a kink)', PANEL_HEIGHT));
  return new XMLSerializer().serializeToString(svg);
}

/**
 * Downloads the plot as SVG.
 * @param xs - The shared positions.
 * @param drawn - The series.
 */
export function exportSvg(xs: ArrayLike<number>, drawn: DrawnSeries): void {
  download(new Blob([plotSvg(xs, drawn)], { type: 'image/svg+xml' }), 'rectify-plot.svg');
}

/**
 * Downloads the two panels, one above the other, as PNG.
 * @param canvases - The panels' canvases.
 */
export function exportPng(canvases: readonly HTMLCanvasElement[]): void {
  const out = document.createElement('canvas');
  out.width = Math.max(...canvases.map((c) => c.width));
  out.height = canvases.reduce((sum, c) => sum + c.height, 0);
  const ctx = out.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  let top = 0;
  for (const c of canvases) {
    ctx.drawImage(c, 0, top);
    top += c.height;
  }
  out.toBlob((blob) => {
    if (blob) download(blob, 'rectify-plot.png');
  }, 'image/png');
}

/**
 * Downloads an activation as Rectify JSON, which `registry.fromJSON` reads back.
 * @param activation - The activation.
 */
export function exportJson(activation: Activation): void {
  download(new Blob([`${JSON.stringify(activation.toJSON(), null, 2)}\n`], { type: 'application/json' }), `${activation.name}.json`);
}
