import fc from 'fast-check';
import {
  createRegistry,
  type Activation,
  type AnyActivationPlugin,
  type DType,
  type Registry,
  type Tensor,
} from '@rectify/core';
import { shapeArbitrary, tensorOfShape, valueArbitrary } from './arbitraries.js';

/**
 * Options for a conformance run.
 * @public
 */
export interface ConformanceOptions {
  /** Config the activation is created with. Defaults to the plugin's defaults. */
  readonly config?: object;
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
}

/**
 * One generated case: parameter values, an input and an output gradient.
 * @public
 */
export interface Case {
  /** Values for every parameter element, in order. */
  readonly parameters: readonly number[];
  /** The input. */
  readonly x: Tensor;
  /** A gradient with respect to the output. */
  readonly dy: Tensor;
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
  /** A new instance with the configured hyperparameters and the given parameter values. */
  instance(parameters?: readonly number[]): Activation;
  /** Cases of a dtype; `values` overrides the element arbitrary for x. */
  cases(dtype: DType, values?: fc.Arbitrary<number>): fc.Arbitrary<Case>;
}

function accepts(activation: Activation, shape: readonly number[]): boolean {
  try {
    activation.outputShape(shape);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the {@link KitContext} for a plugin.
 *
 * @param plugin - The plugin.
 * @param options - The run's options.
 * @public
 */
export function createContext(plugin: AnyActivationPlugin, options: ConformanceOptions = {}): KitContext {
  const registry = options.registry ?? createRegistry().use(plugin);
  const instance = (parameters?: readonly number[]): Activation => {
    const activation = plugin.create(options.config);
    if (parameters !== undefined) {
      let k = 0;
      for (const parameter of activation.parameters) {
        for (let i = 0; i < parameter.data.length; i++) parameter.data[i] = parameters[k++] as number;
      }
    }
    return activation;
  };
  const template = instance();
  const parameterCount = template.parameters.reduce((n, p) => n + p.data.length, 0);
  const shapes = (options.shapes ?? shapeArbitrary()).filter((shape) => accepts(template, shape));
  const parameterValues = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: parameterCount, maxLength: parameterCount });
  return {
    plugin,
    registry,
    instance,
    cases: (dtype, values = valueArbitrary(dtype)) =>
      fc.tuple(parameterValues, shapes).chain(([parameters, shape]) =>
        fc.record({
          parameters: fc.constant(parameters),
          x: tensorOfShape(shape, dtype, values),
          dy: tensorOfShape(template.outputShape(shape), dtype, fc.double({ min: -4, max: 4, noNaN: true })),
        }),
      ),
  };
}
