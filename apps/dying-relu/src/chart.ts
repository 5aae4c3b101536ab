/**
 * An SVG chart of the study: test accuracy and never-active share per epoch,
 * one panel each, one line per run.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { pooledShare } from './report.js';
import type { StudyResult } from './study.js';
import type { EpochRecord, RunResult } from './train.js';

const WIDTH = 1000;
const HEIGHT = 500;
const PANEL = { top: 80, bottom: 380, width: 400 };
const PANEL_LEFTS = [70, 570] as const;
const FONT = 'font-family="system-ui, sans-serif"';

const COLORS: Readonly<Record<string, string>> = {
  relu: '#d62728',
  leaky_relu: '#1f77b4',
  prelu: '#2ca02c',
  rrelu: '#9467bd',
  maxout: '#ff7f0e',
  sigmoid: '#8c564b',
  tanh: '#e377c2',
};
const FALLBACK_COLORS = ['#17becf', '#7f7f7f', '#bcbd22', '#393b79', '#637939'];
const DASHES = ['', '8 5', '2 4', '12 4 3 4'];

/** Escapes text for SVG content and attribute values. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One line of a panel: points (epoch, value) with a colour and dash pattern. */
interface Series {
  readonly color: string;
  readonly dash: string;
  readonly points: readonly (readonly [number, number])[];
  /** The epoch in which the training loss stopped being finite, if it did. */
  readonly divergedAt?: number;
}

function colorOf(activation: string, activations: readonly string[]): string {
  return COLORS[activation] ?? FALLBACK_COLORS[activations.indexOf(activation) % FALLBACK_COLORS.length] ?? '#000';
}

