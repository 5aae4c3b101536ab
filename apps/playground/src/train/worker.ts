/**
 * The training worker: runs {@link runTraining} off the page's thread and
 * posts progress every few steps, so the page stays responsive.
 *
 * @packageDocumentation
 */
import { RectifyError } from '@rectify/core';
import { decodeDigits } from '../digits/format.js';
import { registry } from '../registry.js';
import { DATASETS, LIMITS } from '../state.js';
import type { WorkerMessage } from './protocol.js';
import { isTrainMessage } from './protocol.js';
import { runTraining } from './run.js';

/** The part of the worker's global scope used here. */
interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

/** Progress messages per run, about. */
const UPDATES = 100;

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (!isTrainMessage(message)) {
    scope.postMessage({ type: 'error', message: 'the training request is malformed' });
    return;
  }
  const { settings } = message;
  if (!DATASETS.includes(settings.data) || !(settings.rate > 0 && settings.rate <= LIMITS.maxRate) || !Number.isSafeInteger(settings.steps) || settings.steps < 1 || settings.steps > LIMITS.maxSteps) {
    scope.postMessage({ type: 'error', message: 'the training settings are out of range' });
    return;
  }
  const every = Math.max(1, Math.floor(settings.steps / UPDATES));
  try {
    const digits = message.digits === undefined ? undefined : decodeDigits(message.digits);
    message.runs.forEach((run, index) => {
      const summary = runTraining(registry, { fn: run.fn, config: run.config, settings, ...(digits ? { digits } : {}) }, (step, report) => {
        if (step % every === 0 || step === settings.steps || !Number.isFinite(report.loss)) {
          scope.postMessage({ type: 'progress', run: index, step, loss: report.loss, accuracy: report.accuracy, units: report.units });
        }
      });
      scope.postMessage({ type: 'done', run: index, summary });
    });
  } catch (error) {
    scope.postMessage({ type: 'error', message: error instanceof RectifyError ? error.message : 'training failed' });
  }
});
