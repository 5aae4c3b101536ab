import type { Activation, ActivationConfig, ComputeContext } from './activation.js';
import { ActivationBase } from './base.js';
import { parseConfig, type ConfigField, type ConfigSpec } from './config.js';
import { RectifyError, describeValue } from './errors.js';
import type { Lowering } from './lowering.js';
import { definePlugin, type ActivationPlugin, type ActivationTraits } from './plugin.js';
import { plainKernels, type CreateContext, type Kernels } from './provider.js';
import type { DType, FloatArray, Tensor } from './tensor.js';

/**
 * An elementwise forward over whole arrays: y[i] = f(x[i]).
 * @param x - Input.
 * @param y - Output, same dtype and length, not overlapping `x`.
 * @public
 */
export type ForwardLoop = (x: FloatArray, y: FloatArray) => void;

/**
 * An elementwise backward over whole arrays: dx[i] = dy[i] · f′(x[i]).
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @public
 */
export type BackwardLoop = (x: FloatArray, dy: FloatArray, dx: FloatArray) => void;

/**
 * A fast elementwise forward kernel from a {@link KernelProvider}: as
 * {@link ForwardLoop}, returning `false` (having written nothing) to decline.
 * @public
 */
export type ForwardKernel = (x: FloatArray, y: FloatArray) => boolean;

/**
 * A fast elementwise backward kernel from a {@link KernelProvider}: as
 * {@link BackwardLoop}, returning `false` (having written nothing) to decline.
 * @public
 */
export type BackwardKernel = (x: FloatArray, dy: FloatArray, dx: FloatArray) => boolean;

/**
 * The maths of an elementwise activation, which {@link defineElementwise}
 * turns into a complete plugin.
 *
 * @typeParam Name - The canonical name.
 * @typeParam C - The config type.
 * @public
 */
export interface ElementwiseDefinition<Name extends string, C extends ActivationConfig> {
  /** Canonical name: PyTorch's functional name in snake_case (`leaky_relu`). */
  readonly name: Name;
  /** One line for listings: what it computes. */
  readonly summary: string;
  /** Each config field with its default, description and bounds; `{}` for none. */
  readonly fields: ConfigSpec<C>;
  /**
   * The activation at one point, in float64: y = f(x).
   * @param x - The input value.
   * @param config - The config; for float32 inputs, as {@link ElementwiseDefinition.float32} rounds it.
   */
  f(x: number, config: Readonly<C>): number;
  /**
   * The derivative at one point, in float64: dy/dx. The backward writes
   * dx = dy · df(x, y), rounded once to the dtype.
   * @param x - The input value.
   * @param y - f(x), as the forward stored it (rounded to float32 for float32
   * inputs): sigmoid′, tanh′ and ELU′ are cheapest from it.
   * @param config - The config, as for `f`.
   */
  df(x: number, y: number, config: Readonly<C>): number;
  /** Other names it answers to. Lookup ignores case, `_` and `-`. Defaults to none. */
  readonly aliases?: readonly string[];
  /** The name as the field writes it (`GELU`, `Leaky ReLU`). Defaults to the name with each word capitalised. */
  readonly displayName?: string;
  /** The paper it comes from, as a citation. */
  readonly reference?: string;
  /**
   * What the conformance kit checks. Defaults: NaN propagates; no kinks; a
   * Lipschitz bound of the largest |df| over a grid of 4,001 points from
   * −1e3 to 1e3 (give it for a function steeper elsewhere).
   */
  readonly traits?: Partial<Pick<ActivationTraits<C>, 'propagatesNaN' | 'lipschitz' | 'kinks' | 'range' | 'monotonic' | 'symmetry' | 'asymptotes'>>;
  /**
   * The initialisation gain, or how to compute it from the config. Defaults to
   * the variance-preserving gain 1/√E[f(z)²] for z ~ N(0, 1), integrated
   * numerically, which is `calculate_gain`'s value for ReLU (√2) and Leaky
   * ReLU (√(2/(1 + s²))).
   */
  readonly gain?: number | ((config: Readonly<C>) => number);
  /**
   * The config float32 inputs see: PyTorch rounds a Python float parameter
   * to float32 when it meets a float32 tensor (Leaky ReLU's slope). Defaults
   * to the config unchanged.
   * @param config - The validated config.
   */
  float32?(config: Readonly<C>): Readonly<C>;
  /**
   * Checks that span fields (hardtanh's minVal ≤ maxVal), after each field
   * has been checked. Throws a `RectifyError` `INVALID_CONFIG` naming the field.
   * @param config - The config, each field checked.
   */
  check?(config: Readonly<C>): void;
  /**
   * Array loops, for speed or exactness: one function per activation, so
   * each loop stays monomorphic, and written with the dtype in hand, so a
   * float32 loop can round each step as PyTorch's float32 arithmetic does, or
   * select dx where PyTorch selects (dx = 0 at a clamp's bound whatever dy
   * is) rather than multiply. Made once per instance and dtype. Defaults to
   * loops that call `f` and `df` per element.
   */
  readonly loops?: {
    /**
     * Makes the forward loop for one dtype's config.
     * @param config - The config for this dtype.
     * @param dtype - The dtype, for loops that round each step as PyTorch's
     * float32 arithmetic does (`Math.fround` after each operation).
     */
    forward(config: Readonly<C>, dtype: DType): ForwardLoop;
    /**
     * Makes the backward loop for one dtype's config.
     * @param config - The config for this dtype.
     * @param dtype - The dtype.
     */
    backward(config: Readonly<C>, dtype: DType): BackwardLoop;
  };
  /**
   * How the activation is expressed in other engines' ops; see {@link Lowering}.
   * @param config - The validated config.
   */
  lowering?(config: Readonly<C>): Lowering;
}

