/**
 * The playground's registry: every built-in activation, registered
 * explicitly from the packages' public exports, as any application would.
 *
 * @packageDocumentation
 */
import { createRegistry, type AnyActivationPlugin, type Registry } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';

/** The frozen registry the page lists, plots and trains with. */
export const registry: Registry = createRegistry().use(builtInPlugins).freeze();

/**
 * Whether a plugin has a curve y = f(x): elementwise activations do; Softmax,
 * GLU and Maxout compute each output from a group of inputs and do not.
 *
 * @param plugin - A registered plugin.
 */
export function isPlottable(plugin: AnyActivationPlugin): boolean {
  return plugin.traits.elementwise;
}

/** The registered plugins in the registry's listing order. */
export function listedPlugins(): AnyActivationPlugin[] {
  return registry.plugins();
}
