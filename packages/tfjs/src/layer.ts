/**
 * Rectify activations as TensorFlow.js layers, serialisable with the model.
 */
import { RectifyError, describeValue, findPlugin, recordOrigin, type Activation, type ActivationJSON, type AnyActivationPlugin, type Parameter, type PluginSource } from '@rectify/core';
import * as tf from '@tensorflow/tfjs-core';
import { initializers, layers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import { toTfjs, type TfjsActivation } from './to-tfjs.js';

/**
 * The arguments of a tfjs `Layer` (`name`, `inputShape`, `trainable`, …).
 * @public
 */
export type TfjsLayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

/**
 * What {@link registerTfjsLayers} needs of a registry: its plugins by name,
 * and activations from their JSON (a `Registry` from `createRegistry` has both).
 * @public
 */
export interface LayerRegistry {
  /** The plugin registered under a name. */
  get(name: string): AnyActivationPlugin;
  /** An activation from its JSON, validated. */
  fromJSON(json: unknown): Activation;
}

/** The class name of the layer in a saved model's topology, and the package it is registered under. */
const CLASS_NAME = 'Rectify';

/** Every layer made by a class of {@link layerClass}, for {@link toRectify}. */
const rectifyLayers = new WeakSet<object>();

/** A tfjs shape (null for the batch axis) as a Rectify shape: null becomes 1. */
const concrete = (shape: readonly (number | null)[]): number[] => shape.map((d) => (d === null ? 1 : d));

/**
 * The layer class of one registry: a tfjs `Layer` that applies a Rectify
 * activation through {@link toTfjs}, with its parameters (PReLU's `weight`)
 * as the layer's trainable weights, initialised from the activation's values.
 *
 * @param registry - Where the plugin, and on loading the activation, come from.
 */
function layerClass(registry: LayerRegistry): new (args: TfjsLayerArgs & { activation: ActivationJSON | Activation }) => layers.Layer {
  class RectifyLayer extends layers.Layer {
    /** The class name of a saved model's topology. */
    static className = CLASS_NAME;
    readonly #activation: Activation;
    readonly #plugin: AnyActivationPlugin;
    #weights: Record<string, LayerVariable> = {};
    readonly #functions = new Map<boolean, TfjsActivation>();

    constructor(args: TfjsLayerArgs & { activation: ActivationJSON | Activation }) {
      const { activation, ...rest } = args;
      super(rest);
      this.#activation = 'forward' in activation ? activation : registry.fromJSON(activation);
      this.#plugin = registry.get(this.#activation.name);
      rectifyLayers.add(this);
    }

    override build(inputShape: Shape | Shape[]): void {
      for (const p of this.#activation.parameters) {
        const weight = this.addWeight(p.name, [...p.shape], 'float32', initializers.zeros(), undefined, true);
        const values = tf.tensor(Float32Array.from(p.data), [...p.shape], 'float32');
        weight.write(values);
        values.dispose();
        this.#weights[p.name] = weight;
      }
      super.build(inputShape);
    }

    /** The function for a mode, made on first use. */
    #function(training: boolean): TfjsActivation {
      let f = this.#functions.get(training);
      if (f === undefined) {
        const parameters = Object.fromEntries(Object.entries(this.#weights).map(([name, w]) => [name, w.read()]));
        // A stochastic activation's own seed (RReLU's `seed`) seeds its draws, so training repeats exactly.
        const seed = (this.#activation.config as { readonly seed?: unknown }).seed;
        f = toTfjs(this.#activation, { plugin: this.#plugin, parameters, training, ...(typeof seed === 'number' ? { seed } : {}) });
        this.#functions.set(training, f);
      }
      return f;
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      return this.#function(kwargs['training'] === true)(x);
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const shape = (Array.isArray(inputShape[0]) || inputShape[0] === undefined ? inputShape[0] : inputShape) as Shape;
      const out: Shape = this.#activation.outputShape(concrete(shape));
      // The batch axis (null) stays unknown.
      return out.map((d, i) => (shape[i] === null && out.length === shape.length ? null : d));
    }

    /** A new activation with the layer's current weights as its parameters. */
    toRectify(): Activation {
      const activation = this.#plugin.create(this.#activation.config);
      for (const p of activation.parameters) {
        const weight = this.#weights[p.name];
        if (weight !== undefined) p.data.set(weight.read().dataSync());
        else p.data.set((this.#activation.parameters.find((q) => q.name === p.name) as Parameter).data);
      }
      return recordOrigin(activation, this.#plugin);
    }

    override getConfig(): tf.serialization.ConfigDict {
      const json = JSON.parse(JSON.stringify(this.#activation.toJSON())) as tf.serialization.ConfigDictValue;
      return { ...super.getConfig(), activation: json };
    }

    override dispose(): ReturnType<layers.Layer['dispose']> {
      rectifyLayers.delete(this);
      for (const f of this.#functions.values()) f.dispose();
      this.#functions.clear();
      return super.dispose();
    }
  }
  return RectifyLayer;
}

/** The registries whose layer classes were made, each class once. */
const classes = new WeakMap<LayerRegistry, ReturnType<typeof layerClass>>();

/** The layer class of a registry, made once. */
function classOf(registry: LayerRegistry): ReturnType<typeof layerClass> {
  let cls = classes.get(registry);
  if (cls === undefined) {
    cls = layerClass(registry);
    classes.set(registry, cls);
  }
  return cls;
}

/** The one-plugin registries made so far, one per plugin, so that each plugin's layers share a class. */
const single = new WeakMap<AnyActivationPlugin, LayerRegistry>();

/** A registry of one plugin, for {@link tfjsLayer} given a plugin or none. */
function singlePluginRegistry(plugin: AnyActivationPlugin): LayerRegistry {
  let registry = single.get(plugin);
  if (registry === undefined) {
    registry = {
      get: (name) => {
        if (name !== plugin.name) throw new RectifyError('UNKNOWN_ACTIVATION', `tfjsLayer: the plugin "${plugin.name}" is not "${name}"`, { value: name });
        return plugin;
      },
      fromJSON: (json) => {
        throw new RectifyError('INVALID_ARGUMENT', `tfjsLayer: cannot load ${JSON.stringify(json).slice(0, 40)} without a registry; use registerTfjsLayers(registry)`);
      },
    };
    single.set(plugin, registry);
  }
  return registry;
}

/**
 * A TensorFlow.js layer that applies a Rectify activation, for
 * `tf.sequential` and the functional API.
 *
 * @remarks
 * The layer calls {@link toTfjs} (exact fallbacks, PyTorch's gradients), in
 * training mode inside `model.fit` (RReLU draws its slopes there). Learnable
 * parameters (PReLU's `weight`) become the layer's trainable weights,
 * initialised from the activation's values, so `fit` trains them and
 * `model.save` saves them. Maxout and GLU change the shape (the channel axis
 * is the activation's `axis`; axis 1 is the units of a `dense` layer's
 * output). The layer's config is the activation's Rectify JSON; to load a
 * saved model, register the class first with {@link registerTfjsLayers}.
 *
 * @example
 * ```ts
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ units: 8, inputShape: [4] }),
 *   tfjsLayer(prelu.create({ numParameters: 8 })),
 *   tf.layers.dense({ units: 1 }),
 * ] });
 * ```
 *
 * @param activation - A Rectify activation.
 * @param args - The tfjs layer's own arguments, and `plugin`: the
 * activation's plugin or a registry (the one later given to
 * {@link registerTfjsLayers}), needed only where the activation's plugin was
 * not recorded (`pluginOf` in `@rectify/core`). Defaults to `{}`.
 * @returns A new layer.
 * @throws `RectifyError` as {@link toTfjs} does, when first called.
 * @public
 */
export function tfjsLayer(activation: Activation, args: TfjsLayerArgs & { readonly plugin?: PluginSource } = {}): layers.Layer {
  if (typeof activation !== 'object' || activation === null || typeof activation.name !== 'string') {
    throw new RectifyError('INVALID_ARGUMENT', `tfjsLayer: activation must be a Rectify activation, got ${describeValue(activation)}`, { field: 'activation', value: activation });
  }
  if (typeof args !== 'object' || args === null) {
    throw new RectifyError('INVALID_ARGUMENT', `tfjsLayer: args must be an object such as { name: 'act1' }, got ${describeValue(args)}`, { field: 'args', value: args });
  }
  const { plugin: source, ...rest } = args;
  const registry: LayerRegistry =
    typeof source === 'object' && source !== null && 'get' in source && 'fromJSON' in source
      ? (source as LayerRegistry)
      : singlePluginRegistry(findPlugin(activation, source, 'args.plugin'));
  const Layer = classOf(registry);
  return new Layer({ ...rest, activation });
}

/**
 * Registers the Rectify layer class with TensorFlow.js' serialization, as
 * `tf.serialization.registerClass(cls, 'Rectify')`, so that
 * `tf.loadLayersModel` rebuilds the layers of a saved model, each activation
 * from its JSON by this registry.
 *
 * @remarks
 * tfjs keeps one class per name: the last registry registered is the one
 * loading uses. Layers made by {@link tfjsLayer} with this registry save under
 * the same name.
 *
 * @param registry - A registry holding the plugins of the saved activations.
 * @returns The registered layer class.
 * @public
 */
export function registerTfjsLayers(registry: LayerRegistry): new (args: TfjsLayerArgs & { activation: ActivationJSON | Activation }) => layers.Layer {
  const cls = classOf(registry);
  tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<layers.Layer>, CLASS_NAME);
  return cls;
}

/**
 * The Rectify activation of a layer made by {@link tfjsLayer} or loaded by
 * `tf.loadLayersModel`, with the layer's trained weights as its parameters
 * (PReLU's slopes after `model.fit`): what carries a model trained in
 * TensorFlow.js back to Rectify, and to its JSON.
 *
 * @remarks
 * The activation is new, made by the layer's plugin from the layer's config;
 * the weights are copied (float32 values, held as float64). Later training
 * of the layer does not change it.
 *
 * @example
 * ```ts
 * const layer = tfjsLayer(registry.create('prelu', { numParameters: 8 }));
 * // … model.fit(…) …
 * const json = JSON.stringify(toRectify(layer).toJSON()); // the trained slopes
 * ```
 *
 * @param layer - A Rectify layer.
 * @returns A new activation holding the layer's current weights.
 * @throws `RectifyError` `INVALID_ARGUMENT` for a layer that is not a Rectify
 * layer, or has been disposed.
 * @public
 */
export function toRectify(layer: layers.Layer): Activation {
  if (typeof layer !== 'object' || layer === null || !rectifyLayers.has(layer as never)) {
    throw new RectifyError('INVALID_ARGUMENT', `toRectify: layer must be a layer made by tfjsLayer or loaded with registerTfjsLayers, got ${describeValue((layer as { name?: unknown } | null)?.name ?? layer)}`, { field: 'layer', value: layer });
  }
  return (layer as unknown as { toRectify(): Activation }).toRectify();
}
