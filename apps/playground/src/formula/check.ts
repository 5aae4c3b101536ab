/**
 * Checks a custom activation with the conformance kit: its derivative
 * against central finite differences, and its continuity. The result is
 * what the page's badge shows.
 *
 * @packageDocumentation
 */
import type { AnyActivationPlugin } from '@rectify/core';
import { checkProperty, conformanceProperties } from '@rectify/testing';

/** The kit's properties the badge runs. */
export const BADGE_PROPERTIES: readonly string[] = Object.freeze(['gradient matches finite differences', 'Lipschitz continuity']);

/** What the badge shows. */
export type BadgeResult =
  | { readonly passed: true; readonly properties: readonly string[] }
  | {
      readonly passed: false;
      /** The property that failed. */
      readonly property: string;
      /** The kit's reason. */
      readonly reason: string;
      /** The input at which it failed, read from the kit's counterexample, when it names one. */
      readonly point?: number;
      /** The kit's whole report. */
      readonly report: string;
    };

/** The kit's one-line reason from its report ("Got error: …"), or the report's first line. */
function reasonOf(report: string): string {
  const error = /Got error: (.+)/.exec(report)?.[1];
  return (error ?? report.split('\n')[0] ?? report).trim();
}

/**
 * The input the failure is about: the kit names an output (`at output j`) or
 * a gradient (`dx[j]`) of its counterexample's input tensor, whose data the
 * report prints as `Float64Array.from([...])`.
 */
function pointOf(report: string, reason: string): number | undefined {
  const index = Number(/at output (\d+)|dx\[(\d+)\]/.exec(reason)?.slice(1).find((group) => group !== undefined));
  const data = /"x":\{"data":Float64Array\.from\(\[([^\]]*)\]\)/.exec(report)?.[1];
  if (!Number.isSafeInteger(index) || data === undefined) return undefined;
  const value = Number(data.split(',')[index]);
  return Number.isNaN(value) ? undefined : value;
}

/**
 * Runs the badge's properties on a plugin, in float64, with a fixed seed so
 * that the same formula always gets the same verdict.
 *
 * @param plugin - The custom activation.
 * @param numRuns - Runs per property.
 */
export function checkFormula(plugin: AnyActivationPlugin, numRuns = 100): BadgeResult {
  for (const name of BADGE_PROPERTIES) {
    const property = conformanceProperties.find((candidate) => candidate.name === name);
    if (!property) throw new Error(`the conformance kit has no property "${name}"`);
    const result = checkProperty(plugin, property, 'float64', { numRuns, seed: 1 });
    if (!result.passed) {
      const report = result.message ?? 'failed';
      const reason = reasonOf(report);
      const point = pointOf(report, reason);
      return point === undefined ? { passed: false, property: name, reason, report } : { passed: false, property: name, reason, point, report };
    }
  }
  return { passed: true, properties: BADGE_PROPERTIES };
}
