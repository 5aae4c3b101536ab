/**
 * The one registry `rectify` works with: the five rectifier plugins, taken
 * from their packages' public exports and registered explicitly.
 *
 * @packageDocumentation
 */
import { createRegistry, normalizeName, type AnyActivationPlugin, type Registry } from '@rectify/core';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';

/**
 * The plugins `rectify` registers, in the order the rectifier family is
 * usually introduced.
 * @internal
 */
export const builtInPlugins: readonly AnyActivationPlugin[] = [relu, leakyRelu, prelu, rrelu, maxout];

/**
 * Creates the frozen registry of {@link builtInPlugins}.
 * @internal
 */
export function createCliRegistry(): Registry {
  return createRegistry().use(builtInPlugins).freeze();
}

/**
 * Whether a name or alias, typed by a user, designates a plugin (ignoring
 * case, `_` and `-`, as registry lookup does).
 *
 * @param name - What the user typed.
 * @param plugin - The plugin.
 * @internal
 */
export function designates(name: string, plugin: AnyActivationPlugin): boolean {
  const key = normalizeName(name);
  return [plugin.name, ...plugin.aliases].some((candidate) => normalizeName(candidate) === key);
}
