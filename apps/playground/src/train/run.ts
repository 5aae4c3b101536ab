/**
 * One training run from its settings: data, network, steps, and what each
 * step measured. The Web Worker runs this; so do the tests.
 *
 * @packageDocumentation
 */
import { RectifyError, type Registry } from '@rectify/core';
import type { DigitsAsset } from '../digits/format.js';
import type { TrainSettings } from '../state.js';
import { Network, UnitState, type StepReport } from './network.js';
import { makeTask } from './task.js';

/** What a run is asked to do. */
export interface RunRequest {
  /** The activation's registered name. */
  readonly fn: string;
  /** Its config, checked by its plugin. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Data, rate, steps and seed. */
  readonly settings: TrainSettings;
  /** The decoded digits asset, needed when the data set is `digits`. */
  readonly digits?: DigitsAsset;
}

/** What a finished run found. */
export interface RunSummary {
  /** The activation's canonical name. */
  readonly fn: string;
  /** Steps run (fewer than asked when the run diverged). */
  readonly steps: number;
  /** The last step's loss. */
  readonly loss: number;
  /** The last step's accuracy on the training examples. */
  readonly accuracy: number;
  /** The trained network's accuracy on the test examples, for data sets that keep some apart (not when it diverged). */
  readonly testAccuracy?: number;
  /** Hidden units dead at the last step. */
  readonly dead: number;
  /** Hidden units whose pre-activation became NaN. */
  readonly notANumber: number;
  /** Whether the run diverged (a NaN loss or unit). */
  readonly diverged: boolean;
  /** Hidden units in all. */
  readonly units: number;
}

/** Counts the units in one state. */
export function countUnits(units: Uint8Array, state: number): number {
  let count = 0;
  for (const value of units) if (value === state) count += 1;
  return count;
}

/**
 * Trains a network and reports each step.
 *
 * @param registry - Where the activation is found.
 * @param request - The activation and the settings.
 * @param onStep - Called after each step with its number (from 1) and report.
 * @throws RectifyError for an unknown activation, a bad config, one that is not elementwise, or digits without the asset.
 */
export function runTraining(registry: Registry, request: RunRequest, onStep: (step: number, report: StepReport) => void = () => {}): RunSummary {
  const plugin = registry.get(request.fn);
  if (!plugin.traits.elementwise) {
    throw new RectifyError('INVALID_ARGUMENT', `${plugin.name} is not elementwise, so it cannot be a hidden layer's activation here`, { field: 'fn', value: request.fn });
  }
  const config = plugin.validate(request.config);
  const { settings } = request;
  const task = makeTask(settings, request.digits);
  const network = new Network(task.train, [plugin.create(config), plugin.create(config)], { hidden: task.hidden, seed: settings.seed });
  let last: StepReport | undefined;
  let steps = 0;
  for (let step = 1; step <= settings.steps; step++) {
    last = network.step(settings.rate);
    steps = step;
    onStep(step, last);
    if (!Number.isFinite(last.loss) || countUnits(last.units, UnitState.NotANumber) > 0) break;
  }
  const units = last?.units ?? new Uint8Array(network.hiddenUnits);
  const notANumber = countUnits(units, UnitState.NotANumber);
  const diverged = notANumber > 0 || !Number.isFinite(last?.loss ?? Number.NaN);
  return {
    fn: plugin.name,
    steps,
    loss: last?.loss ?? Number.NaN,
    accuracy: last?.accuracy ?? 0,
    ...(task.test && !diverged ? { testAccuracy: network.accuracyOn(task.test) } : {}),
    dead: countUnits(units, UnitState.Dead),
    notANumber,
    diverged,
    units: network.hiddenUnits,
  };
}
