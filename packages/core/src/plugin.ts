import type { Activation, ActivationConfig } from './activation.js';
import { defaultsOf, parseConfig, type ConfigSpec } from './config.js';
import type { Lowering } from './lowering.js';
import type { CreateContext } from './provider.js';
import type { Tensor } from './tensor.js';
import { recordOrigin } from './origin.js';

/**
 * Facts a plugin declares about its maths, which the conformance kit in
 * `@rectify/testing` checks and tools display.
 *
 * @typeParam C - The config type.
 * @public
 */
export interface ActivationTraits<C extends ActivationConfig = ActivationConfig> {
  /** Output element i depends on input element i alone (ReLU yes, Maxout no). */
  readonly elementwise: boolean;
  /** Training mode draws random numbers (RReLU). */
  readonly stochastic: boolean;
  /**
   * A NaN input gives a NaN output: at the same index for an elementwise
   * activation, in the output that reads it otherwise.
   */
  readonly propagatesNaN: boolean;
  /**
   * A Lipschitz bound L in the max norm: |f(x) − f(x′)|∞ ≤ L·|x − x′|∞.
   * @param activation - The instance, whose config and parameters it may read.
   */
  lipschitz(activation: Activation<C>): number;
  /**
   * Inputs where an elementwise activation is not differentiable (ReLU: `[0]`).
   * @param activation - The instance.
   */
  kinks(activation: Activation<C>): readonly number[];
  /**
   * For activations that are not elementwise: how far `x` is, in the max norm,
   * from the nearest input where the activation is not differentiable
   * (Maxout: half the smallest gap between a group's two largest members).
   * @param activation - The instance.
   * @param x - An input the activation accepts.
   */
  distanceToKink?(activation: Activation<C>, x: Tensor): number;
  /**
   * Bounds every output lies in, closed: sigmoid `[0, 1]`, tanh `[−1, 1]`,
   * hardtanh `[minVal, maxVal]`. NaN outputs (from NaN inputs) are exempt.
   * @param activation - The instance.
   */
  range?(activation: Activation<C>): readonly [number, number];
  /**
   * The direction an elementwise activation never goes against: `'increasing'`
   * (x ≤ x′ gives f(x) ≤ f(x′)) or `'decreasing'`.
   * @param activation - The instance.
   */
  monotonic?(activation: Activation<C>): 'increasing' | 'decreasing';
  /**
   * A symmetry of an elementwise activation: `{ kind: 'odd', center }` for
   * f(−x) = 2·center − f(x) (tanh: center 0; sigmoid: center ½, so
   * σ(−x) = 1 − σ(x)), or `{ kind: 'even' }` for f(−x) = f(x).
   * @param activation - The instance.
   */
  symmetry?(activation: Activation<C>): Symmetry;
  /**
   * Lines an elementwise activation approaches as x → +∞ or −∞:
   * f(x) − (slope·x + intercept) → 0 (softplus: slope 1 at +∞; logsigmoid:
   * slope 1 at −∞; sigmoid: slope 0 and intercept 1 at +∞).
   * @param activation - The instance.
   */
  asymptotes?(activation: Activation<C>): Asymptotes;
  /**
   * For an activation along an axis: each slice along that axis is a
   * probability distribution (`'probabilities'`: entries in [0, 1] that sum
   * to 1, as softmax gives) or its logarithm (`'log-probabilities'`, as
   * log_softmax gives).
   * @param activation - The instance.
   */
  distribution?(activation: Activation<C>): Distribution;
}

/**
 * A symmetry an elementwise activation declares; see {@link ActivationTraits.symmetry}.
 * @public
 */
export type Symmetry =
  | {
      /** Point symmetry: f(−x) = 2·center − f(x). */
      readonly kind: 'odd';
      /** The value at the centre of symmetry: 0 for tanh, ½ for sigmoid. */
      readonly center: number;
    }
  | {
      /** Mirror symmetry: f(−x) = f(x). */
      readonly kind: 'even';
    };

/**
 * A straight line y = slope·x + intercept.
 * @public
 */
export interface Line {
  /** The slope. */
  readonly slope: number;
  /** The value at x = 0. */
  readonly intercept: number;
}

/**
 * The lines an elementwise activation approaches; see {@link ActivationTraits.asymptotes}.
 * @public
 */
export interface Asymptotes {
  /** The line as x → +∞. */
  readonly positive?: Line;
  /** The line as x → −∞. */
  readonly negative?: Line;
}

/**
 * What each slice along an axis is; see {@link ActivationTraits.distribution}.
 * @public
 */
export interface Distribution {
  /** Probabilities (entries in [0, 1] summing to 1), or their logarithms. */
  readonly kind: 'probabilities' | 'log-probabilities';
  /** The axis of the slices; negative counts from the end. */
  readonly axis: number;
}

/**
 * A plugin: plain data that an activation package exports and that a
 * {@link Registry} registers.
 *
 * @typeParam Name - The canonical name, a string literal.
 * @typeParam C - The config type.
 * @public
 */