/** Points where the default Lipschitz bound reads |df|. */
function lipschitzGrid(): number[] {
  const points: number[] = [0];
  for (let i = 0; i < 2000; i++) {
    const v = 10 ** (-3 + (6 * i) / 1999);
    points.push(v, -v);
  }
  return points;
}

/**
 * 1/√E[f(z)²] for z ~ N(0, 1): Simpson's rule on [−12, 12] with 24,000
 * intervals (the tails beyond hold less than 1e-32 of the mass).
 */
function varianceGain(f: (x: number) => number): number {
  const n = 24000;
  const h = 24 / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const z = -12 + i * h;
    const v = f(z);
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * v * v * Math.exp(-0.5 * z * z);
  }
  const second = (sum * h) / 3 / Math.sqrt(2 * Math.PI);
  return 1 / Math.sqrt(second);
}

/** Checks a definition's members before anything is built from it, naming the first one that is wrong. */
function checkDefinition(definition: unknown): void {
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new RectifyError('INVALID_ARGUMENT', `defineElementwise: ${field} must be ${expected}, got ${describeValue(value)}`, { field, value });
  };
  if (typeof definition !== 'object' || definition === null) fail('definition', 'an object with name, summary, fields, f and df', definition);
  const d = definition as Record<string, unknown>;
  if (typeof d['name'] !== 'string' || d['name'] === '') fail('name', 'a non-empty string', d['name']);
  if (typeof d['summary'] !== 'string') fail('summary', 'a string', d['summary']);
  if (typeof d['fields'] !== 'object' || d['fields'] === null) fail('fields', 'an object of config fields ({} for none)', d['fields']);
  for (const member of ['f', 'df']) if (typeof d[member] !== 'function') fail(member, 'a function', d[member]);
  for (const member of ['float32', 'check', 'lowering']) if (d[member] !== undefined && typeof d[member] !== 'function') fail(member, 'a function', d[member]);
  const aliases = d['aliases'];
  if (aliases !== undefined && (!Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string'))) fail('aliases', 'an array of strings', aliases);
  const loops = d['loops'] as Record<string, unknown> | undefined;
  if (loops !== undefined && (typeof loops !== 'object' || loops === null || typeof loops['forward'] !== 'function' || typeof loops['backward'] !== 'function')) {
    fail('loops', 'an object with forward and backward functions', loops);
  }
  const gain = d['gain'];
  if (gain !== undefined && typeof gain !== 'function' && !(typeof gain === 'number' && Number.isFinite(gain) && gain > 0)) fail('gain', 'a positive number or a function', gain);
}

/** The loop that calls f per element: for activations that give no loops of their own. */
function genericForward<C>(f: (x: number, config: Readonly<C>) => number, config: Readonly<C>): ForwardLoop {
  return (x, y) => {
    const n = x.length;
    for (let i = 0; i < n; i++) y[i] = f(x[i] as number, config);
  };
}

/** The loop that calls df per element, with y = f(x) rounded as the forward stored it. */
function genericBackward<C>(f: (x: number, config: Readonly<C>) => number, df: (x: number, y: number, config: Readonly<C>) => number, config: Readonly<C>, f32: boolean): BackwardLoop {
  if (df.length < 2) {
    return (x, dy, dx) => {
      const n = x.length;
      for (let i = 0; i < n; i++) dx[i] = (dy[i] as number) * df(x[i] as number, 0, config);
    };
  }
  return (x, dy, dx) => {
    const n = x.length;
    for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      const y = f32 ? Math.fround(f(v, config)) : f(v, config);
      dx[i] = (dy[i] as number) * df(v, y, config);
    }
  };
}

/** One dtype's loops and kernels, resolved when the activation is created. */
interface Path {
  readonly forwardLoop: ForwardLoop;
  readonly backwardLoop: BackwardLoop;
  readonly forwardKernel: ForwardKernel | undefined;
  readonly backwardKernel: BackwardKernel | undefined;
}

/** An activation made by {@link defineElementwise}. */
class ElementwiseActivation<C extends ActivationConfig> extends ActivationBase<C> {
  readonly #definition: ElementwiseDefinition<string, C>;
  readonly #f32: Path;
  readonly #f64: Path;
  #gain: number | undefined = undefined;

  constructor(definition: ElementwiseDefinition<string, C>, config: Readonly<C>, kernels: Kernels) {
    super(definition.name, config, [], 0, kernels);
    this.#definition = definition;
    const config32 = definition.float32 === undefined ? config : definition.float32(config);
    this.#f32 = this.#path(config32, 'float32', kernels);
    this.#f64 = this.#path(config, 'float64', kernels);
  }

