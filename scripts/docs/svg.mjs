// @ts-check
/**
 * A small SVG writer for the documentation plots: one or more panels side by
 * side, each with axes, a grid, line series (broken where they jump), point
 * series and labelled markers. It has no dependencies and produces the same
 * bytes for the same input.
 */

/**
 * @typedef {{ x: number, y: number }} Point
 * @typedef {{ kind: 'line', points: readonly Point[], color: string, label: string, dashed?: boolean }} LineSeries
 * @typedef {{ kind: 'points', points: readonly Point[], color: string, label: string }} PointSeries
 * @typedef {{ x: number, y: number, label: string, color: string }} Marker
 * @typedef {{
 *   title: string,
 *   xDomain: readonly [number, number],
 *   series: readonly (LineSeries | PointSeries)[],
 *   markers?: readonly Marker[],
 * }} Panel
 */

const PANEL_WIDTH = 360;
const PANEL_HEIGHT = 260;
const MARGIN = { top: 34, right: 16, bottom: 30, left: 42 };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';
const SMALL = `${FONT} font-size="11"`;

/** @param {string} text */
function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** @param {number} value */
function fmt(value) {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** @param {number} value */
function tickLabel(value) {
  const rounded = Number(value.toPrecision(6));
  return Object.is(rounded, -0) ? '0' : String(rounded).replace('-', '−');
}

/**
 * Tick positions at a round step (1, 2 or 5 times a power of ten) covering a range.
 * @param {number} min
 * @param {number} max
 * @param {number} count - About how many ticks.
 * @returns {{ step: number, ticks: number[] }}
 */
export function niceTicks(min, max, count) {
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  return { step, ticks };
}

/**
 * The y range of a panel: the data's extent with 0 included, padded, snapped
 * to round ticks.
 * @param {Panel} panel
 * @returns {[number, number]}
 */
function yDomain(panel) {
  let lo = 0;
  let hi = 0;
  const visit = (/** @type {Point} */ p) => {
    if (Number.isFinite(p.y)) {
      lo = Math.min(lo, p.y);
      hi = Math.max(hi, p.y);
    }
  };
  for (const s of panel.series) s.points.forEach(visit);
  for (const m of panel.markers ?? []) visit(m);
  if (hi - lo < 1) hi = lo + 1;
  const pad = (hi - lo) * 0.08;
  const { step } = niceTicks(lo - pad, hi + pad, 5);
  return [Math.floor((lo - pad) / step) * step, Math.ceil((hi + pad) / step) * step];
}

/**
 * Splits a line where consecutive points jump by more than `threshold`, so a
 * step is drawn as a step and not as a steep segment.
 * @param {readonly Point[]} points
 * @param {number} threshold
 */
function segments(points, threshold) {
  /** @type {Point[][]} */
  const parts = [];
  /** @type {Point[]} */
  let current = [];
  for (const p of points) {
    const last = current[current.length - 1];
    if (!Number.isFinite(p.y) || (last !== undefined && Math.abs(p.y - last.y) > threshold)) {
      if (current.length > 0) parts.push(current);
      current = [];
    }
    if (Number.isFinite(p.y)) current.push(p);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * @param {Panel} panel
 * @param {number} offsetX
 * @param {string} clipId
 */
function renderPanel(panel, offsetX, clipId) {
  const [x0, x1] = panel.xDomain;
  const [y0, y1] = yDomain(panel);
  const w = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const h = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (/** @type {number} */ x) => MARGIN.left + ((x - x0) / (x1 - x0)) * w;
  const sy = (/** @type {number} */ y) => MARGIN.top + (1 - (y - y0) / (y1 - y0)) * h;
  const out = [`<g transform="translate(${offsetX},0)">`];
  out.push(`<clipPath id="${clipId}"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${w}" height="${h}"/></clipPath>`);
  out.push(`<text x="${MARGIN.left}" y="16" ${FONT} font-size="13" font-weight="600" fill="#111">${escapeXml(panel.title)}</text>`);
  for (const t of niceTicks(x0, x1, 10).ticks) {
    out.push(`<line x1="${fmt(sx(t))}" y1="${MARGIN.top}" x2="${fmt(sx(t))}" y2="${MARGIN.top + h}" stroke="${t === 0 ? '#888' : '#e5e5e5'}" stroke-width="1"/>`);
    out.push(`<text x="${fmt(sx(t))}" y="${MARGIN.top + h + 14}" ${SMALL} fill="#444" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  for (const t of niceTicks(y0, y1, 5).ticks) {
    out.push(`<line x1="${MARGIN.left}" y1="${fmt(sy(t))}" x2="${MARGIN.left + w}" y2="${fmt(sy(t))}" stroke="${t === 0 ? '#888' : '#e5e5e5'}" stroke-width="1"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${fmt(sy(t) + 4)}" ${SMALL} fill="#444" text-anchor="end">${tickLabel(t)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${w}" height="${h}" fill="none" stroke="#bbb"/>`);
  const threshold = (y1 - y0) * 0.05;
  out.push(`<g clip-path="url(#${clipId})">`);
  for (const s of panel.series) {
    if (s.kind === 'line') {
      for (const part of segments(s.points, threshold)) {
        const d = part.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(sx(p.x))},${fmt(sy(p.y))}`).join('');
        out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5 4"' : ''}/>`);
      }
    } else {
      for (const p of s.points) if (Number.isFinite(p.y)) out.push(`<circle cx="${fmt(sx(p.x))}" cy="${fmt(sy(p.y))}" r="1.6" fill="${s.color}" fill-opacity="0.55"/>`);
    }
  }
  for (const m of panel.markers ?? []) {
    out.push(`<circle cx="${fmt(sx(m.x))}" cy="${fmt(sy(m.y))}" r="4" fill="${m.color}" stroke="#fff" stroke-width="1.5"/>`);
  }
  out.push('</g>');
  for (const m of panel.markers ?? []) {
    const above = sy(m.y) > MARGIN.top + 24;
    out.push(`<text x="${fmt(sx(m.x) + 7)}" y="${fmt(sy(m.y) + (above ? -8 : 16))}" ${SMALL} fill="${m.color}">${escapeXml(m.label)}</text>`);
  }
  let legendY = MARGIN.top + 14;
  for (const s of panel.series) {
    if (s.label === '') continue;
    if (s.kind === 'line' && s.dashed === true) {
      out.push(`<line x1="${MARGIN.left + 8}" y1="${legendY - 3.5}" x2="${MARGIN.left + 20}" y2="${legendY - 3.5}" stroke="${s.color}" stroke-width="2" stroke-dasharray="4 2"/>`);
    } else {
      out.push(`<rect x="${MARGIN.left + 8}" y="${legendY - 5}" width="12" height="3" fill="${s.color}"/>`);
    }
    out.push(`<text x="${MARGIN.left + 24}" y="${legendY}" ${SMALL} fill="#222">${escapeXml(s.label)}</text>`);
    legendY += 14;
  }
  out.push('</g>');
  return out.join('\n');
}

/**
 * Renders panels side by side as a standalone SVG document.
 *
 * @param {{ title: string, description: string, panels: readonly Panel[] }} figure
 * @returns {string}
 */
export function renderFigure(figure) {
  const width = PANEL_WIDTH * figure.panels.length;
  const body = figure.panels.map((panel, i) => renderPanel(panel, i * PANEL_WIDTH, `clip${i}`)).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL_HEIGHT}" viewBox="0 0 ${width} ${PANEL_HEIGHT}" role="img" aria-labelledby="title desc">`,
    `<title id="title">${escapeXml(figure.title)}</title>`,
    `<desc id="desc">${escapeXml(figure.description)}</desc>`,
    `<rect width="${width}" height="${PANEL_HEIGHT}" fill="#fff"/>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}
