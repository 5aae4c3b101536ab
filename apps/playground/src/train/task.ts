/**
 * What a run trains: the examples of its data set, any test examples kept
 * apart, and the width of the network's hidden layers.
 *
 * @packageDocumentation
 */
import { RectifyError } from '@rectify/core';
import { DIGIT_CLASSES, DIGIT_PIXELS, DIGIT_SIDE, DIGITS_IN_ASSET, type DigitsAsset } from '../digits/format.js';
import type { Dataset, TrainSettings } from '../state.js';
import { digitExamples, makePoints, type Examples } from './datasets.js';

/** Points in each toy data set. */
export const POINTS = 200;

/** Units in each hidden layer for the toy data. */
export const TOY_HIDDEN = 16;

/** Units in each hidden layer for the digits. */
export const DIGITS_HIDDEN = 32;

/** The data and the network's width for one run. */
export interface TrainingTask {
  /** The examples the network trains on. */
  readonly train: Examples;
  /** Examples kept apart to measure the trained network, when the data set has them. */
  readonly test?: Examples;
  /** Units in each hidden layer. */
  readonly hidden: number;
}

/**
 * The task of a run's settings: toy points drawn from the seed, or the
 * digits of the asset.
 *
 * @param settings - The data set and seed.
 * @param digits - The decoded digits asset, needed for `digits`.
 * @throws RectifyError `INVALID_ARGUMENT` for `digits` without the asset.
 */
export function makeTask(settings: TrainSettings, digits?: DigitsAsset): TrainingTask {
  if (settings.data !== 'digits') return { train: makePoints(settings.data, POINTS, settings.seed), hidden: TOY_HIDDEN };
  if (!digits) throw new RectifyError('INVALID_ARGUMENT', 'training on digits needs the digits asset', { field: 'data', value: settings.data });
  return { train: digitExamples(digits.train), test: digitExamples(digits.test), hidden: DIGITS_HIDDEN };
}

/** How the page describes a task before it runs. */
export interface TaskDescription {
  /** The layers' widths, `inputs → h → h → classes`. */
  readonly shape: string;
  /** What it trains on. */
  readonly examples: string;
}

/**
 * Describes the task of a data set.
 *
 * @param data - The data set.
 */
export function describeTask(data: Dataset): TaskDescription {
  const shape = (inputs: number, hidden: number, classes: number) => `${inputs} → ${hidden} → ${hidden} → ${classes}`;
  if (data !== 'digits') return { shape: shape(2, TOY_HIDDEN, 2), examples: `${POINTS} points` };
  return {
    shape: shape(DIGIT_PIXELS, DIGITS_HIDDEN, DIGIT_CLASSES),
    examples: `${DIGITS_IN_ASSET.train.toLocaleString('en')} MNIST digits of ${DIGIT_SIDE} × ${DIGIT_SIDE} pixels (tested on ${DIGITS_IN_ASSET.test.toLocaleString('en')} others)`,
  };
}
