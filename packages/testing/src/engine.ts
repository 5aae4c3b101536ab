/**
 * Engine-independent pieces for checking another engine (ONNX Runtime,
 * TensorFlow.js) against Rectify: how closely values must agree, the mixed
 * error, bitwise differences, parameter-gradient sums, and a case list built
 * from the plugins given (the kit imports no activation package).
 */
import { createRng, uniform01, type AnyActivationPlugin } from '@rectify/core';

/**
 * How closely an engine must give Rectify's y and dx.
 *
 * @typeParam T - The tolerance: a number, or a record per dtype where an
 * engine runs several.
 * @public
 */
export interface Agreement<T = number> {
  /**
   * `'bits'`: bit for bit (NaN equals NaN, −0 differs from +0). `'close'`:
   * NaN, ±∞ and signed zeros exactly, every other value within `tolerance`
   * in the mixed error |got − want| / max(|want|, 1) (see {@link mixedError}).
   */
  readonly kind: 'bits' | 'close';
  /** The largest mixed error (`'close'` only). */
  readonly tolerance?: T;
}

/**
 * The mixed error |got − want| / max(|want|, 1): relative for large values,
 * absolute for small ones. NaN, infinities and zeros must match exactly
 * (NaN equals NaN, −0 differs from +0), else the error is +∞.
 *
 * @param got - The engine's value.
 * @param want - Rectify's value.
 * @example
 * ```ts
 * mixedError(1.5, 1.5); // 0
 * mixedError(0.1, 0); // 0.1 (absolute below 1)
 * mixedError(-0, 0); // Infinity
 * ```
 * @public
 */
export function mixedError(got: number, want: number): number {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want ? 0 : Infinity;
  if (want === 0 && got === 0) return Object.is(want, got) ? 0 : Infinity;
  return Math.abs(got - want) / Math.max(Math.abs(want), 1);
}

/**
 * The indices where two arrays differ bit for bit (`Object.is`: NaN equals
 * NaN, −0 differs from +0).
 *
 * @param a - An array.
 * @param b - Another array.
 * @throws RangeError if the lengths differ.
 * @public
 */
export function differing(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) out.push(i);
  return out;
}

/**
 * How far a float32 sum of the terms x·dy may be from their exact sum: the
 * rounding of a float32 sum of n terms, (n + 2)·2⁻²³ times the sum of the
 * finite |x·dy|.
 *
 * @param x - The inputs.
 * @param dy - The output gradients, as many as `x`.
 * @public
 */
export function sumBound(x: readonly number[], dy: readonly number[]): number {
  let magnitude = 0;
  for (let i = 0; i < x.length; i++) {
    const term = Math.abs((x[i] as number) * (dy[i] as number));
    if (Number.isFinite(term)) magnitude += term;
  }
  return (x.length + 2) * 2 ** -23 * magnitude;
}

/**
 * The indices where an engine's parameter gradient disagrees with Rectify's
 * float64 sum: a different NaN or infinity, or a finite value further than
 * {@link sumBound} of x and dy.
 *
 * @param theirs - The engine's parameter gradient.
 * @param mine - Rectify's.
 * @param x - The inputs summed over.
 * @param dy - The output gradients.
 * @throws RangeError if `theirs` and `mine` differ in length.
 * @public
 */
export function differingSums(theirs: ArrayLike<number>, mine: ArrayLike<number>, x: readonly number[], dy: readonly number[]): number[] {
  if (theirs.length !== mine.length) throw new RangeError(`lengths differ: ${theirs.length} vs ${mine.length}`);
  const bound = sumBound(x, dy);
  const out: number[] = [];
  for (let k = 0; k < mine.length; k++) {
    const a = theirs[k] as number;
    const b = mine[k] as number;
    if (Number.isFinite(b) ? !(Math.abs(a - b) <= bound) : !Object.is(a, b)) out.push(k);
  }
  return out;
}

/**
 * Edge values for every elementwise activation: zeros, NaN, infinities,
 * subnormals, tiny values, the largest float32.
 * @public
 */
export const SPECIAL: readonly number[] = [-0, 0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, 1e-8, -1e-8, 3.4028234663852886e38, -3.4028234663852886e38];
/**
 * Large magnitudes: where σ, tanh and erf saturate, where exp overflows
 * float32 (88.7) and float64 (709.8), and far beyond.
 * @public
 */
export const SATURATION: readonly number[] = [5, 9, 17, 20, 30, 89, 710, 1e4, 1e30].flatMap((v) => [v, -v]);
/**
 * Edge values for the axis activations: each makes its slice NaN, zero or
 * saturated, or tests the max subtracted first.
 * @public
 */
export const SLICE_EDGES: readonly number[] = [Number.NaN, 1e30, -0, Infinity, -Infinity, 0, -1e30, 3.4028234663852886e38, 50, -50, 100, -100, 1e-45, 20, -20, 89, -89];
/**
 * Values that make Maxout's groups tie often: few distinct values, ±0, NaN
 * and infinities among them.
 * @public
 */
export const TIES: readonly number[] = [-0, 0, 1, -1, Number.NaN, Infinity, -Infinity, 2];
/**
 * Output gradients: ±0, NaN, ∞ among ordinary values.
 * @public
 */