export interface ActivationPlugin<Name extends string = string, C extends ActivationConfig = ActivationConfig> {
  /** Canonical name: PyTorch's functional name in snake_case (`leaky_relu`). */
  readonly name: Name;
  /** Other names it answers to (`LeakyReLU`). Lookup ignores case, `_` and `-`. */
  readonly aliases: readonly string[];
  /** The name as the field writes it, for listings and plot legends: `ReLU`, `Leaky ReLU`, `GELU`. */
  readonly displayName: string;
  /** One line for listings: what it computes. */
  readonly summary: string;
  /** The paper it comes from, as a citation, when there is one. */
  readonly reference?: string;
  /** Each config field with its default and description. */
  readonly fields: ConfigSpec<C>;
  /** The config used when none is given: every field's default. */
  readonly defaults: Readonly<C>;
  /** What the conformance kit checks; see {@link ActivationTraits}. */
  readonly traits: ActivationTraits<C>;
  /**
   * Validates a config, filling in defaults.
   * @param config - Untrusted input; `undefined` means all defaults.
   * @returns A frozen, complete config.
   * @throws {@link RectifyError} `INVALID_CONFIG` naming the field and value.
   */
  validate(config: unknown): Readonly<C>;
  /**
   * Creates an activation.
   * @param config - Hyperparameters; missing fields take their defaults.
   * @param context - The kernels to run (a registry passes its providers').
   * Defaults to the activation's own loops.
   * @throws {@link RectifyError} `INVALID_CONFIG` naming the field and value.
   */
  create(config?: Partial<C>, context?: CreateContext): Activation<C>;
  /**
   * The shape of each learnable parameter for a validated config, so that
   * `fromJSON` checks a document's parameters before it creates (and
   * allocates) anything. Absent: the activation has no parameters.
   * @param config - A validated config.
   */
  parameterShapes?(config: Readonly<C>): Readonly<Record<string, readonly number[]>>;
  /**
   * How the activation is computed in other engines' ops (ONNX, TensorFlow.js),
   * as plain data; see {@link Lowering}. Absent: no adapter can lower it.
   * @param config - A validated config.
   * @param inputShape - The input's shape.
   * @param options - Training mode, for stochastic activations. Defaults to eval.
   * @throws {@link RectifyError} where the activation cannot take that shape.
   */
  lowering?(config: Readonly<C>, inputShape: readonly number[], options?: { readonly training?: boolean }): Lowering;
}

/**
 * A plugin of any name and config, as a registry holds them.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyActivationPlugin = ActivationPlugin<string, any>;

/**
 * Maps each known canonical name to its config type, so that
 * `registry.create('leaky_relu', { negativeSlope: 0.1 })` is type-checked.
 *
 * @remarks
 * Empty here; each plugin package adds its entry by declaration merging:
 *
 * ```ts
 * declare module '@rectify/core' {
 *   interface ActivationConfigMap {
 *     swish: SwishConfig;
 *   }
 * }
 * ```
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ActivationConfigMap {}

/**
 * Canonical names that some imported plugin package has declared.
 * @public
 */
export type KnownActivationName = keyof ActivationConfigMap & string;

/**
 * What {@link definePlugin} takes: a plugin in which `defaults` and `validate`
 * may be left out, to be derived from `fields`.
 *
 * @typeParam Name - The canonical name.
 * @typeParam C - The config type.
 * @public
 */
export type PluginDefinition<Name extends string, C extends ActivationConfig> = Omit<ActivationPlugin<Name, C>, 'defaults' | 'validate' | 'displayName'> &
  Partial<Pick<ActivationPlugin<Name, C>, 'defaults' | 'validate' | 'displayName'>>;

/** `leaky_relu` → `Leaky Relu`: each word of a canonical name capitalised. */
function titleOf(name: string): string {
  return name
    .split(/[_\-\s]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * Completes and freezes a plugin, keeping its literal types:
 * `export const swish = definePlugin({ name: 'swish', ... })`.
 *
 * @remarks
 * `defaults` defaults to every field's default, `validate` to
 * {@link parseConfig} over `fields` (give `validate` yourself for checks that
 * span fields, such as RReLU's lower ≤ upper), and `displayName` to the name
 * with each word capitalised (`leaky_relu` → `Leaky Relu`). Its `create`
 * records the plugin as each new activation's origin, for {@link pluginOf}.
 *
 * @param plugin - The plugin, with `defaults` and `validate` optional.
 * @returns The complete plugin, frozen.
 * @public
 */
export function definePlugin<const Name extends string, C extends ActivationConfig>(plugin: PluginDefinition<Name, C>): ActivationPlugin<Name, C> {
  const create = plugin.create;
  const complete: ActivationPlugin<Name, C> = Object.freeze({
    ...plugin,
    displayName: plugin.displayName ?? titleOf(plugin.name),
    defaults: plugin.defaults ?? defaultsOf(plugin.fields),
    validate: plugin.validate ?? ((config: unknown) => parseConfig(plugin.name, plugin.fields, config)),
    create: (config?: Partial<C>, context?: CreateContext) => recordOrigin(create.call(complete, config, context), complete),
  });
  return complete;
}
