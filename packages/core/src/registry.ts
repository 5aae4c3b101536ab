import type { Activation, ActivationJSON } from './activation.js';
import { RectifyError, describeValue } from './errors.js';
import { decodeNumber } from './json.js';
import { normalizeName, suggestName } from './names.js';
import type { ActivationConfigMap, AnyActivationPlugin, KnownActivationName } from './plugin.js';
import { createKernels, type KernelProvider, type Kernels } from './provider.js';
import { recordOrigin } from './origin.js';
import { sameShape, sizeOf } from './tensor.js';

/**
 * Options for {@link createRegistry}.
 * @public
 */
export interface RegistryOptions {
  /**
   * Kernel providers, first asked first, for every activation this registry
   * creates: `createRegistry({ kernels: [simd] })` runs `@rectify/simd`'s
   * WebAssembly kernels wherever it has one. Activations a provider does not
   * know run their own loops, with the same bits.
   * @defaultValue `[]`: every activation's own loops
   */
  readonly kernels?: readonly KernelProvider[];
}

/**
 * Options for {@link Registry.use}.
 * @public
 */
export interface UseOptions {
  /**
   * Replace a registered plugin whose name or alias collides, instead of
   * throwing `DUPLICATE_NAME`.
   * @defaultValue `false`
   */
  readonly replace?: boolean;
}

/**
 * An explicit set of activation plugins, looked up by name or alias.
 *
 * @remarks
 * Built by {@link createRegistry}. There is no global registry: every program
 * builds its own, and nothing registers itself on import.
 * @public
 */
export interface Registry {
  /** The kernels every activation this registry creates runs: its providers, from {@link RegistryOptions}. */
  readonly kernels: Kernels;
  /**
   * Registers one plugin or several.
   * @param plugins - A plugin or an array of plugins.
   * @param options - `replace: true` to replace colliding plugins.
   * @returns The registry, for chaining.
   * @throws {@link RectifyError} `DUPLICATE_NAME` on a taken name or alias;
   * `FROZEN_REGISTRY` after {@link Registry.freeze}; `INVALID_ARGUMENT` for
   * something that is not a plugin. Nothing is registered when it throws.
   */
  use(plugins: AnyActivationPlugin | readonly AnyActivationPlugin[], options?: UseOptions): Registry;
  /**
   * Whether a name or alias is registered.
   * @param name - Matched ignoring case, `_` and `-`.
   */
  has(name: string): boolean;
  /**
   * The plugin for a name or alias.
   * @param name - Matched ignoring case, `_` and `-`.
   * @throws {@link RectifyError} `UNKNOWN_ACTIVATION`, listing the registered
   * names and suggesting the nearest.
   */
  get(name: string): AnyActivationPlugin;
  /**
   * Creates an activation by name, its config type-checked for known names.
   * @param name - A canonical name or alias.
   * @param config - Hyperparameters; missing fields take their defaults.
   * @throws {@link RectifyError} `UNKNOWN_ACTIVATION` or `INVALID_CONFIG`.
   */
  create<N extends KnownActivationName>(name: N, config?: Partial<ActivationConfigMap[N]>): Activation<ActivationConfigMap[N]>;
  /**
   * Creates an activation by a name that no imported package declares (a
   * custom plugin, or an alias).
   * @param name - A canonical name or alias.
   * @param config - Hyperparameters, validated by the plugin.
   */
  create<N extends string>(name: N extends KnownActivationName ? never : N, config?: object): Activation;
  /** The canonical names, sorted. */
  names(): string[];
  /** The registered plugins, sorted by name. */
  plugins(): AnyActivationPlugin[];
  /**
   * Rebuilds an activation, learnable parameters included, from the output
   * of {@link Activation.toJSON}, as an object or a JSON string.
   *
   * @remarks
   * The document is validated, never evaluated: format and version, a
   * registered name, a config the plugin accepts, and parameters that match
   * the created activation's names and shapes exactly. Keys `__proto__`,
   * `constructor` and `prototype` are refused anywhere, and so are strings
   * over 16 MiB and nesting deeper than 32.
   * @param json - The serialised activation.
   * @throws {@link RectifyError} `INVALID_JSON`, `UNKNOWN_ACTIVATION` or `INVALID_CONFIG`.
   */
  fromJSON(json: unknown): Activation;
  /**
   * Forbids further registration; lookups and creation still work.
   * @returns The registry.
   */
  freeze(): Registry;
  /** Whether {@link Registry.freeze} was called. */
  readonly frozen: boolean;
}

