/**
 * The one registry `rectify` works with: every built-in activation plugin,
 * taken from its package's public exports and registered explicitly.
 *
 * @packageDocumentation
 */
import { createRegistry, normalizeName, type AnyActivationPlugin, type Registry } from '@rectify/core';
import { celu, elu, selu } from '@rectify/elu';
import { gelu, mish } from '@rectify/gelu';
import { glu } from '@rectify/glu';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { hardshrink, softshrink, tanhshrink, threshold } from '@rectify/shrink';
import { hardsigmoid, hardswish, logsigmoid, sigmoid, silu } from '@rectify/sigmoid';
import { logSoftmax, softmax, softmin } from '@rectify/softmax';
import { softplus } from '@rectify/softplus';
import { hardtanh, relu6, softsign, tanh } from '@rectify/tanh';

/**
 * The built-in plugins by package, in the order `rectify` registers them:
 * the five rectifiers first (the family the tutorials introduce first), then
 * the other families.
 *
 * @remarks
 * The test suite checks that every `@rectify/*` activation package this app
 * depends on appears here with every plugin it exports, so a new package or
 * a new member of a family cannot be left out of the command.
 * @internal
 */
export const builtInPackages: readonly { readonly name: string; readonly plugins: readonly AnyActivationPlugin[] }[] = [
  { name: '@rectify/relu', plugins: [relu] },
  { name: '@rectify/leaky-relu', plugins: [leakyRelu] },
  { name: '@rectify/prelu', plugins: [prelu] },
  { name: '@rectify/rrelu', plugins: [rrelu] },
  { name: '@rectify/maxout', plugins: [maxout] },
  { name: '@rectify/sigmoid', plugins: [sigmoid, logsigmoid, hardsigmoid, silu, hardswish] },
  { name: '@rectify/tanh', plugins: [tanh, softsign, hardtanh, relu6] },
  { name: '@rectify/elu', plugins: [elu, celu, selu] },
  { name: '@rectify/gelu', plugins: [gelu, mish] },
  { name: '@rectify/softplus', plugins: [softplus] },
  { name: '@rectify/shrink', plugins: [hardshrink, softshrink, tanhshrink, threshold] },
  { name: '@rectify/softmax', plugins: [softmax, logSoftmax, softmin] },
  { name: '@rectify/glu', plugins: [glu] },
];

/**
 * The plugins `rectify` registers: the rectifiers first, then the families,
 * in the order of {@link builtInPackages}.
 * @internal
 */
export const builtInPlugins: readonly AnyActivationPlugin[] = builtInPackages.flatMap((entry) => entry.plugins);

/**
 * The package each built-in plugin comes from, by canonical name, as
 * `rectify list` reports it.
 * @internal
 */
export const packageOf: ReadonlyMap<string, string> = new Map(builtInPackages.flatMap((entry) => entry.plugins.map((plugin) => [plugin.name, entry.name] as const)));

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
