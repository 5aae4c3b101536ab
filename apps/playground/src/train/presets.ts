/**
 * The dying-ReLU preset: the same network, data, seed and a learning rate
 * high enough that many ReLU units end with a zero gradient on every point,
 * while Leaky ReLU's slope keeps each of its units learning.
 *
 * @packageDocumentation
 */
import type { TrainSettings } from '../state.js';

/** The settings of the preset. */
export const DYING_RELU_SETTINGS: TrainSettings = Object.freeze({ data: 'circles', rate: 3, steps: 300, seed: 1 });

/** The activations the preset compares, by registered name. */
export const DYING_RELU_PAIR: readonly [string, string] = Object.freeze(['relu', 'leaky_relu']) as readonly [string, string];
