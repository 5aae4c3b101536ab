/**
 * The training view: settings, the worker that trains, live loss and
 * accuracy, and a map of hidden units × steps showing dead units apart from
 * a run that diverged.
 *
 * @packageDocumentation
 */
import { loadDigitsAsset } from '../digits/load.js';
import { byId, element, formatNumber } from '../dom.js';
import { registry } from '../registry.js';
import { DATASET_DEFAULTS, DATASETS, LIMITS, type Dataset, type PlaygroundState, type StateUpdate, type TrainSettings } from '../state.js';
import { UnitState } from './network.js';
import { DYING_RELU_PAIR, DYING_RELU_SETTINGS } from './presets.js';
import type { TrainMessage, WorkerMessage } from './protocol.js';
import { countUnits, type RunSummary } from './run.js';
import { describeTask } from './task.js';

/** The data sets as the menu names them. */
const DATASET_LABELS: Readonly<Record<Dataset, string>> = Object.freeze({ spirals: 'spirals', circles: 'circles', xor: 'xor', digits: 'digits (MNIST)' });

/** What the page shows of one run. */
interface RunDisplay {
  readonly root: HTMLElement;
  readonly stats: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly columns: Uint8Array[];
  readonly label: string;
}

function colour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** The training view. */
export class TrainView {
  private readonly data = byId('train-data', HTMLSelectElement);
  private readonly rate = byId('train-rate', HTMLInputElement);
  private readonly steps = byId('train-steps', HTMLInputElement);
  private readonly seed = byId('train-seed', HTMLInputElement);
  private readonly settingsError = byId('train-settings-error', HTMLElement);
  private readonly status = byId('train-status', HTMLElement);
  private readonly runs = byId('train-runs', HTMLElement);
  private readonly fnLabel = byId('train-fn', HTMLElement);
  private readonly shapeLabel = byId('train-shape', HTMLElement);
  private readonly examplesLabel = byId('train-examples', HTMLElement);
  private worker: Worker | undefined;
  /** Counts the runs started and stopped, so that a run waiting for the digits knows whether it is still wanted. */
  private generation = 0;
  private displays: RunDisplay[] = [];
  private state: PlaygroundState | undefined;

  /**
   * @param update - Applies a change to the page's state.
   */
  constructor(private readonly update: StateUpdate) {
    this.data.replaceChildren(...DATASETS.map((name) => element('option', { value: name }, [DATASET_LABELS[name]])));
    this.data.addEventListener('change', () => this.chooseData());
    for (const input of [this.rate, this.steps, this.seed]) input.addEventListener('change', () => this.readSettings());
    byId('train-start', HTMLButtonElement).addEventListener('click', () => {
      const state = this.state;
      if (state) this.start([{ fn: state.fn, config: state.config }], state.train);
    });
    byId('train-preset', HTMLButtonElement).addEventListener('click', () => {
      this.update({ train: DYING_RELU_SETTINGS });
      this.start(DYING_RELU_PAIR.map((fn) => ({ fn, config: {} })), DYING_RELU_SETTINGS);
    });
    byId('train-stop', HTMLButtonElement).addEventListener('click', () => this.stop('Stopped.'));
  }

  /**
   * Shows a state.
   * @param state - The page's state.
   */
  render(state: PlaygroundState): void {
    this.state = state;
    this.fnLabel.textContent = registry.get(state.fn).displayName;
    const task = describeTask(state.train.data);
    this.shapeLabel.textContent = task.shape;
    this.examplesLabel.textContent = task.examples;
    this.data.value = state.train.data;
    this.rate.value = String(state.train.rate);
    this.steps.value = String(state.train.steps);
    this.seed.value = String(state.train.seed);
  }

  /** A new data set starts from its own learning rate and steps; the seed stays. */
  private chooseData(): void {
    const data = DATASETS.find((name) => name === this.data.value);
    const state = this.state;
    if (!data || !state) return;
    this.settingsError.textContent = '';
    this.update({ train: { ...state.train, data, ...DATASET_DEFAULTS[data] } });
  }

