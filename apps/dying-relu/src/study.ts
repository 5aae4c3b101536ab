/**
 * The study: every chosen activation at every chosen learning rate, on one
 * split, from one seed.
 */
import { RectifyError, describeValue, type Registry } from '@rectify/core';
import { loadDigits, splitDigits, type Digits } from './data.js';
import { activationSpec, checkHiddenActivation, createStudyRegistry } from './registry.js';
import { trainRun, type RunListener, type RunResult } from './train.js';

/**
 * What to run.
 * @public
 */
export interface StudyOptions {
  /** Seed of the split, the initial weights, the example order and RReLU's slopes. */
  readonly seed: number;
  /** Passes over the training set per run. */
  readonly epochs: number;
  /** Every learning rate to try, each with every activation. */
  readonly learningRates: readonly number[];
  /** Registered names or aliases of the hidden activations. */
  readonly activations: readonly string[];
  /** Training digits. */
  readonly train: number;
  /** Test digits. */
  readonly test: number;
  /** Hidden layer widths after activation. */
  readonly hidden: readonly number[];
  /** Digits per SGD step. */
  readonly batchSize: number;
}

/**
 * The default study: the five rectifiers at a normal learning rate (0.05),
 * a high one (0.5) and a very high one (0.8), on 8,000 training and 2,000
 * test digits, with two hidden layers of 128 units, for 5 epochs.
 *
 * @remarks
 * The high rates were found by a sweep with ReLU alone (seed 1, 128 × 128):
 * up to 0.3 almost no unit dies; at 0.5 a few percent of the first layer
 * die; between 0.6 and 0.8 a quarter to two fifths do while the network
 * still learns; from 0.9 on the network collapses. Two layers of 128 rather
 * than 256 units keep the whole study within five minutes on two cores.
 * @public
 */
export const DEFAULT_OPTIONS: StudyOptions = Object.freeze({
  seed: 1,
  epochs: 5,
  learningRates: Object.freeze([0.05, 0.5, 0.8]),
  activations: Object.freeze(['relu', 'leaky_relu', 'prelu', 'rrelu', 'maxout']),
  train: 8000,
  test: 2000,
  hidden: Object.freeze([128, 128]),
  batchSize: 32,
});

/**
 * The quick study (`--quick`): the same runs on fewer digits, narrower
 * layers and fewer epochs, in a few seconds.
 * @public
 */
export const QUICK_OPTIONS: StudyOptions = Object.freeze({
  ...DEFAULT_OPTIONS,
  epochs: 2,
  train: 2000,
  test: 500,
  hidden: Object.freeze([32, 32]),
});

/**
 * A study's options, with activation names made canonical, and its runs in
 * order: for each learning rate, each activation.
 * @public
 */
export interface StudyResult {
  /** The options the study ran with, activation names canonical. */
  readonly options: StudyOptions;
  /** Every run, learning rates outermost. */
  readonly runs: readonly RunResult[];
}

/**
 * Identifies a run as it starts.
 * @public
 */
export interface RunInfo {
  /** 1-based position in the study. */
  readonly index: number;
  /** Runs in the study. */
  readonly total: number;
  /** Canonical activation name. */
  readonly activation: string;
  /** Learning rate. */
  readonly learningRate: number;
  /** Epochs in the run. */
  readonly epochs: number;
  /** SGD steps in the run. */
  readonly steps: number;
}

/**
 * Callbacks for a study's progress.
 * @public
 */
export interface StudyListener extends RunListener {
  /** Before a run's first evaluation. */
  readonly runStart?: (run: RunInfo) => void;
  /** After a run's last evaluation. */
  readonly runEnd?: (result: RunResult) => void;
}

function fail(field: string, value: unknown, expected: string): never {
  throw new RectifyError('INVALID_ARGUMENT', `${field} must be ${expected}, got ${describeValue(value)}`, { field, value });
}

function checkPositiveInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 1) fail(field, value, 'a positive integer');
}

/**
 * Checks a study's options and makes its activation names canonical.
 *
 * @param options - The options to check.
 * @param registry - Where the names are looked up.
 * @returns The same options, activation names canonical.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` naming the bad option (an
 * activation that cannot be a hidden-layer activation, such as softmax or
 * glu, among them), or `UNKNOWN_ACTIVATION` with the nearest registered name.
 * @public
 */
export function resolveOptions(options: StudyOptions, registry: Registry): StudyOptions {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0 || options.seed > 0x7fffffff) fail('seed', options.seed, 'an integer from 0 to 2147483647');
  checkPositiveInteger(options.epochs, 'epochs');
  checkPositiveInteger(options.train, 'train');
  checkPositiveInteger(options.test, 'test');
  checkPositiveInteger(options.batchSize, 'batchSize');
  if (options.hidden.length === 0) fail('hidden', options.hidden, 'at least one width');
  options.hidden.forEach((width, l) => checkPositiveInteger(width, `hidden[${l}]`));
  if (options.learningRates.length === 0) fail('learningRates', options.learningRates, 'at least one rate');
  for (const rate of options.learningRates) if (!(rate > 0 && Number.isFinite(rate))) fail('learningRates', rate, 'a positive finite number');
  if (options.activations.length === 0) fail('activations', options.activations, 'at least one name');
  const plugins = options.activations.map((name) => registry.get(name));
  for (const plugin of plugins) checkHiddenActivation(plugin);
  const activations = [...new Set(plugins.map((plugin) => plugin.name))];
  return { ...options, activations, learningRates: [...new Set(options.learningRates)] };
}

/**
 * Runs the study: loads and splits the digits, then trains one MLP per
 * learning rate and activation, in that order.
 *
 * @param options - What to run; see {@link DEFAULT_OPTIONS} and {@link QUICK_OPTIONS}.
 * @param listener - Progress callbacks.
 * @param digits - The digits to split; all of the `mnist` package's by default.
 * @throws {@link RectifyError} for bad options.
 * @public
 */
export function runStudy(options: StudyOptions, listener: StudyListener = {}, digits?: Digits): StudyResult {
  const registry = createStudyRegistry();
  const resolved = resolveOptions(options, registry);
  const split = splitDigits(digits ?? loadDigits(), { train: resolved.train, test: resolved.test, seed: resolved.seed });
  const total = resolved.learningRates.length * resolved.activations.length;
  const steps = resolved.epochs * Math.ceil(resolved.train / resolved.batchSize);
  const runs: RunResult[] = [];
  for (const learningRate of resolved.learningRates) {
    for (const activation of resolved.activations) {
      listener.runStart?.({ index: runs.length + 1, total, activation, learningRate, epochs: resolved.epochs, steps });
      const settings = {
        activation: activationSpec(activation),
        learningRate,
        epochs: resolved.epochs,
        batchSize: resolved.batchSize,
        hidden: resolved.hidden,
        seed: resolved.seed,
      };
      const eventListener = {
        ...(listener.step === undefined ? {} : { step: listener.step }),
        ...(listener.epoch === undefined ? {} : { epoch: listener.epoch }),
        ...(listener.trained === undefined ? {} : { trained: listener.trained }),
      };
      const result = trainRun(registry, split, settings, eventListener);
      runs.push(result);
      listener.runEnd?.(result);
    }
  }
  return { options: resolved, runs };
}
