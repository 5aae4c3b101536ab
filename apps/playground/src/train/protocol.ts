/**
 * The messages between the page and the training worker. Both sides check
 * what they receive, since a message is data from another context.
 *
 * @packageDocumentation
 */
import type { TrainSettings } from '../state.js';
import type { RunSummary } from './run.js';

/** From the page: train one activation, or several one after another. */
export interface TrainMessage {
  readonly type: 'train';
  /** The runs, by registered name and config. */
  readonly runs: readonly { readonly fn: string; readonly config: Readonly<Record<string, unknown>> }[];
  /** Shared by every run. */
  readonly settings: TrainSettings;
  /** The digits asset's bytes, sent when the data set is `digits`; the worker decodes and checks them. */
  readonly digits?: Uint8Array;
}

/** From the worker: progress of one run, every few steps. */
export interface ProgressMessage {
  readonly type: 'progress';
  /** Index of the run in the request. */
  readonly run: number;
  /** The step just done, from 1. */
  readonly step: number;
  /** Its loss. */
  readonly loss: number;
  /** Its accuracy. */
  readonly accuracy: number;
  /** One unit state per hidden unit. */
  readonly units: Uint8Array;
}

/** From the worker: a run finished. */
export interface DoneMessage {
  readonly type: 'done';
  /** Index of the run in the request. */
  readonly run: number;
  /** What it found. */
  readonly summary: RunSummary;
}

/** From the worker: the request was refused. */
export interface ErrorMessage {
  readonly type: 'error';
  /** Why. */
  readonly message: string;
}

/** Anything the worker sends. */
export type WorkerMessage = ProgressMessage | DoneMessage | ErrorMessage;

/**
 * Whether a received value is a well-formed {@link TrainMessage}.
 * @param value - What arrived.
 */
export function isTrainMessage(value: unknown): value is TrainMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<TrainMessage>;
  const settings = message.settings as Partial<TrainSettings> | undefined;
  return (
    message.type === 'train' &&
    Array.isArray(message.runs) &&
    message.runs.length >= 1 &&
    message.runs.length <= 4 &&
    message.runs.every((run) => typeof run === 'object' && run !== null && typeof run.fn === 'string' && typeof run.config === 'object' && run.config !== null) &&
    typeof settings === 'object' &&
    settings !== null &&
    typeof settings.data === 'string' &&
    typeof settings.rate === 'number' &&
    typeof settings.steps === 'number' &&
    typeof settings.seed === 'number' &&
    (message.digits === undefined || message.digits instanceof Uint8Array)
  );
}
