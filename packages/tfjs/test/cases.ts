/**
 * The data-driven cases: every built-in activation with its configs and
 * shapes (the shared table of scripts/engines/families.ts) at their float32
 * tolerances, edge inputs, in evaluation mode (TensorFlow.js draws RReLU's
 * training slopes from its own generator).
 */
import { builtInPlugins } from '@rectify/cli/registry';
import { engineCases, type EngineCase } from '@rectify/testing';
import { float32Families } from '../../../scripts/engines/families.js';

export { DY_EDGES, inputs } from '@rectify/testing';

/** One activation, config, shape, input and mode. */
export type Case = EngineCase<number>;

/** Every built-in plugin's configs times its shapes, inputs seeded per case. */
export const CASES: readonly Case[] = engineCases(builtInPlugins, float32Families({ withoutTraining: true }));
