/**
 * Everything the page shows, as one plain value: the URL hash is this value
 * written out, and the page is drawn from it.
 *
 * @packageDocumentation
 */

/** The views the page switches between. */
export const TABS = ['explore', 'formula', 'train'] as const;

/** One of {@link TABS}. */
export type Tab = (typeof TABS)[number];

/** The two-dimensional toy data sets, drawn from the seed. */
export const TOY_DATASETS = ['spirals', 'circles', 'xor'] as const;

/** One of {@link TOY_DATASETS}. */
export type ToyDataset = (typeof TOY_DATASETS)[number];

/** The data sets the network trains on: the toy data, and `digits`, the small set of MNIST digits the page serves. */
export const DATASETS = [...TOY_DATASETS, 'digits'] as const;

/** One of {@link DATASETS}. */
export type Dataset = (typeof DATASETS)[number];

/** The learning rate and steps a data set starts with. */
export interface TrainDefaults {
  /** The learning rate. */
  readonly rate: number;
  /** The steps. */
  readonly steps: number;
}

/**
 * Each data set's defaults: a link that names only the data set trains with
 * these, and choosing a data set on the page sets them.
 */
export const DATASET_DEFAULTS: Readonly<Record<Dataset, TrainDefaults>> = Object.freeze({
  spirals: Object.freeze({ rate: 0.1, steps: 300 }),
  circles: Object.freeze({ rate: 0.1, steps: 300 }),
  xor: Object.freeze({ rate: 0.1, steps: 300 }),
  digits: Object.freeze({ rate: 0.5, steps: 100 }),
});

/** What the training view runs. */
export interface TrainSettings {
  /** The data set. */
  readonly data: Dataset;
  /** The SGD learning rate. */
  readonly rate: number;
  /** Optimisation steps, each on the whole data set. */
  readonly steps: number;
  /** The seed of the data, the initial weights and any random slopes. */
  readonly seed: number;
}

/** The whole state of the page. */
export interface PlaygroundState {
  /** The view on top. */
  readonly tab: Tab;
  /** The canonical name of the activation explored. */
  readonly fn: string;
  /** Its config, as the URL gives it: only fields that differ from the defaults need appear. */
  readonly config: Readonly<Record<string, number | string>>;
  /** Activations drawn over it, by canonical name. */
  readonly overlay: readonly string[];
  /** Whether the overlays are drawn as their difference from the main activation. */
  readonly diff: boolean;
  /** The readout's position. */
  readonly x: number;
  /** The plotted range of x. */
  readonly from: number;
  /** The plotted range's end, greater than {@link PlaygroundState.from}. */
  readonly to: number;
  /** The formula of the custom activation. */
  readonly formula: string;
  /** The training settings. */
  readonly train: TrainSettings;
}

/** The page's state when the URL says nothing. */
export const DEFAULT_STATE: PlaygroundState = Object.freeze({
  tab: 'explore',
  fn: 'relu',
  config: Object.freeze({}),
  overlay: Object.freeze([]),
  diff: false,
  x: 1,
  from: -5,
  to: 5,
  formula: 'x * sigmoid(x)',
  train: Object.freeze({ data: 'spirals', ...DATASET_DEFAULTS.spirals, seed: 1 }),
});

/** How a view changes the page's state: the parts given replace the current ones. */
export type StateUpdate = (patch: Partial<PlaygroundState>) => void;

/** Limits the URL and the controls share. */
export const LIMITS = Object.freeze({
  /** The largest |x| and |from|, |to| accepted. */
  maxAbsX: 1e6,
  /** The most overlays drawn at once. */
  maxOverlays: 6,
  /** The most training steps. */
  maxSteps: 5000,
  /** The largest learning rate. */
  maxRate: 100,
  /** The longest URL hash read. */
  maxHash: 2000,
});
