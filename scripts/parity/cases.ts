/**
 * The cases of the parity table: every built-in activation with its configs,
 * one small shape each (a software GPU compiles a program per op and shape),
 * the conformance kit's edge inputs, and the tolerance within which an
 * engine's value counts as agreeing with Rectify's.
 *
 * Imported by the tests of `@rectify/tfjs` and `@rectify/onnx` and by the
 * browser page, so it reaches the workspace's sources by relative paths.
 */
import { builtInPlugins } from '../../apps/cli/src/registry.js';
import { DY_EDGES, engineCases, inputs, type EngineCase, type EngineFamily } from '../../packages/testing/src/engine.js';
import { float32Families } from '../engines/families.js';

/**
 * The shared table, one shape per family (a software GPU compiles a program
 * per op and shape), in evaluation mode; an engine whose arithmetic differs
 * from Rectify's bit-exact families is still "within tolerance" up to 8
 * float32 ulps of 1.
 */
export const PARITY_FAMILIES: Readonly<Record<string, EngineFamily<number>>> = float32Families({ firstShapeOnly: true, withoutTraining: true, bitsTolerance: 1e-6 });

/** One activation, config, shape and input of the table (evaluation mode). */
export type ParityCase = EngineCase<number>;

/** Every built-in activation's cases, in the registry's order. */
export const PARITY_CASES: readonly ParityCase[] = engineCases(builtInPlugins, PARITY_FAMILIES);

/**
 * The output gradient fed to every engine's backward: ±0, NaN and ∞ among
 * ordinary values, as in the packages' own engine tests.
 *
 * @param c - The case.
 * @returns dy, one value per element of y.
 */
export function outputGradient(c: ParityCase): number[] {
  const size = c.plugin.create(c.config).outputShape(c.shape).reduce((a, b) => a * b, 1);
  return inputs(size, DY_EDGES, 99);
}
