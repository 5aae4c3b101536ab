/**
 * The URL hash: the page's whole state, versioned, so that a link reproduces
 * the view. Reading treats the hash as untrusted: every key is checked
 * against a closed list, every number against a strict pattern and bounds,
 * names against the registry, the config through the plugin's own
 * validation and the formula through the formula parser. Nothing is
 * evaluated, and anything wrong gives the defaults and one short message.
 *
 * @packageDocumentation
 */
import { RectifyError, type AnyActivationPlugin, type Registry } from '@rectify/core';
import { parseFormula } from './formula/parse.js';
import { DATASET_DEFAULTS, DATASETS, DEFAULT_STATE, LIMITS, TABS, type Dataset, type PlaygroundState, type Tab } from './state.js';

/** The version of the hash format this page writes and reads. */
export const HASH_VERSION = 1;

/** Keys of the state itself; any other key must be a config field of the activation. */
export const STATE_KEYS: readonly string[] = Object.freeze(['v', 'tab', 'fn', 'overlay', 'diff', 'x', 'from', 'to', 'formula', 'data', 'rate', 'steps', 'trainSeed']);

/** What reading a hash gives. */
export interface HashReading {
  /** The state: the hash's, or the defaults when the hash is refused. */
  readonly state: PlaygroundState;
  /** Why the hash was refused, absent when it was accepted (or empty). */
  readonly problem?: string;
}

/** A refusal of one part of the hash, with a message for the reader. */
class HashProblem extends Error {}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$/;

/** Shortens what the user gave, for a message, without markup concerns (messages are set as text). */
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

function readNumber(key: string, text: string, min: number, max: number): number {
  const value = NUMBER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value < min || value > max) throw new HashProblem(`${key} must be a number from ${min} to ${max}, got ${quote(text)}`);
  return value;
}

function readInteger(key: string, text: string, min: number, max: number): number {
  const value = readNumber(key, text, min, max);
  if (!Number.isSafeInteger(value)) throw new HashProblem(`${key} must be a whole number, got ${quote(text)}`);
  return value;
}

function readChoice<T extends string>(key: string, text: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === text);
  if (found === undefined) throw new HashProblem(`${key} must be one of ${choices.join(', ')}, got ${quote(text)}`);
  return found;
}

function readPlugin(key: string, name: string, registry: Registry): AnyActivationPlugin {
  if (name.length > 40 || !registry.has(name)) throw new HashProblem(`${key}: no activation is registered as ${quote(name)}`);
  return registry.get(name);
}

function readConfig(plugin: AnyActivationPlugin, entries: ReadonlyMap<string, string>): Record<string, number | string> {
  const config: Record<string, number | string> = {};
  for (const [key, text] of entries) {
    if (!Object.hasOwn(plugin.fields, key)) throw new HashProblem(`unknown key ${quote(key)}: ${plugin.name} has ${Object.keys(plugin.fields).join(', ') || 'no parameters'}`);
    const field = (plugin.fields as Record<string, { readonly kind?: string }>)[key];
    const value = field?.kind === 'choice' ? text : readNumber(key, text, -Number.MAX_VALUE, Number.MAX_VALUE);
    Object.defineProperty(config, key, { value, enumerable: true, writable: true, configurable: true });
  }
  try {
    plugin.validate(config);
  } catch (error) {
    if (error instanceof RectifyError) throw new HashProblem(error.message);
    throw error;
  }
  return config;
}