const MAX_JSON_LENGTH = 16 * 1024 * 1024;
const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function invalidJSON(message: string, field: string, value: unknown): RectifyError {
  return new RectifyError('INVALID_JSON', `invalid activation JSON: ${message}`, { field, value });
}

function checkTree(value: unknown, path: string, depth: number): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) throw invalidJSON(`nesting deeper than ${MAX_DEPTH} at ${path}`, path, undefined);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkTree(value[i], `${path}[${i}]`, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw invalidJSON(`forbidden key ${JSON.stringify(key)} at ${path}`, `${path}.${key}`, key);
    checkTree((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkPlugin(plugin: unknown, index: number): asserts plugin is AnyActivationPlugin {
  const field = `plugins[${index}]`;
  if (!isRecord(plugin)) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} must be an activation plugin object, got ${describeValue(plugin)}`, { field, value: plugin });
  }
  const { name, aliases, create, validate } = plugin;
  if (typeof name !== 'string' || normalizeName(name) === '') {
    throw new RectifyError('INVALID_ARGUMENT', `${field}.name must be a non-empty string, got ${describeValue(name)}`, { field: `${field}.name`, value: name });
  }
  if (!Array.isArray(aliases) || !aliases.every((alias) => typeof alias === 'string' && normalizeName(alias) !== '')) {
    throw new RectifyError('INVALID_ARGUMENT', `${field}.aliases must be an array of non-empty strings, got ${describeValue(aliases)}`, { field: `${field}.aliases`, value: aliases });
  }
  if (typeof create !== 'function' || typeof validate !== 'function') {
    throw new RectifyError('INVALID_ARGUMENT', `${field} (${name}) must have create() and validate() functions`, { field, value: plugin });
  }
}

/** Checks each parameter entry's shape and data length against the shapes a config gives, allocating nothing. */
function checkParameterShapes(name: string, shapes: Readonly<Record<string, readonly number[]>>, params: Record<string, unknown>): void {
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(shapes, key)) throw invalidJSON(`${name} has no parameter ${JSON.stringify(key)}`, `parameters.${key}`, params[key]);
  }
  for (const [key, shape] of Object.entries(shapes)) {
    const field = `parameters.${key}`;
    const entry = params[key];
    if (!isRecord(entry)) throw invalidJSON(`${field} must be an object { shape, data }, got ${describeValue(entry)}`, field, entry);
    if (!Array.isArray(entry.shape) || !sameShape(entry.shape as number[], shape)) {
      throw invalidJSON(`${field}.shape must be ${describeValue(shape)} for this config, got ${describeValue(entry.shape)}`, `${field}.shape`, entry.shape);
    }
    const size = sizeOf(shape);
    if (!Array.isArray(entry.data) || entry.data.length !== size) {
      throw invalidJSON(`${field}.data must be an array of ${size} numbers for this config, got ${describeValue(entry.data)}`, `${field}.data`, entry.data);
    }
  }
}

/**
 * Creates an empty, explicit registry of activation plugins.
 *
 * @example
 * ```ts
 * import { createRegistry } from '@rectify/core';
 * import { relu } from '@rectify/relu';
 *
 * const registry = createRegistry().use(relu).freeze();
 * const act = registry.create('ReLU');
 * ```
 * @param options - Kernel providers; see {@link RegistryOptions}. Defaults to none.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` for an unknown option or an entry that is not a provider.
 * @public
 */
export function createRegistry(options: RegistryOptions = {}): Registry {
  if (typeof options !== 'object' || options === null) {
    throw new RectifyError('INVALID_ARGUMENT', `options must be an object such as { kernels: [simd] }, got ${describeValue(options)}`, { field: 'options', value: options });
  }
  for (const key of Object.keys(options)) {
    if (key !== 'kernels') throw new RectifyError('INVALID_ARGUMENT', `unknown option ${JSON.stringify(key)}; known options: kernels`, { field: `options.${key}`, value: (options as Record<string, unknown>)[key] });
  }
  const kernels = createKernels(options.kernels ?? []);
  const context = Object.freeze({ kernels });
  const byKey = new Map<string, AnyActivationPlugin>();
  const byName = new Map<string, AnyActivationPlugin>();
  let frozen = false;

  const allNames = (): string[] => [...byName.keys()].sort();

  const lookup = (name: unknown): AnyActivationPlugin => {
    if (typeof name !== 'string') {
      throw new RectifyError('INVALID_ARGUMENT', `name must be a string, got ${describeValue(name)}`, { field: 'name', value: name });
    }
    const plugin = byKey.get(normalizeName(name));
    if (plugin !== undefined) return plugin;
    const names = allNames();
    const candidates = [...names, ...[...byName.values()].flatMap((p) => p.aliases)];
    const nearest = suggestName(name, candidates);
    const suggestion = nearest === undefined ? '' : ` Did you mean ${JSON.stringify(byKey.get(normalizeName(nearest))?.name ?? nearest)}?`;
    const listing = names.length > 0 ? `registered: ${names.join(', ')}` : 'the registry is empty';
    throw new RectifyError('UNKNOWN_ACTIVATION', `unknown activation ${JSON.stringify(name)} (${listing}).${suggestion}`, { field: 'name', value: name });
  };

  const registry: Registry = {
    kernels,
    get frozen() {
      return frozen;
    },
    use(plugins, options = {}) {
      const list: readonly unknown[] = Array.isArray(plugins) ? plugins : [plugins];
      if (frozen) {
        throw new RectifyError('FROZEN_REGISTRY', `the registry is frozen; cannot register ${list.map((p) => describeValue(isRecord(p) ? p.name : p)).join(', ')}`, { field: 'plugins', value: plugins });
      }
      if (typeof options !== 'object' || options === null) {
        throw new RectifyError('INVALID_ARGUMENT', `options must be an object such as { replace: true }, got ${describeValue(options)}`, { field: 'options', value: options });
      }
      const replace = options.replace === true;
      const nextKey = new Map(byKey);
      const nextName = new Map(byName);
      list.forEach((plugin, index) => {
        checkPlugin(plugin, index);
        const keys = new Set([plugin.name, ...plugin.aliases].map(normalizeName));
        for (const key of keys) {
          const taken = nextKey.get(key);
          if (taken === undefined || taken === plugin) continue;
          if (!replace) {
            throw new RectifyError(
              'DUPLICATE_NAME',
              `cannot register ${JSON.stringify(plugin.name)}: the name ${JSON.stringify(key)} is taken by ${JSON.stringify(taken.name)}; pass { replace: true } to replace it`,
              { field: 'name', value: plugin.name },
            );
          }
          for (const [otherKey, other] of [...nextKey]) if (other === taken) nextKey.delete(otherKey);
          nextName.delete(taken.name);
        }
        for (const key of keys) nextKey.set(key, plugin);
        nextName.set(plugin.name, plugin);
      });
      byKey.clear();
      byName.clear();
      for (const [key, plugin] of nextKey) byKey.set(key, plugin);
      for (const [name, plugin] of nextName) byName.set(name, plugin);
      return registry;
    },
    has(name) {
      return typeof name === 'string' && byKey.has(normalizeName(name));
    },
    get: lookup,
    create(name: string, config?: object) {
      const plugin = lookup(name);
      return recordOrigin(plugin.create(config, context), plugin);
    },
    names: allNames,
    plugins() {
      return allNames().map((name) => byName.get(name) as AnyActivationPlugin);
    },
    fromJSON(json) {
      let document: unknown = json;
      if (typeof json === 'string') {
        if (json.length > MAX_JSON_LENGTH) throw invalidJSON(`the string is ${json.length} characters long, more than ${MAX_JSON_LENGTH}`, 'json', json.length);
        try {
          document = JSON.parse(json);
        } catch (error) {
          throw invalidJSON(`not JSON (${(error as Error).message})`, 'json', json);
        }
      }
      checkTree(document, 'json', 0);
      if (!isRecord(document)) throw invalidJSON(`expected an object, got ${describeValue(document)}`, 'json', document);
      const { format, version, name, config, parameters } = document;
      if (format !== 'rectify.activation') throw invalidJSON(`format must be "rectify.activation", got ${describeValue(format)}`, 'format', format);
      if (version !== 1) throw invalidJSON(`version must be 1, got ${describeValue(version)}`, 'version', version);
      for (const key of Object.keys(document)) {
        if (!['format', 'version', 'name', 'config', 'parameters'].includes(key)) throw invalidJSON(`unknown key ${JSON.stringify(key)}`, key, document[key]);
      }
      if (typeof name !== 'string') throw invalidJSON(`name must be a string, got ${describeValue(name)}`, 'name', name);
      if (!isRecord(config)) throw invalidJSON(`config must be an object, got ${describeValue(config)}`, 'config', config);
      const params = parameters === undefined ? {} : parameters;
      if (!isRecord(params)) throw invalidJSON(`parameters must be an object, got ${describeValue(parameters)}`, 'parameters', parameters);
      // toJSON writes a config value of −0 as "-0", which JSON numbers cannot hold.
      const decodedConfig = Object.fromEntries(Object.entries(config).map(([key, value]) => [key, value === '-0' ? -0 : value]));
      const plugin = lookup(name);
      // The document's parameters must fit its config before anything is created, so a small document cannot make a large allocation.
      if (plugin.parameterShapes !== undefined) checkParameterShapes(plugin.name, plugin.parameterShapes(plugin.validate(decodedConfig)), params);
      const activation = recordOrigin(plugin.create(decodedConfig, context), plugin);
      const expected = new Set(activation.parameters.map((p) => p.name));
      for (const key of Object.keys(params)) {
        if (!expected.has(key)) throw invalidJSON(`${activation.name} has no parameter ${JSON.stringify(key)}`, `parameters.${key}`, params[key]);
      }
      const decoded: Float64Array[] = [];
      for (const parameter of activation.parameters) {
        const field = `parameters.${parameter.name}`;
        const entry = params[parameter.name];
        if (!isRecord(entry)) throw invalidJSON(`${field} must be an object { shape, data }, got ${describeValue(entry)}`, field, entry);
        if (!Array.isArray(entry.shape) || !sameShape(entry.shape as number[], parameter.shape)) {
          throw invalidJSON(`${field}.shape must be ${describeValue(parameter.shape)}, got ${describeValue(entry.shape)}`, `${field}.shape`, entry.shape);
        }
        const { data } = entry;
        if (!Array.isArray(data) || data.length !== parameter.data.length) {
          throw invalidJSON(`${field}.data must be an array of ${parameter.data.length} numbers, got ${describeValue(data)}`, `${field}.data`, data);
        }
        const values = new Float64Array(data.length);
        for (let i = 0; i < data.length; i++) {
          const value = decodeNumber(data[i]);
          if (value === undefined) throw invalidJSON(`${field}.data[${i}] must be a number, got ${describeValue(data[i])}`, `${field}.data[${i}]`, data[i]);
          values[i] = value;
        }
        decoded.push(values);
      }
      activation.parameters.forEach((parameter, i) => parameter.data.set(decoded[i] as Float64Array));
      return activation;
    },
    freeze() {
      frozen = true;
      return registry;
    },
  };
  return registry;
}

export type { ActivationJSON };
