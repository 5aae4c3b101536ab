/**
 * Legend labels: an activation's display name and the parameters that
 * differ from its defaults.
 *
 * @packageDocumentation
 */
import type { AnyActivationPlugin } from '@rectify/core';

/**
 * The label of an activation with its config.
 *
 * @param plugin - The plugin.
 * @param config - Its validated config.
 */
export function curveLabel(plugin: AnyActivationPlugin, config: Readonly<Record<string, unknown>>): string {
  const defaults = plugin.defaults as Readonly<Record<string, unknown>>;
  const changed = Object.keys(config).filter((key) => !Object.is(config[key], defaults[key]));
  const parameters = changed.length === 0 ? '' : ` (${changed.map((key) => `${key} = ${String(config[key])}`).join(', ')})`;
  return `${plugin.displayName}${plugin.traits.stochastic ? ' (eval)' : ''}${parameters}`;
}