export const DY_EDGES: readonly number[] = [1, -0, -2, 0, 0.75, Number.NaN, Infinity];

/**
 * n values cycling twice through `values`, then seeded uniforms in
 * [−spread, spread).
 *
 * @param n - How many values.
 * @param values - The values to start with.
 * @param seed - The seed of the uniforms.
 * @param spread - Their half-width.
 * @defaultValue `spread` is 2.
 * @public
 */
export function inputs(n: number, values: readonly number[], seed: number, spread = 2): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => (i < values.length * 2 ? (values[i % values.length] as number) : spread * (2 * uniform01(rng) - 1)));
}

/**
 * n values drawn from `values` alone.
 *
 * @param n - How many values.
 * @param values - The values to draw from.
 * @param seed - The seed.
 * @public
 */
export function drawn(n: number, values: readonly number[], seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => values[Math.floor(uniform01(rng) * values.length)] as number);
}

/** n seeded uniforms in [−3, 3), with `values` at every `stride`-th place. */
function sprinkled(n: number, values: readonly number[], seed: number, stride: number): number[] {
  const rng = createRng(seed);
  const x = Array.from({ length: n }, () => 6 * uniform01(rng) - 3);
  values.forEach((v, k) => {
    if (k * stride < n) x[k * stride] = v;
  });
  return x;
}

/** The kink points of a config and a neighbour on each side. */
function kinkPoints(plugin: AnyActivationPlugin, config: object): number[] {
  return plugin.traits.kinks(plugin.create(config)).flatMap((k) => {
    const step = 2 ** -20 * Math.max(1, Math.abs(k));
    return [k, k - step, k + step];
  });
}

/**
 * One plugin's configs, shapes, parameter values and agreement in an engine.
 *
 * @typeParam T - The tolerance type of {@link Agreement}.
 * @public
 */
export interface EngineFamily<T = number> {
  /** The configs to run (`{}` for the defaults). */
  readonly configs: readonly object[];
  /** The input shapes to run each config on. */
  readonly shapes: readonly (readonly number[])[];
  /** How closely the engine must agree with Rectify. */
  readonly agreement: Agreement<T>;
  /** Parameter values to set before the forward, per config. */
  readonly weights?: readonly (readonly number[])[];
  /**
   * How x is drawn, where not by the activation's kind: `'ties'` from
   * {@link TIES} (Maxout's ties); `'finite-edges'` {@link SPECIAL} without the
   * largest float32 values, whose products with dy overflow a float32 slope
   * gradient but not Rectify's float64 one.
   */
  readonly draw?: 'ties' | 'finite-edges';
  /** Whether to run the configs in training mode too (RReLU). */
  readonly training?: boolean;
}

/**
 * One activation, config, shape, input and mode.
 *
 * @typeParam T - The tolerance type of {@link Agreement}.
 * @public
 */
export interface EngineCase<T = number> {
  /** `name {config} [shape]`, then ` training` in training mode. */
  readonly name: string;
  /** The activation's plugin. */
  readonly plugin: AnyActivationPlugin;
  /** The config. */
  readonly config: object;
  /** The input shape. */
  readonly shape: readonly number[];
  /** The input values, row-major. */
  readonly x: readonly number[];
  /** Parameter values to set before the forward, if any. */
  readonly weights?: readonly number[];
  /** Whether the case runs in training mode. */
  readonly training: boolean;
  /** How closely the engine must agree with Rectify. */
  readonly agreement: Agreement<T>;
}

/**
 * Every plugin's configs times its shapes (and modes), inputs seeded per case:
 * elementwise activations get {@link SPECIAL}, {@link SATURATION} and their
 * kinks, axis activations {@link SLICE_EDGES}, unless the family says how to
 * draw.
 *
 * @param plugins - The plugins to cover, in order (the order seeds the inputs).
 * @param families - Each plugin's family, by canonical name.
 * @throws Error if a plugin has no family.
 * @public
 */
export function engineCases<T>(plugins: readonly AnyActivationPlugin[], families: Readonly<Record<string, EngineFamily<T>>>): EngineCase<T>[] {
  return plugins.flatMap((plugin, f) => {
    const family = families[plugin.name];
    if (family === undefined) throw new Error(`no cases for the activation ${plugin.name}`);
    return family.configs.flatMap((config, k) =>
      family.shapes.flatMap((shape, j) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const seed = 100 * f + 10 * k + j;
        const x =
          family.draw === 'ties'
            ? drawn(n, TIES, seed)
            : family.draw === 'finite-edges'
              ? inputs(n, SPECIAL.filter((v) => !(Math.abs(v) > 3e38 && Number.isFinite(v))), seed)
              : plugin.traits.elementwise
                ? inputs(n, [...SPECIAL, ...SATURATION, ...kinkPoints(plugin, config)], seed, 4)
                : sprinkled(n, SLICE_EDGES, seed, 5);
        const weights = family.weights?.[k];
        const modes = family.training === true ? [false, true] : [false];
        return modes.map(
          (training): EngineCase<T> => ({
            name: `${plugin.name} ${JSON.stringify(config)} [${shape.join(', ')}]${training ? ' training' : ''}`,
            plugin,
            config,
            shape,
            x,
            training,
            agreement: family.agreement,
            ...(weights === undefined ? {} : { weights }),
          }),
        );
      }),
    );
  });
}
