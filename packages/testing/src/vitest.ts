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
 * @param options - Pinned config fields, config generation, runs per
 * property (default 100), seed, shapes, kernel providers; see
 * {@link ConformanceOptions}. With `providers`, the property `kernel
 * providers give the same bits` is declared too.
 *
 * @example
 * ```ts
 * import { describeConformance } from '@rectify/testing/vitest';
 * import { swish } from '../src/index.js';
 *
 * describeConformance(swish); // configs drawn from swish's fields
 * describeConformance(swish, { config: { beta: 2 } }); // beta pinned
 * describeConformance(swish, { providers: [myProvider] }); // and every kernel path gives the same bits
 * ```
 * @public
 */
export function describeConformance(plugin: AnyActivationPlugin, options: ConformanceOptions = {}): void {
  const pinned = options.config === undefined ? '' : ` ${JSON.stringify(options.config)}`;
  const providers = options.providers === undefined || options.providers.length === 0 ? '' : ` with kernels ${options.providers.map((p) => p.name).join(', ')}`;
  const label = `${plugin.name}${pinned}${providers}`;
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
