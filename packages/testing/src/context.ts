import fc from 'fast-check';
import {
  createRegistry,
  type Activation,
  type AnyActivationPlugin,
  type DType,
  type FloatArray,
  type KernelProvider,
  type Registry,
  type Tensor,
} from '@rectify/core';
import { shapeArbitrary, tensorOfShape, valueArbitrary } from './arbitraries.js';
import { configArbitrary, validConfig, type DrawnConfig } from './configs.js';

/** Refused draws in a row after which the kit gives up rather than loop forever. */
const MAX_REFUSALS = 10_000;

/** Tensors longer than this print only their first {@link PRINTED_HEAD} elements in a counterexample. */
const PRINTED_ELEMENTS = 64;
const PRINTED_HEAD = 16;

/**
 * Gives a long tensor a short form for fast-check's report: thousands of
 * numbers would bury the config and the reason. The report's seed and path
 * replay the case whole, and the kit's messages name the index that failed.
 */
function briefly(t: Tensor): Tensor {
  const { data, shape } = t;
  if (data.length <= PRINTED_ELEMENTS) return t;
  const head = Array.from(data.subarray(0, PRINTED_HEAD), (v) => fc.stringify(v)).join(',');
  const text = `{"data":${data.constructor.name}(${data.length}) [${head},… ${data.length - PRINTED_HEAD} more],"shape":${JSON.stringify(shape)}}`;
  Object.defineProperty(t, fc.toStringMethod, { value: () => text });
  return t;
}

/**
 * Options for a conformance run.
 * @public
 */
export interface ConformanceOptions {
  /**
   * Fields to pin: a partial config. Pinned fields keep their value in every
   * case; the others are drawn from the plugin's `fields` (see
   * {@link ConformanceOptions.generateConfig}). Defaults to none pinned.
   */
  readonly config?: object;
  /**
   * Draw each case's config from the plugin's `fields`, within each field's
   * `kind` and `bounds`, keeping only configs the plugin's `validate` accepts
   * and shapes the instance takes. `false` runs every case with the pinned
   * fields over the defaults, as `config` alone did before. @defaultValue true
   */
  readonly generateConfig?: boolean;
  /** Runs per property. @defaultValue 100 */
  readonly numRuns?: number;
  /** fast-check seed, for a reproducible run. Defaults to a random seed, reported on failure. */
  readonly seed?: number;
  /**
   * Candidate input shapes; those the activation's `outputShape` rejects are
   * skipped. Defaults to {@link shapeArbitrary}.
   */
  readonly shapes?: fc.Arbitrary<number[]>;
  /** Registry for the JSON round trip. Defaults to a new one holding only the plugin. */
  readonly registry?: Registry;
  /**
   * Kernel providers to prove: for each, the property `kernel providers give
   * the same bits` compares an activation from
   * `createRegistry({ kernels: [provider] })` with one from a plain
   * `createRegistry()`, bit for bit. Defaults to none (the property does not run).
   */
  readonly providers?: readonly KernelProvider[];
  /**
   * Puts a copy of an array where the providers run in place (for
   * `@rectify/simd`, a WebAssembly arena: `allocateTensor(shape, dtype)`
   * filled with `data`). When given, the provider's activation runs both on
   * plain arrays and on placed ones, its output buffers placed too.
   * @param data - The values; do not keep it, copy it.
   * @param shape - The tensor's shape.
   */
  readonly place?: (data: FloatArray, shape: readonly number[]) => Tensor;
  /**
   * Shapes for the large cases of the kernel property, which draws a quarter
   * of its cases from {@link ConformanceOptions.shapes} and the rest from
   * these. Defaults to `largeShapeArbitrary()`: 64 to about 4,096 elements.
   */
  readonly largeShapes?: fc.Arbitrary<number[]>;
}

/**
 * One generated case: a config, a mode, parameter values, an input and an
 * output gradient.
 * @public
 */
export interface Case {
  /** The complete, validated config the instance is created with. */
  readonly config: DrawnConfig;
  /** Training mode: drawn for stochastic plugins, `false` for the others. */
  readonly training: boolean;
  /** Values for every parameter element, in order. */
  readonly parameters: readonly number[];
  /** The input. */
  readonly x: Tensor;
  /** A gradient with respect to the output. */
  readonly dy: Tensor;
}

/**
 * What {@link KitContext.cases} may change from its defaults.
 * @public
 */
export interface CaseOptions {
  /** Candidate shapes. Defaults to the run's `shapes`. */
  readonly shapes?: fc.Arbitrary<number[]>;
  /** Element values for dy. Defaults to doubles from −4 to 4. */
  readonly gradients?: fc.Arbitrary<number>;
  /** Fixes the mode instead of drawing it (continuity compares eval-mode outputs). */
  readonly training?: boolean;
}

/**
 * What every property receives: the plugin and ways to build instances and
 * cases for it.
 * @public
 */