  private readSettings(): void {
    const rate = Number(this.rate.value);
    const steps = Number(this.steps.value);
    const seed = Number(this.seed.value);
    if (!(rate > 0 && rate <= LIMITS.maxRate)) return this.refuse(`The learning rate must be a number above 0, at most ${LIMITS.maxRate}.`);
    if (!Number.isSafeInteger(steps) || steps < 1 || steps > LIMITS.maxSteps) return this.refuse(`Steps must be a whole number from 1 to ${LIMITS.maxSteps}.`);
    if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) return this.refuse('The seed must be a whole number from 0 to 2147483647.');
    this.settingsError.textContent = '';
    this.update({ train: { data: this.data.value as Dataset, rate, steps, seed } });
  }

  private refuse(message: string): void {
    this.settingsError.textContent = message;
  }

  private stop(message: string): void {
    this.generation += 1;
    this.worker?.terminate();
    this.worker = undefined;
    this.status.textContent = message;
  }

  private start(runs: TrainMessage['runs'], settings: TrainSettings): void {
    this.stop('');
    const plugins = runs.map((run) => registry.get(run.fn));
    const notElementwise = plugins.find((plugin) => !plugin.traits.elementwise);
    if (notElementwise) {
      this.status.textContent = `${notElementwise.displayName} is not elementwise, so it cannot be a hidden layer's activation here: choose another in Explore.`;
      return;
    }
    this.displays = plugins.map((plugin) => {
      const stats = element('p', { class: 'stats' }, ['Waiting…']);
      const canvas = element('canvas', { class: 'unit-map', role: 'img', 'aria-label': `Unit map of ${plugin.displayName}: none yet` });
      const root = element('section', { class: 'run', 'data-fn': plugin.name, 'aria-label': `Run with ${plugin.displayName}` }, [element('h2', {}, [plugin.displayName]), stats, canvas]);
      return { root, stats, canvas, columns: [], label: plugin.displayName };
    });
    this.runs.replaceChildren(...this.displays.map((display) => display.root));
    this.status.textContent = `Training on ${settings.data}, rate ${settings.rate}, ${settings.steps} steps, seed ${settings.seed}…`;
    delete this.status.dataset['done'];
    if (settings.data !== 'digits') return this.launch({ type: 'train', runs, settings });
    const generation = this.generation;
    loadDigitsAsset().then(
      (digits) => {
        if (generation === this.generation) this.launch({ type: 'train', runs, settings, digits });
      },
      (error: unknown) => {
        if (generation === this.generation) this.stop(`Training refused: ${error instanceof Error ? error.message : 'the digits could not be loaded'}`);
      },
    );
  }

  /** Starts a worker on a request and shows what it reports. */
  private launch(request: TrainMessage): void {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    let finished = 0;
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.type === 'error') return this.stop(`Training refused: ${message.message}`);
      const display = this.displays[message.run];
      if (!display) return;
      if (message.type === 'progress') {
        display.columns.push(message.units);
        display.stats.textContent = `step ${message.step}: loss ${formatNumber(message.loss)}, accuracy ${formatNumber(message.accuracy * 100)}%, dead units ${countUnits(message.units, UnitState.Dead)}, NaN units ${countUnits(message.units, UnitState.NotANumber)}`;
        this.paint(display);
        return;
      }
      this.finish(display, message.summary);
      finished += 1;
      if (finished === this.displays.length) {
        this.status.textContent = `Done: ${this.displays.map((d) => `${d.label} ${d.root.dataset['diverged'] === 'true' ? 'diverged' : `${d.root.dataset['dead']} dead`}`).join('; ')}.`;
        this.status.dataset['done'] = 'true';
        worker.terminate();
        if (this.worker === worker) this.worker = undefined;
      }
    });
    worker.addEventListener('error', () => this.stop('The training worker failed.'));
    worker.postMessage(request);
  }

  /** Shows what a finished run found. */
  private finish(display: RunDisplay, summary: RunSummary): void {
    const { dataset } = display.root;
    dataset['dead'] = String(summary.dead);
    dataset['nan'] = String(summary.notANumber);
    dataset['diverged'] = String(summary.diverged);
    dataset['accuracy'] = String(summary.accuracy);
    if (summary.testAccuracy !== undefined) dataset['testAccuracy'] = String(summary.testAccuracy);
    const verdict = summary.diverged ? `diverged at step ${summary.steps} (NaN): ${summary.notANumber} units NaN` : `${summary.dead} of ${summary.units} hidden units dead`;
    const accuracy = `accuracy ${formatNumber(summary.accuracy * 100)}%${summary.testAccuracy === undefined ? '' : `, test accuracy ${formatNumber(summary.testAccuracy * 100)}%`}`;
    display.stats.textContent = `after ${summary.steps} steps: loss ${formatNumber(summary.loss)}, ${accuracy}; ${verdict}`;
    display.canvas.setAttribute('aria-label', `Unit map of ${display.label}: ${verdict}`);
  }

  private paint(display: RunDisplay): void {
    const columns = display.columns;
    const units = columns[0]?.length ?? 0;
    const canvas = display.canvas;
    canvas.width = Math.max(1, columns.length);
    canvas.height = Math.max(1, units);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const fills = [colour('--alive'), colour('--dead'), colour('--nan')];
    columns.forEach((column, step) => {
      column.forEach((state, unit) => {
        ctx.fillStyle = fills[state] ?? '#888';
        ctx.fillRect(step, unit, 1, 1);
      });
    });
  }
}
