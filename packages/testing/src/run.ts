import fc from 'fast-check';
import type { AnyActivationPlugin, DType } from '@rectify/core';
import { createContext, type Case, type ConformanceOptions } from './context.js';
import { conformanceProperties, type ConformanceProperty } from './properties.js';

/**
 * The outcome of one property in one dtype.
 * @public
 */
export interface PropertyResult {
  /** The property's name. */
  readonly property: string;
  /** The dtype it ran in. */
  readonly dtype: DType;
  /** Whether every run passed. */
  readonly passed: boolean;
  /** Runs executed (cases skipped by a precondition are not counted). */
  readonly numRuns: number;
  /** On failure: fast-check's report, with the shrunk counterexample (its config and mode included), the reason, and the seed to replay it. */
  readonly message?: string;
}

/**
 * The outcome of a conformance run.
 * @public
 */
export interface ConformanceReport {
  /** The plugin's canonical name. */
  readonly plugin: string;
  /** Whether every property passed. */
  readonly passed: boolean;
  /** One entry per property and dtype. */
  readonly results: readonly PropertyResult[];
}

/** Drops stack-trace lines from a report: the reason and the counterexample are what a reader needs. */
function withoutStack(message: string): string {
  return message
    .split('\n')
    .filter((line) => !/^\s+at\s/.test(line))
    .join('\n');
}

/**
 * Runs one property in one dtype and reports, without throwing.
 *
 * @param plugin - The plugin under test.
 * @param property - One of {@link conformanceProperties}.
 * @param dtype - The dtype.
 * @param options - Pinned config fields, runs, seed, shapes, providers; see {@link ConformanceOptions}.
 * @public
 */
export function checkProperty(plugin: AnyActivationPlugin, property: ConformanceProperty, dtype: DType, options: ConformanceOptions = {}): PropertyResult {
  const context = createContext(plugin, options);
  const parameters: fc.Parameters<[Case, ...unknown[]]> = { numRuns: options.numRuns ?? 100, includeErrorInReport: true };
  const details = fc.check(property.build(context, dtype), options.seed === undefined ? parameters : { ...parameters, seed: options.seed });
  const base = { property: property.name, dtype, passed: !details.failed, numRuns: details.numRuns };
  return details.failed ? { ...base, message: withoutStack(fc.defaultReportMessage(details) ?? 'failed') } : base;
}

/**
 * Runs the whole conformance kit on a plugin and returns a report. This is
 * what `rectify check` calls; in a test file, `describeConformance` from
 * `@rectify/testing/vitest` gives one test per property instead.
 *
 * @param plugin - The plugin under test.
 * @param options - Pinned config fields, config generation, runs per
 * property (default 100), seed, shapes, kernel providers; see
 * {@link ConformanceOptions}. With `providers`, the property `kernel
 * providers give the same bits` runs too.
 *
 * @example
 * ```ts
 * const report = runConformance(swish, { numRuns: 50 });
 * if (!report.passed) console.error(formatReport(report));
 * runConformance(relu, { providers: [simd] }); // and every kernel path gives the same bits
 * ```
 * @public
 */
export function runConformance(plugin: AnyActivationPlugin, options: ConformanceOptions = {}): ConformanceReport {
  const context = createContext(plugin, options);
  const results: PropertyResult[] = [];
  for (const property of conformanceProperties) {
    if (!property.applies(context)) continue;
    for (const dtype of property.dtypes) results.push(checkProperty(plugin, property, dtype, options));
  }
  return { plugin: plugin.name, passed: results.every((r) => r.passed), results };
}

/**
 * Renders a report as text: one line per property, the failure reports after.
 *
 * @param report - From {@link runConformance}.
 * @public
 */
export function formatReport(report: ConformanceReport): string {
  const lines = report.results.map((r) => `${r.passed ? 'pass' : 'FAIL'}  ${r.property} (${r.dtype}, ${r.numRuns} runs)`);
  for (const r of report.results) if (!r.passed) lines.push('', `${r.property} (${r.dtype}):`, r.message ?? '');
  lines.push('', `${report.plugin}: ${report.passed ? 'all properties passed' : `${report.results.filter((r) => !r.passed).length} of ${report.results.length} failed`}`);
  return lines.join('\n');
}
