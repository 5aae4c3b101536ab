import fc from 'fast-check';
import { LOWERING_OPS, type LoweredValue } from '@rectify/core';
import { fail } from './compare.js';
import type { ConformanceProperty } from './properties.js';

/** Every op a lowered value uses, its fallbacks' included. */
function opsOf(value: LoweredValue): string[] {
  if (!('op' in value)) return [];
  return [value.op, ...value.inputs.flatMap(opsOf), ...(value.fallback === undefined ? [] : opsOf(value.fallback))];
}

/** Every graph input a lowered value reads. */
function inputsOf(value: LoweredValue): string[] {
  if ('input' in value) return [value.input];
  if (!('op' in value)) return [];
  return [...value.inputs.flatMap(inputsOf), ...(value.fallback === undefined ? [] : inputsOf(value.fallback))];
}

/**
 * The kit's property for a plugin that declares a lowering: for drawn configs
 * and the shapes the activation accepts, the lowering is plain data (a JSON
 * round trip gives it back unchanged), uses only ops of `LOWERING_OPS`, and
 * its forward reads only x (its backward x, y and dy).
 * @internal
 */
export const loweringIsData: ConformanceProperty = {
  name: 'lowering is data over the op set',
  description: 'plugin.lowering(config, shape) survives a JSON round trip, uses only LOWERING_OPS, and its forward reads only x.',
  dtypes: ['float64'],
  applies: (context) => context.plugin.lowering !== undefined,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), ({ config, x }) => {
      const lowering = context.plugin.lowering?.(config, x.shape);
      if (lowering === undefined) fail('lowering returned nothing');
      if (JSON.stringify(JSON.parse(JSON.stringify(lowering))) !== JSON.stringify(lowering)) fail('the lowering does not survive a JSON round trip');
      const values = [lowering.forward, ...(lowering.backward === undefined ? [] : [lowering.backward]), ...Object.values(lowering.saved ?? {}), ...Object.values(lowering.parameterGradients ?? {})];
      for (const op of values.flatMap(opsOf)) if (!(LOWERING_OPS as readonly string[]).includes(op)) fail(`the lowering uses ${JSON.stringify(op)}, which is not in LOWERING_OPS`);
      for (const input of inputsOf(lowering.forward)) if (input !== 'x') fail(`the forward reads ${JSON.stringify(input)}; it may read only x`);
    }),
};
