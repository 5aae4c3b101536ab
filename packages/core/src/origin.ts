import type { Activation } from './activation.js';
import { RectifyError, describeValue } from './errors.js';
import type { AnyActivationPlugin } from './plugin.js';

const origins = new WeakMap<object, AnyActivationPlugin>();

/**
 * Records that `plugin` created `activation`, so that {@link pluginOf} can
 * find the plugin later. {@link definePlugin}'s `create` and a registry's
 * `create` and `fromJSON` call it; a plugin written without either can call
 * it from its own `create`.
 *
 * @remarks
 * Only a plugin whose name is the activation's is recorded: a definition
 * that reuses another plugin's `create` under a new name leaves the
 * activation's own plugin as its origin.
 *
 * @param activation - The activation just created.
 * @param plugin - The plugin whose `create` made it.
 * @returns The activation, unchanged.
 * @public
 */
export function recordOrigin<A extends Activation>(activation: A, plugin: AnyActivationPlugin): A {
  if (typeof activation === 'object' && activation !== null && plugin?.name === activation.name) origins.set(activation, plugin);
  return activation;
}

/**
 * The plugin that created an activation: what an engine adapter reads the
 * activation's lowering from, so that `toOnnx(activation, options)` needs no
 * plugin argument.
 *
 * @remarks
 * Known for every activation made by a plugin built with
 * {@link definePlugin} or {@link defineElementwise} (every built-in), and for
 * every activation a {@link Registry} creates or reads from JSON. Nothing is
 * added to the activation object itself; the link is held weakly.
 *
 * @example
 * ```ts
 * import { pluginOf } from '@rectify/core';
 * import { relu } from '@rectify/relu';
 *
 * pluginOf(relu.create()) === relu; // true
 * ```
 * @param activation - Any activation.
 * @returns Its plugin, or `undefined` when nothing recorded one.
 * @public
 */
export function pluginOf(activation: Activation): AnyActivationPlugin | undefined {
  return typeof activation === 'object' && activation !== null ? origins.get(activation) : undefined;
}

/**
 * Where an engine adapter finds an activation's plugin when it is given one:
 * the plugin itself, or a registry (anything with `get(name)`, such as
 * `createRegistry().use(...)`).
 * @public
 */
export type PluginSource =
  | AnyActivationPlugin
  | {
      /**
       * The plugin registered under a name.
       * @param name - The activation's name.
       */
      get(name: string): AnyActivationPlugin;
    };

/**
 * The plugin of an activation: from `source` when one is given, otherwise
 * the plugin that created it ({@link pluginOf}).
 *
 * @param activation - The activation.
 * @param source - Its plugin or a registry that knows it; optional for
 * activations whose origin is recorded.
 * @param field - The option's name for error messages; defaults to `'plugin'`.
 * @returns The plugin, whose name is the activation's.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` when `source` is not a plugin
 * or registry, is a plugin of another name, or is absent and no origin was
 * recorded; a registry's own `UNKNOWN_ACTIVATION` when it lacks the name.
 * @public
 */
export function findPlugin(activation: Activation, source?: PluginSource, field = 'plugin'): AnyActivationPlugin {
  if (source === undefined) {
    const recorded = pluginOf(activation);
    if (recorded !== undefined) return recorded;
    throw new RectifyError('INVALID_ARGUMENT', `the plugin of "${activation.name}" is unknown: it was not made by definePlugin, defineElementwise or a registry, so give ${field}: its plugin or a registry that knows it`, { field, value: source });
  }
  if (typeof source !== 'object' || source === null) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} must be the activation's plugin or a registry that knows it, got ${describeValue(source)}`, { field, value: source });
  }
  const plugin = 'get' in source && typeof source.get === 'function' ? source.get(activation.name) : (source as AnyActivationPlugin);
  if (typeof plugin !== 'object' || plugin === null || plugin.name !== activation.name) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} is ${describeValue(plugin?.name ?? plugin)}, not the plugin of the activation "${activation.name}"`, { field, value: plugin?.name });
  }
  return plugin;
}