function panel(left: number, title: string, yLabel: string, yDomain: [number, number], epochs: number, series: readonly Series[]): string {
  const right = left + PANEL.width;
  const x = scaleLinear().domain([0, epochs]).range([left, right]);
  const y = scaleLinear().domain(yDomain).nice().range([PANEL.bottom, PANEL.top]);
  const parts: string[] = [];
  parts.push(`<text x="${(left + right) / 2}" y="${PANEL.top - 14}" text-anchor="middle" font-size="15" font-weight="600" ${FONT}>${escape(title)}</text>`);
  for (const tick of y.ticks(5)) {
    const ty = y(tick).toFixed(1);
    parts.push(`<line x1="${left}" x2="${right}" y1="${ty}" y2="${ty}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 8}" y="${ty}" dy="0.32em" text-anchor="end" font-size="12" ${FONT}>${tick}%</text>`);
  }
  for (const tick of x.ticks(Math.min(epochs, 10)).filter(Number.isInteger)) {
    const tx = x(tick).toFixed(1);
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${PANEL.top}" y2="${PANEL.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${tx}" y="${PANEL.bottom + 18}" text-anchor="middle" font-size="12" ${FONT}>${tick}</text>`);
  }
  parts.push(`<rect x="${left}" y="${PANEL.top}" width="${PANEL.width}" height="${PANEL.bottom - PANEL.top}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${(left + right) / 2}" y="${PANEL.bottom + 38}" text-anchor="middle" font-size="13" ${FONT}>epoch</text>`);
  const my = (PANEL.top + PANEL.bottom) / 2;
  parts.push(`<text transform="translate(${left - 48} ${my}) rotate(-90)" text-anchor="middle" font-size="13" ${FONT}>${escape(yLabel)}</text>`);
  const path = line<readonly [number, number]>()
    .x(([epoch]) => x(epoch))
    .y(([, value]) => y(value))
    .defined(([, value]) => Number.isFinite(value));
  const crossesAt = new Map<number, number>();
  for (const { color, dash, points, divergedAt } of series) {
    if (divergedAt !== undefined) {
      // Crosses for the same epoch stack upwards, so that each run's colour shows.
      const stacked = crossesAt.get(divergedAt) ?? 0;
      crossesAt.set(divergedAt, stacked + 1);
      const cx = x(divergedAt);
      const cy = PANEL.bottom - 9 - 13 * stacked;
      parts.push(`<path d="M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}" stroke="${color}" stroke-width="2.5"/>`);
    }
    const d = path(points);
    if (d === null) continue;
    const dashAttribute = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dashAttribute}/>`);
    for (const [epoch, value] of points) {
      if (Number.isFinite(value)) parts.push(`<circle cx="${x(epoch).toFixed(1)}" cy="${y(value).toFixed(1)}" r="2.5" fill="${color}"/>`);
    }
  }
  return parts.join('\n');
}

function legend(result: StudyResult): string {
  const { activations, learningRates } = result.options;
  const parts: string[] = [];
  const rowY = [440, 468];
  let cx = 70;
  for (const activation of activations) {
    const color = colorOf(activation, activations);
    parts.push(`<line x1="${cx}" x2="${cx + 28}" y1="${rowY[0]}" y2="${rowY[0]}" stroke="${color}" stroke-width="3"/>`);
    parts.push(`<text x="${cx + 34}" y="${rowY[0]}" dy="0.32em" font-size="13" ${FONT}>${escape(activation)}</text>`);
    cx += 40 + activation.length * 8 + 24;
  }
  cx = 70;
  if (result.runs.some((run) => run.diverged)) {
    parts.push(`<text x="${WIDTH - 30}" y="${rowY[1]}" dy="0.32em" text-anchor="end" font-size="12" fill="#555" ${FONT}>× diverged: training loss not finite in that epoch</text>`);
  }
  learningRates.forEach((rate, i) => {
    const dash = DASHES[i % DASHES.length] as string;
    const dashAttribute = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
    parts.push(`<line x1="${cx}" x2="${cx + 28}" y1="${rowY[1]}" y2="${rowY[1]}" stroke="#333" stroke-width="2"${dashAttribute}/>`);
    const label = `learning rate ${rate}`;
    parts.push(`<text x="${cx + 34}" y="${rowY[1]}" dy="0.32em" font-size="13" ${FONT}>${escape(label)}</text>`);
    cx += 40 + label.length * 7 + 24;
  });
  return parts.join('\n');
}

/**
 * Draws the study as a standalone SVG document.
 *
 * @remarks
 * Left panel: test accuracy after each epoch (epoch 0, chance level, is
 * left out so that the differences between trained networks show; the axis
 * starts at the lowest accuracy rounded down to 10%). Right panel: the share
 * of hidden units never active on the test digits, pooled over the hidden
 * layers, from epoch 0, the initialised network before training. Colour tells the
 * activation, the dash pattern the learning rate. A run whose training loss
 * stopped being finite ends at the epoch before, with an × on the epoch axis. Scales and ticks come
 * from d3-scale and the line paths from d3-shape, which also leaves gaps
 * where a value is not finite.
 * @param result - The study's result.
 * @returns The SVG markup.
 * @public
 */
export function chartSvg(result: StudyResult): string {
  const { activations, learningRates, hidden, epochs } = result.options;
  const styleOf = (run: RunResult): Pick<Series, 'color' | 'dash'> => ({
    color: colorOf(run.activation, activations),
    dash: DASHES[learningRates.indexOf(run.learningRate) % DASHES.length] as string,
  });
  // A diverged run's last record describes a broken network: its line ends before it, and an × marks the epoch.
  const sound = (run: RunResult): readonly EpochRecord[] => (run.diverged ? run.history.slice(0, -1) : run.history);
  const accuracy = result.runs.map((run) => ({
    ...styleOf(run),
    points: sound(run)
      .filter((entry) => entry.epoch > 0)
      .map((entry) => [entry.epoch, entry.testAccuracy * 100] as const),
    ...(run.diverged ? { divergedAt: run.history.length - 1 } : {}),
  }));
  const inactive = result.runs.map((run) => ({
    ...styleOf(run),
    points: sound(run).map((entry) => [entry.epoch, pooledShare(entry.neverActive, hidden) * 100] as const),
    ...(run.diverged ? { divergedAt: run.history.length - 1 } : {}),
  }));
  const highest = Math.max(10, ...inactive.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite));
  const lowest = Math.min(90, ...accuracy.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite));
  const title = 'Dying ReLU study on MNIST digits';
  const subtitle = `MLP 784 → ${hidden.join(' → ')} → 10, plain SGD, batch ${result.options.batchSize}, ${result.options.train} training / ${result.options.test} test digits, seed ${result.options.seed}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="18" font-weight="700" ${FONT}>${escape(title)}</text>`,
    `<text x="${WIDTH / 2}" y="46" text-anchor="middle" font-size="12" fill="#555" ${FONT}>${escape(subtitle)}</text>`,
    panel(PANEL_LEFTS[0], 'Test accuracy after each epoch', 'test accuracy', [Math.floor(lowest / 10) * 10, 100], epochs, accuracy),
    panel(PANEL_LEFTS[1], 'Hidden units never active on the test set', 'never active (all hidden layers)', [0, Math.min(100, highest)], epochs, inactive),
    legend(result),
    '</svg>',
    '',
  ].join('\n');
}