  #path(config: Readonly<C>, dtype: 'float32' | 'float64', kernels: Kernels): Path {
    const { name, f, df, loops } = this.#definition;
    return {
      forwardLoop: loops === undefined ? genericForward(f, config) : loops.forward(config, dtype),
      backwardLoop: loops === undefined ? genericBackward(f, df, config, dtype === 'float32') : loops.backward(config, dtype),
      forwardKernel: kernels.find<ForwardKernel>(name, 'forward', dtype, this.config),
      backwardKernel: kernels.find<BackwardKernel>(name, 'backward', dtype, this.config),
    };
  }

  gain(): number {
    if (this.#gain === undefined) {
      const { gain, f } = this.#definition;
      const config = this.config;
      this.#gain = gain === undefined ? varianceGain((x) => f(x, config)) : typeof gain === 'number' ? gain : gain(config);
    }
    return this.#gain;
  }

  protected override computeInto({ x, y }: ComputeContext): void {
    const data = x.data;
    const path = data instanceof Float32Array ? this.#f32 : this.#f64;
    const kernel = path.forwardKernel;
    if (kernel === undefined || !kernel(data, y)) path.forwardLoop(data, y);
  }

  protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    const data = x.data;
    const path = data instanceof Float32Array ? this.#f32 : this.#f64;
    const kernel = path.backwardKernel;
    if (kernel === undefined || !kernel(data, dy, dx)) path.backwardLoop(data, dy, dx);
  }
}

/**
 * The config type that a set of fields describes: each field's value type.
 * @typeParam F - The fields, as `numberField` and its kin make them.
 * @public
 */
export type ConfigOf<F> = { readonly [K in keyof F]: F[K] extends ConfigField<infer T> ? T : never };

/**
 * Turns the maths of an elementwise activation into a complete plugin:
 * validation, `create`, the loops, `forwardInto`/`backwardInto`, JSON, errors
 * and the fast kernels of a registry's providers.
 *
 * @remarks
 * `f` and `df` are scalar functions in float64; for float32 inputs each result
 * is rounded once to float32 as it is stored. Every other member is optional
 * and derived when absent (see {@link ElementwiseDefinition}). The config is
 * parsed from `fields` alone (then `check`), so a definition states each name,
 * default and bound once.
 *
 * @example
 * ```ts
 * import { defineElementwise } from '@rectify/core';
 *
 * export const softsign = defineElementwise({
 *   name: 'softsign',
 *   summary: 'x / (1 + |x|)',
 *   fields: {},
 *   f: (x) => x / (1 + Math.abs(x)),
 *   df: (x, y) => 1 / (1 + Math.abs(x)) ** 2,
 * });
 * ```
 *
 * @param definition - The activation's maths; see {@link ElementwiseDefinition}.
 * @returns The plugin, frozen, ready for `registry.use`.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` naming the member of the
 * definition that is missing or of the wrong type.
 * @public
 */
export function defineElementwise<const Name extends string, const F extends Readonly<Record<string, ConfigField<unknown>>>>(
  definition: ElementwiseDefinition<Name, ConfigOf<F>> & { readonly fields: F },
): ActivationPlugin<Name, ConfigOf<F>> {
  type C = ConfigOf<F>;
  checkDefinition(definition);
  // A copy, so that later changes to the caller's object change nothing.
  definition = Object.freeze({ ...definition, aliases: Object.freeze([...(definition.aliases ?? [])]), traits: Object.freeze({ ...definition.traits }) });
  const { name, check, traits = {} } = definition;
  const fields = definition.fields as unknown as ConfigSpec<C>;
  const validate = (input: unknown): Readonly<C> => {
    const config = parseConfig(name, fields, input);
    check?.(config);
    return config;
  };
  let grid: number[] | undefined;
  const defaultLipschitz = (activation: Activation<C>): number => {
    grid ??= lipschitzGrid();
    let bound = 0;
    for (const v of grid) {
      const slope = Math.abs(definition.df(v, definition.f(v, activation.config), activation.config));
      if (slope > bound) bound = slope;
    }
    return bound;
  };
  const lowering = definition.lowering;
  return definePlugin<Name, C>({
    name,
    aliases: definition.aliases ?? [],
    summary: definition.summary,
    ...(definition.reference === undefined ? {} : { reference: definition.reference }),
    fields,
    ...(definition.displayName === undefined ? {} : { displayName: definition.displayName }),
    traits: {
      ...traits,
      elementwise: true,
      stochastic: false,
      propagatesNaN: traits.propagatesNaN ?? true,
      lipschitz: traits.lipschitz ?? defaultLipschitz,
      kinks: traits.kinks ?? (() => []),
    },
    validate,
    create: (config?: Partial<C>, context?: CreateContext) => new ElementwiseActivation(definition, validate(config), context?.kernels ?? plainKernels),
    ...(lowering === undefined ? {} : { lowering: (config: Readonly<C>) => lowering(config) }),
  });
}