export interface KitContext {
  /** The plugin under test. */
  readonly plugin: AnyActivationPlugin;
  /** The registry for round trips. */
  readonly registry: Registry;
  /** The run's options. */
  readonly options: ConformanceOptions;
  /** The config of a case when none is drawn: the pinned fields over the defaults, validated. */
  readonly baseConfig: DrawnConfig;
  /**
   * A new instance with the given parameter values.
   * @param parameters - Values for every parameter element, in order. Defaults to the initial ones.
   * @param config - The config, such as a case's. Defaults to {@link KitContext.baseConfig}.
   */
  instance(parameters?: readonly number[], config?: object): Activation;
  /**
   * Cases of a dtype, each with its own drawn config and mode.
   * @param dtype - The dtype of x and dy.
   * @param values - Element values for x. Defaults to {@link valueArbitrary}.
   * @param options - Other shapes, dy values or a fixed mode.
   */
  cases(dtype: DType, values?: fc.Arbitrary<number>, options?: CaseOptions): fc.Arbitrary<Case>;
}

/**
 * Sets an activation's parameter elements, in order, from a flat list.
 * @param activation - The instance.
 * @param values - One value per parameter element.
 * @internal
 */
export function setParameters(activation: Activation, values: readonly number[]): void {
  let k = 0;
  for (const parameter of activation.parameters) {
    for (let i = 0; i < parameter.data.length; i++) parameter.data[i] = values[k++] as number;
  }
}

/**
 * Builds the {@link KitContext} for a plugin.
 *
 * @param plugin - The plugin.
 * @param options - The run's options.
 * @throws The plugin's `RectifyError` when the pinned fields are not a valid config.
 * @public
 */
export function createContext(plugin: AnyActivationPlugin, options: ConformanceOptions = {}): KitContext {
  const registry = options.registry ?? createRegistry().use(plugin);
  const pinned = options.config ?? {};
  const baseConfig = plugin.validate(pinned) as DrawnConfig;
  const instance = (parameters?: readonly number[], config: object = baseConfig): Activation => {
    const activation = plugin.create(config);
    if (parameters !== undefined) setParameters(activation, parameters);
    return activation;
  };
  // Created once up front, so that a plugin whose create() throws reports its own error.
  instance();
  const configs = options.generateConfig === false ? fc.constant(baseConfig) : configArbitrary(plugin, pinned);
  // A config and a shape are drawn together and kept when the plugin accepts both, so that
  // a config that fits few shapes (PReLU with 3 slopes) never waits on a shape that fits it.
  const fitting = (shapes: fc.Arbitrary<number[]>) => {
    let refused = 0;
    return fc
      .tuple(configs, shapes)
      .map(([drawn, shape]) => ({ config: validConfig(plugin, drawn), shape }))
      .filter(({ config, shape }) => {
        const refusal = config === undefined ? 'validate refused the config' : refusalOf(plugin, config, shape);
        if (refusal === undefined) {
          refused = 0;
          return true;
        }
        if (++refused >= MAX_REFUSALS) {
          throw new Error(
            `${plugin.name}: ${MAX_REFUSALS} drawn configs and shapes in a row were refused (the last: ${refusal}); pin fewer fields, or pass shapes that fit ${JSON.stringify(pinned)}`,
          );
        }
        return false;
      }) as fc.Arbitrary<{ config: DrawnConfig; shape: number[] }>;
  };
  const defaultShapes = options.shapes ?? shapeArbitrary();
  const stochastic = plugin.traits.stochastic;
  return {
    plugin,
    registry,
    options,
    baseConfig,
    instance,
    cases: (dtype, values = valueArbitrary(dtype), caseOptions = {}) => {
      const gradients = caseOptions.gradients ?? fc.double({ min: -4, max: 4, noNaN: true });
      const training = caseOptions.training !== undefined ? fc.constant(caseOptions.training) : stochastic ? fc.boolean() : fc.constant(false);
      return fitting(caseOptions.shapes ?? defaultShapes).chain(({ config, shape }) => {
        const template = instance(undefined, config);
        const count = template.parameters.reduce((n, p) => n + p.data.length, 0);
        return fc.record({
          config: fc.constant(config),
          training,
          parameters: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: count, maxLength: count }),
          x: tensorOfShape(shape, dtype, values).map(briefly),
          dy: tensorOfShape(template.outputShape(shape), dtype, gradients).map(briefly),
        });
      });
    },
  };
}

/** Why the plugin refuses a config with a shape (create or outputShape throws), or `undefined` when it takes both. */
function refusalOf(plugin: AnyActivationPlugin, config: DrawnConfig, shape: readonly number[]): string | undefined {
  try {
    plugin.create(config).outputShape(shape);
    return undefined;
  } catch (error) {
    return `${JSON.stringify(shape)}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
