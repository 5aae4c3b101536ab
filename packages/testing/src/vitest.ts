/**
 * The conformance kit as vitest tests: one `describe` per plugin, one `it` per
 * property and dtype; and the reference check, one `it` per plugin and case.
 *
 * @packageDocumentation
 */
import { describe, it } from 'vitest';
import { RectifyError, type AnyActivationPlugin, type DType, type KernelProvider } from '@rectify/core';
import { edgeCasesWithDy, type EdgeRowWithDy } from './edges.js';
import { createContext, type ConformanceOptions } from './context.js';
import { parseReferenceFixture } from './fixture.js';
import { conformanceProperties } from './properties.js';
import { checkReferenceCase, formatMismatch, referenceCasesOf, type ReferenceMismatch } from './reference.js';
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

/**
 * Options for {@link describeReference}.
 * @public
 */
export interface DescribeReferenceOptions {
  /** Canonical names of the plugins checked bit for bit (`exact` in `checkReference`); the others within its tolerance. Each must be one of the plugins. */
  readonly exact?: readonly string[];
  /** Most mismatches a failing test lists. @defaultValue 20 */
  readonly maxExamples?: number;
  /** Kernel providers the activations are created with; see `checkReference`'s option. @defaultValue none */
  readonly providers?: readonly KernelProvider[];
}

/**
 * Declares one vitest test per plugin and reference case: each runs the
 * case as `checkReference` does and fails with the mismatches, listing the
 * case, index, input, result and reference value of each.
 *
 * @remarks
 * Declaring throws, failing the file, when the fixture is malformed, when a
 * plugin has no case in it, or when `exact` names no plugin: a misspelt name
 * cannot skip a check.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { describeReference } from '@rectify/testing/vitest';
 * import { leakyRelu } from '../src/index.js';
 *
 * const fixture = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8'));
 * describeReference([leakyRelu], fixture, { exact: ['leaky_relu'] });
 * ```
 *
 * @param plugins - The plugins, each with at least one case in the fixture.
 * @param fixture - The fixture document, as `JSON.parse` gives it.
 * @param options - Which plugins must match bit for bit; see {@link DescribeReferenceOptions}.
 * @throws `RectifyError` `INVALID_JSON` for a malformed fixture; `INVALID_ARGUMENT` for a plugin without cases or an unknown name in `exact`.
 * @public
 */
export function describeReference(plugins: readonly AnyActivationPlugin[], fixture: unknown, options: DescribeReferenceOptions = {}): void {
  const checked = parseReferenceFixture(fixture);
  const names = plugins.map((p) => p.name);
  const exact = new Set(options.exact ?? []);
  for (const name of exact) {
    if (!names.includes(name)) throw new RectifyError('INVALID_ARGUMENT', `describeReference: exact names "${name}", which is not one of the plugins (${names.join(', ')})`, { field: 'exact', value: name });
  }
  const planned = plugins.map((plugin) => ({ plugin, cases: referenceCasesOf(plugin, checked) }));
  const source = [checked.generator, checked.torch === undefined ? undefined : `torch ${checked.torch}`].filter((part) => part !== undefined).join(', ');
  const providers = (options.providers ?? []).map((p) => p.name).join(', ');
  describe(`reference${source === '' ? '' : ` (${source})`}${providers === '' ? '' : ` with kernels ${providers}`}`, () => {
    for (const { plugin, cases } of planned) {
      const bitExact = exact.has(plugin.name);
      for (const { index, reference } of cases) {
        it(`should match ${plugin.name} ${JSON.stringify(reference.config)} in ${reference.dtype}${bitExact ? ' bit for bit' : ''} (case ${index})`, () => {
          const sink: ReferenceMismatch[] = [];
          const result = checkReferenceCase(plugin, reference, index, { exact: bitExact, providers: options.providers ?? [] }, sink, options.maxExamples ?? 20);
          if (result.passed) return;
          const head = result.failure ?? `${result.mismatches} of ${result.compared} values differ (largest error y ${result.largestError.y}, dx ${result.largestError.dx})`;
          throw new Error([head, ...sink.map(formatMismatch)].join('\n'));
        });
      }
    }
  });
}

/**
 * Declares that a plugin with a config gives a table's y and dx bit for bit,
 * in each dtype the table has: {@link describeReference} with `exact` over
 * the cases {@link edgeCasesWithDy} makes. For hand-written tables of PyTorch's
 * values at ±0, saturation, ±∞ and NaN.
 *
 * @param plugin - The plugin.
 * @param config - Its config.
 * @param what - Where the rows sit, for the test names ("at ±0 and in saturation").
 * @param table - `[x, dy, y, dx]` rows per dtype.
 * @public
 */
export function describeEdges(plugin: AnyActivationPlugin, config: Readonly<Record<string, unknown>>, what: string, table: Readonly<Partial<Record<DType, readonly EdgeRowWithDy[]>>>): void {
  describeReference([plugin], { generator: `edge cases ${what}`, cases: edgeCasesWithDy(plugin.name, config, table) }, { exact: [plugin.name] });
}
