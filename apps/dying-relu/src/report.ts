/**
 * The study's results as a Markdown table and a JSON document.
 */
import { DEFINITIONS } from './metrics.js';
import type { StudyResult } from './study.js';
import type { EpochRecord, RunResult } from './train.js';

/**
 * A share from 0 to 1 as a percentage, such as `12.5%`.
 * @param share - The share.
 * @param digits - Decimals. @defaultValue `1`
 * @public
 */
export function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

function lastRecord(run: RunResult): EpochRecord {
  return run.history[run.history.length - 1] as EpochRecord;
}

function bestRecord(run: RunResult): EpochRecord {
  return run.history.reduce((best, entry) => (entry.testAccuracy > best.testAccuracy ? entry : best));
}

/**
 * A gradient magnitude with two significant digits, such as `8.6e-3`; `–`
 * for a value that was not finite.
 * @param value - The value, or `null`.
 * @public
 */
export function magnitude(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return value.toExponential(1).replace('e+', 'e');
}

/**
 * The cell for the weight gradient RMS of a run's last epoch: the first and
 * last hidden layer and the ratio of the first to the last, such as
 * `8.6e-3 / 2.2e-2 (0.39)` (a ratio below 0.01 as `1.7e-3`); a single
 * hidden layer shows its value alone.
 * @param rms - Per hidden layer, the RMS over the epoch's steps.
 * @public
 */
export function gradientCell(rms: readonly (number | null)[] | null): string {
  if (rms === null || rms.length === 0) return '–';
  const first = rms[0] ?? null;
  if (rms.length === 1) return magnitude(first);
  const last = rms[rms.length - 1] ?? null;
  const ratio = first === null || last === null || last === 0 ? '–' : first / last < 0.01 ? magnitude(first / last) : (first / last).toFixed(2);
  return `${magnitude(first)} / ${magnitude(last)} (${ratio})`;
}

/**
 * The share over all layers together: each layer's share weighted by its
 * number of units.
 * @param shares - The share of each layer.
 * @param widths - The number of units of each layer.
 * @public
 */
export function pooledShare(shares: readonly number[], widths: readonly number[]): number {
  let units = 0;
  let counted = 0;
  shares.forEach((share, l) => {
    const width = widths[l] as number;
    units += width;
    counted += share * width;
  });
  return counted / units;
}

function notes(run: RunResult): string {
  if (run.diverged) return `diverged: training loss not finite in epoch ${lastRecord(run).epoch}, run stopped`;
  const parts: string[] = [];
  for (const [name, values] of Object.entries(run.parameters)) {
    if (values.length <= 3) {
      parts.push(`${name} = ${values.map((v) => v.toFixed(3)).join(', ')}`);
      continue;
    }
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    parts.push(`${name}: mean ${mean.toFixed(3)}, from ${Math.min(...values).toFixed(3)} to ${Math.max(...values).toFixed(3)}`);
  }
  return parts.join('; ');
}

/**
 * One row per run, in study order: final test accuracy, best test accuracy
 * and its epoch, final training loss, the final never-active and
 * zero-gradient shares per hidden layer and over all of them, and the
 * weight gradient RMS of the first and last hidden layer over the last
 * epoch, with their ratio. A run whose training loss stopped being finite
 * shows `–` for the measures of its broken network.
 *
 * @param result - The study's result.
 * @returns A GitHub-flavoured Markdown table, ending in a newline.
 * @public
 */
export function markdownTable(result: StudyResult): string {
  const hidden = result.options.hidden.length;
  const layers = [...result.options.hidden.map((_, l) => `L${l + 1}`), 'all'].join(' / ');
  const gradientLayers = hidden === 1 ? 'L1' : `L1 / L${hidden}, ratio`;
  const header = [
    'Activation',
    'LR',
    'Test accuracy',
    'Best (epoch)',
    'Train loss',
    `Never active (${layers})`,
    `Zero gradient (${layers})`,
    `Weight gradient RMS (${gradientLayers})`,
    'Notes',
  ];
  const rows = result.runs.map((run) => {
    const last = lastRecord(run);
    const best = bestRecord(run);
    const shares = (values: readonly number[], widths: readonly number[]): string =>
      run.diverged ? '–' : [...values, pooledShare(values, widths)].map((share) => percent(share)).join(' / ');
    return [
      run.activation,
      String(run.learningRate),
      run.diverged ? '–' : percent(last.testAccuracy, 2),
      `${percent(best.testAccuracy, 2)} (${best.epoch})`,
      last.trainLoss === null ? 'not finite' : last.trainLoss.toFixed(4),
      shares(last.neverActive, result.options.hidden),
      shares(last.zeroGradient, run.preWidths),
      run.diverged ? '–' : gradientCell(last.weightGradientRms),
      notes(run),
    ];
  });
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const align = header.map((_, i) => (i === 0 || i === header.length - 1 ? '---' : '---:'));
  return [line(header), line(align), ...rows.map(line)].join('\n') + '\n';
}

/**
 * The settings of a study in one Markdown sentence.
 * @param result - The study's result.
 * @public
 */
export function settingsLine(result: StudyResult): string {
  const o = result.options;
  return (
    `MLP 784 → ${o.hidden.join(' → ')} → 10 (Maxout: k = 2 on dense layers twice as wide; PReLU: one learnt slope per unit), plain SGD, batch ${o.batchSize}, ` +
    `${o.epochs} epochs, ${o.train} training and ${o.test} test digits of the \`mnist\` package, seed ${o.seed}. ` +
    'Shares are measured on the test digits after the last epoch; weight gradient RMS over the last epoch\'s training steps.'
  );
}

/**
 * The full Markdown report: title, settings, table and the definitions of
 * the three measures.
 * @param result - The study's result.
 * @public
 */
export function markdownReport(result: StudyResult): string {
  return [
    '# Dying ReLU study',
    '',
    settingsLine(result),
    '',
    markdownTable(result),
    `- ${DEFINITIONS.neverActive}`,
    `- ${DEFINITIONS.zeroGradient}`,
    `- ${DEFINITIONS.weightGradientRms}`,
    '',
  ].join('\n');
}

/**
 * The study as a JSON-ready object: settings, definitions, and every run
 * with its full history. Non-finite losses are `null`.
 *
 * @param result - The study's result.
 * @public
 */
export function jsonReport(result: StudyResult): object {
  return {
    format: 'rectify.dying-relu',
    version: 1,
    settings: result.options,
    definitions: DEFINITIONS,
    runs: result.runs,
  };
}
