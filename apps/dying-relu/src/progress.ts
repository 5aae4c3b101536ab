/**
 * Progress output: a cli-progress bar per run on a terminal, plain lines
 * otherwise.
 */
import { Presets, SingleBar } from 'cli-progress';
import { magnitude, percent } from './report.js';
import type { RunInfo, StudyListener } from './study.js';
import type { EpochRecord } from './train.js';

/**
 * Where progress goes: a writable stream, a terminal when `isTTY` is true.
 * @public
 */
export type ProgressStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

function label(run: RunInfo): string {
  return `[${run.index}/${run.total}] ${run.activation}, lr ${run.learningRate}`;
}

function epochLine(record: EpochRecord, epochs: number): string {
  const head = record.epoch === 0 ? 'initial' : `epoch ${record.epoch}/${epochs}`;
  const loss = record.epoch === 0 ? '' : `train loss ${record.trainLoss === null ? 'not finite' : record.trainLoss.toFixed(4)}, `;
  const gradient = record.weightGradientRms === null ? '' : `, weight gradient RMS ${record.weightGradientRms.map(magnitude).join(' / ')}`;
  return `  ${head}: ${loss}test accuracy ${percent(record.testAccuracy, 2)}, never active ${record.neverActive.map((s) => percent(s)).join(' / ')}${gradient}`;
}

/**
 * A listener that shows a progress bar per run (cli-progress) when the
 * stream is a terminal, and otherwise writes one line per run, per epoch
 * and per finished run, with its wall time.
 *
 * @param stream - Usually `process.stderr`.
 * @public
 */
export function progressListener(stream: ProgressStream): StudyListener {
  let run: RunInfo | undefined;
  let started = 0;
  if (stream.isTTY !== true) {
    return {
      runStart: (info) => {
        run = info;
        started = performance.now();
        stream.write(`${label(info)}\n`);
      },
      epoch: (record) => {
        stream.write(`${epochLine(record, run?.epochs ?? 0)}\n`);
      },
      runEnd: () => {
        stream.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      },
    };
  }
  let bar: SingleBar | undefined;
  return {
    runStart: (info) => {
      run = info;
      bar = new SingleBar(
        {
          format: '{label} |{bar}| {percentage}% | epoch {epoch}/{epochs} | loss {loss} | acc {accuracy} | never active {inactive} | {duration_formatted}',
          stream,
          barsize: 20,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      bar.start(info.steps, 0, { label: label(info), epoch: 0, epochs: info.epochs, loss: '-', accuracy: '-', inactive: '-' });
    },
    step: (progress) => {
      bar?.update(progress.step, { epoch: progress.epoch, loss: progress.loss.toFixed(3) });
    },
    epoch: (record) => {
      bar?.update({ accuracy: percent(record.testAccuracy), inactive: record.neverActive.map((s) => percent(s, 0)).join('/') });
    },
    runEnd: () => {
      bar?.stop();
    },
  };
}
