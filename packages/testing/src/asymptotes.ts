/**
 * The property of the asymptotes trait: f(x) − (slope·x + intercept) → 0 as
 * x → ±∞, checked where the dtype reaches the line.
 */
import fc from 'fast-check';
import type { Activation, DType } from '@rectify/core';
import { toArray, valueArbitrary } from './arbitraries.js';
import { fail } from './compare.js';
import { EPSILON, LARGEST, roundToDtype } from './numeric.js';
import type { ConformanceProperty } from './properties.js';

/** A line y = slope·x + intercept. */
interface Line {
  readonly slope: number;
  readonly intercept: number;
}

/**
 * How near the line an output must come, relative to max(1, |line|): four
 * roundings of the dtype. Once a function has reached its line in a dtype, it
 * equals the line's value rounded, up to the few roundings of computing it:
 * σ(x) = 1/(1 + e^−x) is exactly 1 once e^−x < ε/2, softplus(x) is x past its
 * threshold, elu(x) is −α once eˣ − 1 rounds to −1. The floor of 1 makes it
 * absolute near a line through 0 (σ(−40) ≈ 4e-18, silu(−40) ≈ −2e-16).
 */
const ROUNDINGS = 4;

/** The smallest |x| the drawn points take: sigmoids and softpluses of the default configs have reached their lines there, in both dtypes. */
const NEAREST = 40;

/**
 * How far below the dtype's largest value closeness is checked: a factor of
 * 256. A function may compute an intermediate a few times larger than its
 * result and overflow there: PyTorch's hardswish computes x·6 before dividing
 * by 6, so hardswish(3.4e38) is ∞ in float32. Above largest/256 only NaN is
 * refused. An overflow that starts lower, such as log(eˣ) overflowing from
 * x = 710, still fails.
 */
const HEADROOM = 256;

/**
 * Powers of two from 2⁵ to the dtype's largest value over {@link HEADROOM}:
 * the grid on which the kit finds where a function reaches its line.
 */
function grid(dtype: DType): number[] {
  const points: number[] = [];
  for (let p = 32; p <= LARGEST[dtype] / HEADROOM; p *= 2) points.push(p);
  return points;
}

/**
 * Outputs at any number of points, through tensors of the case's shape (a
 * per-channel activation takes only some shapes), in eval mode.
 */
function outputsAt(activation: Activation, shape: readonly number[], dtype: DType, points: readonly number[]): number[] {
  const size = shape.reduce((n, d) => n * d, 1);
  const out: number[] = [];
  for (let start = 0; start < points.length; start += size) {
    const chunk = Array.from({ length: size }, (_, i) => points[Math.min(start + i, points.length - 1)] as number);
    const y = activation.forward({ data: toArray(dtype, chunk), shape: [...shape] }).y.data;
    for (let i = 0; i < size && start + i < points.length; i++) out.push(y[i] as number);
  }
  return out;
}

/** The error of an output against a line at x: `undefined` where the line overflows the dtype (nothing to reach). */
function errorAt(line: Line, x: number, y: number, dtype: DType): { readonly want: number; readonly error: number } | undefined {
  const want = line.slope * x + line.intercept;
  if (!Number.isFinite(roundToDtype(want, dtype))) return undefined;
  // NaN, ±∞ or a finite miss: the error is NaN or ∞ for the first two, and never within tolerance.
  return { want, error: Math.abs(y - want) / Math.max(1, Math.abs(want)) };
}

/** Log-uniform magnitudes from {@link NEAREST} to 1e6, and from 1e6 to the largest finite value of the dtype. */
function magnitudes(dtype: DType): fc.Arbitrary<number> {
  const log = (lo: number, hi: number) => fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((v) => Math.min(roundToDtype(Math.exp(v), dtype), LARGEST[dtype]));
  return fc.oneof(log(NEAREST, 1e6), log(1e6, LARGEST[dtype]));
}

/**
 * The property of `traits.asymptotes`.
 * @internal
 */
export const asymptotes: ConformanceProperty = {
  name: 'outputs approach the declared asymptotes',
  description:
    'for each declared line, f reaches slope·x + intercept (to 4ε·max(1, |line|)) at some power of two R within the dtype and stays there: at every |x| ≥ 4R drawn from 40 to 1/256 of the largest finite value; and f(x) is not NaN for any drawn |x| ≥ 40 where the line is finite. Eval mode, elementwise activations.',
  dtypes: ['float32', 'float64'],
  applies: (context) => context.plugin.traits.asymptotes !== undefined,
  build: (context, dtype) =>
    fc.property(context.cases(dtype, valueArbitrary(dtype), { training: false }), fc.array(magnitudes(dtype), { minLength: 1, maxLength: 32 }), ({ config, parameters, x }, drawn) => {
      if (!context.plugin.traits.elementwise) fail('traits.asymptotes is declared, but only an elementwise activation has lines per element');
      const activation = context.instance(parameters, config);
      const lines = context.plugin.traits.asymptotes!(activation);
      const tolerance = ROUNDINGS * EPSILON[dtype];
      for (const [side, sign] of [['positive', 1], ['negative', -1]] as const) {
        const line = lines[side];
        if (line === undefined) continue;
        const name = `y = ${line.slope}·x + ${line.intercept} as x → ${sign > 0 ? '+' : '−'}∞`;
        // Where the line is reached depends on the function and its config: σ at 2⁶, softplus
        // with β = 1/64 at 2¹¹, softsign (1 − 1/x) only at 2⁵⁴ in float64. R is the first power
        // of two from which every power of two up to the grid's end is within tolerance;
        // not reaching it at all within the dtype fails.
        const xs = grid(dtype).map((p) => sign * p);
        const ys = outputsAt(activation, x.shape, dtype, xs);
        let reach = xs.length;
        while (reach > 0) {
          const e = errorAt(line, xs[reach - 1] as number, ys[reach - 1] as number, dtype);
          if (e !== undefined && !(e.error <= tolerance)) break;
          reach--;
        }
        const last = xs.length - 1;
        if (reach > last || xs.slice(reach).every((v) => errorAt(line, v, 0, dtype) === undefined)) {
          fail(`f never reaches the line ${name}: f(${fc.stringify(xs[last])}) = ${fc.stringify(ys[last])}`);
        }
        // From 4R on even a tail as slow as 1/|x| has fallen to a quarter of the tolerance, so
        // rounding noise near R cannot fail a correct function between the powers of two.
        const from = 4 * Math.abs(xs[reach] as number);
        const points = drawn.map((m) => sign * m);
        const values = outputsAt(activation, x.shape, dtype, points);
        points.forEach((p, i) => {
          const y = values[i] as number;
          const e = errorAt(line, p, y, dtype);
          if (e === undefined) return;
          if (Number.isNaN(y)) fail(`f(${fc.stringify(p)}) is NaN where the line ${name} is ${e.want}`);
          if (Math.abs(p) >= from && Math.abs(p) <= LARGEST[dtype] / HEADROOM && !(e.error <= tolerance)) {
            fail(`f(${fc.stringify(p)}) = ${fc.stringify(y)} leaves the line ${name} (${e.want} there; reached at x = ${fc.stringify(xs[reach])})`);
          }
        });
      }
    }),
};
