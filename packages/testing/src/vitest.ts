/**
 * The conformance kit as vitest tests: one `describe` per plugin, one `it` per
 * property and dtype.
 *
 * @packageDocumentation
 */
import { describe, it } from 'vitest';
import type { AnyActivationPlugin } from '@rectify/core';
import { createContext, type ConformanceOptions } from './context.js';
import { conformanceProperties } from './properties.js';
import { checkProperty } from './run.js';

/**
 * Declares the conformance tests of a plugin in the current vitest file.
 *
 * @param plugin - The plugin under test.
 * @param options - Config, runs per property (default 100), seed, shapes.
 *
 * @example
 * ```ts
 * import { describeConformance } from '@rectify/testing/vitest';
 * import { swish } from '../src/index.js';
 *
 * describeConformance(swish);
 * describeConformance(swish, { config: { beta: 2 } });
 * ```
 * @public
 */
export function describeConformance(plugin: AnyActivationPlugin, options: ConformanceOptions = {}): void {
  const label = options.config === undefined ? plugin.name : `${plugin.name} ${JSON.stringify(options.config)}`;
  describe(`conformance: ${label}`, () => {
    const context = createContext(plugin, options);
    for (const property of conformanceProperties) {
      if (!property.applies(context)) continue;
      for (const dtype of property.dtypes) {
        it(`should satisfy "${property.name}" in ${dtype}`, () => {
          const result = checkProperty(plugin, property, dtype, options);
          if (!result.passed) throw new Error(result.message);
        });
      }
    }
  });
}
