/**
 * The data-driven cases: every built-in activation with its configs and
 * shapes (the shared table of scripts/engines/families.ts), edge inputs, and
 * how closely ONNX Runtime must give Rectify's values in each dtype.
 */
import { builtInPlugins } from '@rectify/cli/registry';
import { engineCases, type EngineCase } from '@rectify/testing';
import { ENGINE_FAMILIES, type Tolerances } from '../../../scripts/engines/families.js';

export { DY_EDGES, inputs } from '@rectify/testing';

/** One activation, config, shape, input and mode. */
export type Case = EngineCase<Tolerances>;

/** Every built-in plugin's configs times its shapes (and modes), inputs seeded per case. */
export const CASES: readonly Case[] = engineCases(builtInPlugins, ENGINE_FAMILIES);