function readState(params: URLSearchParams, registry: Registry): PlaygroundState {
  const state = new Map<string, string>();
  const fields = new Map<string, string>();
  for (const [key, value] of params) {
    const target = STATE_KEYS.includes(key) ? state : fields;
    if (target.has(key)) throw new HashProblem(`${quote(key)} appears twice`);
    target.set(key, value);
  }
  const version = state.get('v');
  if (version !== undefined && version !== String(HASH_VERSION)) throw new HashProblem(`this page reads links of version ${HASH_VERSION}, not ${quote(version)}`);
  const text = (key: string): string | undefined => state.get(key);
  const plugin = readPlugin('fn', text('fn') ?? DEFAULT_STATE.fn, registry);
  const overlayText = text('overlay');
  const overlay = overlayText === undefined || overlayText === '' ? [] : overlayText.split(',').map((name) => readPlugin('overlay', name, registry).name);
  if (overlay.length > LIMITS.maxOverlays) throw new HashProblem(`overlay lists ${overlay.length} activations; at most ${LIMITS.maxOverlays} are drawn`);
  const optional = <T>(key: string, read: (value: string) => T, fallback: T): T => {
    const value = text(key);
    return value === undefined ? fallback : read(value);
  };
  const from = optional('from', (v) => readNumber('from', v, -LIMITS.maxAbsX, LIMITS.maxAbsX), DEFAULT_STATE.from);
  const to = optional('to', (v) => readNumber('to', v, -LIMITS.maxAbsX, LIMITS.maxAbsX), DEFAULT_STATE.to);
  if (!(from < to)) throw new HashProblem(`from (${from}) must be less than to (${to})`);
  const formula = optional('formula', (v) => v, DEFAULT_STATE.formula);
  const parsed = parseFormula(formula);
  if (!parsed.ok) throw new HashProblem(`formula: ${parsed.error}`);
  const data = optional('data', (v) => readChoice<Dataset>('data', v, DATASETS), DEFAULT_STATE.train.data);
  const defaults = DATASET_DEFAULTS[data];
  return {
    tab: optional('tab', (v) => readChoice<Tab>('tab', v, TABS), DEFAULT_STATE.tab),
    fn: plugin.name,
    config: readConfig(plugin, fields),
    overlay,
    diff: optional('diff', (v) => readChoice('diff', v, ['0', '1']) === '1', DEFAULT_STATE.diff),
    x: optional('x', (v) => readNumber('x', v, -LIMITS.maxAbsX, LIMITS.maxAbsX), DEFAULT_STATE.x),
    from,
    to,
    formula,
    train: {
      data,
      rate: optional('rate', (v) => readNumber('rate', v, 1e-6, LIMITS.maxRate), defaults.rate),
      steps: optional('steps', (v) => readInteger('steps', v, 1, LIMITS.maxSteps), defaults.steps),
      seed: optional('trainSeed', (v) => readInteger('trainSeed', v, 0, 2 ** 31 - 1), DEFAULT_STATE.train.seed),
    },
  };
}

/**
 * Reads a URL hash into the page's state.
 *
 * @param hash - `location.hash`, with or without its leading `#`.
 * @param registry - The registry that activation names must be found in.
 * @returns The state; the defaults with a message when any part of the hash is refused.
 */
export function readHash(hash: string, registry: Registry): HashReading {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return { state: DEFAULT_STATE };
  if (body.length > LIMITS.maxHash) return { state: DEFAULT_STATE, problem: `The link's state is longer than ${LIMITS.maxHash} characters; showing the defaults.` };
  try {
    return { state: readState(new URLSearchParams(body), registry) };
  } catch (error) {
    if (error instanceof HashProblem) return { state: DEFAULT_STATE, problem: `The link's state was not used (${error.message}); showing the defaults.` };
    if (error instanceof URIError) return { state: DEFAULT_STATE, problem: "The link's state is not valid URL encoding; showing the defaults." };
    throw error;
  }
}

/** A number as the hash writes it: `String`, which reads back exactly, and `-0` kept apart from 0. */
function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A config value as the hash writes it. */
function valueText(value: number | string): string {
  return typeof value === 'number' ? numberText(value) : value;
}

/**
 * Writes the page's state as a URL hash (with its `#`): the version first,
 * then every part that differs from the defaults (the learning rate and
 * steps from those of the data set).
 *
 * @param state - The state to write.
 */
export function writeHash(state: PlaygroundState): string {
  const params = new URLSearchParams();
  params.set('v', String(HASH_VERSION));
  if (state.tab !== DEFAULT_STATE.tab) params.set('tab', state.tab);
  params.set('fn', state.fn);
  for (const [key, value] of Object.entries(state.config)) params.set(key, valueText(value));
  if (state.overlay.length > 0) params.set('overlay', state.overlay.join(','));
  if (state.diff) params.set('diff', '1');
  params.set('x', numberText(state.x));
  if (state.from !== DEFAULT_STATE.from) params.set('from', numberText(state.from));
  if (state.to !== DEFAULT_STATE.to) params.set('to', numberText(state.to));
  if (state.formula !== DEFAULT_STATE.formula) params.set('formula', state.formula);
  const defaults = DATASET_DEFAULTS[state.train.data];
  if (state.train.data !== DEFAULT_STATE.train.data) params.set('data', state.train.data);
  if (state.train.rate !== defaults.rate) params.set('rate', numberText(state.train.rate));
  if (state.train.steps !== defaults.steps) params.set('steps', String(state.train.steps));
  if (state.train.seed !== DEFAULT_STATE.train.seed) params.set('trainSeed', String(state.train.seed));
  return `#${params.toString()}`;
}
