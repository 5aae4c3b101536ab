/**
 * Properties of the optional traits a plugin may declare: a range, a
 * direction, a symmetry and a distribution along an axis. Each runs only for
 * plugins that declare its trait. The asymptotes have a file of their own
 * (`asymptotes.ts`).
 */
import fc from 'fast-check';
import { axisLayout, createRng, sameShape, type Activation, type DType, type Tensor } from '@rectify/core';
import { edgeValueArbitrary, valueArbitrary } from './arbitraries.js';
import { fail } from './compare.js';
import type { KitContext } from './context.js';
import { EPSILON, LARGEST, SMALLEST, nextDown, nextUp, roundOutward, roundToDtype } from './numeric.js';
import type { ConformanceProperty } from './properties.js';

const BOTH: readonly DType[] = ['float32', 'float64'];

/**
 * How far, relative to max(|f(x)|, |f(x′)|, |center|), two computed outputs may
 * stray from an equality or an order the exact function keeps: four rounding
 * errors. Each output is rounded when stored (ε/2), and computing it takes a
 * few more roundings (an exp, a division, a sum); library functions such as exp
 * promise about an ulp, not monotonicity or oddness of the last bit. A wrong
 * formula, a branch on the wrong side or a misplaced constant errs by far more.
 */
const ROUNDINGS = 4;

/** A forward call, with a generator of a seed. */
function forward(activation: Activation, x: Tensor, training: boolean, seed: number) {
  return activation.forward(x, { training, rng: createRng(seed) }).y.data;
}

/** The slack of {@link ROUNDINGS} roundings at a magnitude in a dtype, with the absolute spacing of the subnormals. */
function slack(dtype: DType, magnitude: number): number {
  return ROUNDINGS * EPSILON[dtype] * magnitude + 2 * SMALLEST[dtype];
}

/** `x[i] = v` for a message, when output i reads input i. */
function inputAt(context: KitContext, x: ArrayLike<number>, j: number, name = 'x'): string {
  return context.plugin.traits.elementwise && j < x.length ? ` at ${name}[${j}] = ${fc.stringify(x[j])}` : '';
}

/**
 * Values for the trait properties without NaN: those of {@link valueArbitrary},
 * the stretch from −100 to 100 where sigmoids and softpluses saturate in both
 * dtypes, and the dtype's infinities, largest finite values and smallest
 * subnormals.
 */
function orderedValues(dtype: DType): fc.Arbitrary<number> {
  const huge = LARGEST[dtype];
  const tiny = SMALLEST[dtype];
  return fc.oneof(
    { weight: 8, arbitrary: valueArbitrary(dtype) },
    { weight: 2, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }).map((v) => roundToDtype(v, dtype)) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, huge, -huge, tiny, -tiny) },
  );
}

const range: ConformanceProperty = {
  name: 'outputs lie in the declared range',
  description: 'every output that is not NaN lies in [lo, hi] of traits.range, with no tolerance (each bound rounded outward to the dtype), in either mode.',
  dtypes: BOTH,
  applies: (context) => context.plugin.traits.range !== undefined,
  build: (context, dtype) => {
    const values = fc.oneof(edgeValueArbitrary(dtype), orderedValues(dtype));
    return fc.property(context.cases(dtype, values), fc.integer(), ({ config, training, parameters, x }, seed) => {
      const activation = context.instance(parameters, config);
      const [lo, hi] = context.plugin.traits.range!(activation);
      if (!(lo <= hi)) fail(`traits.range gives [${lo}, ${hi}], which is not an interval`);
      // No tolerance. The bounds are closed, and rounding is monotonic: an exact value in
      // [lo, hi] rounds into [lo rounded down, hi rounded up], so a bound the dtype holds
      // (0, 1, ±1, ±∞) is never crossed, not even by float32's 1 − tiny, which rounds to 1 at
      // most. Only a bound the dtype cannot hold (float32's hardtanh clamps at fround(0.1)
      // for maxVal 0.1) moves, to its nearest value of the dtype outside. A user relies on
      // exactly this: σ(x) ≤ 1, so 1 − σ(x) ≥ 0.
      const low = roundOutward(lo, dtype, 'down');
      const high = roundOutward(hi, dtype, 'up');
      const y = forward(activation, x, training, seed);
      for (let j = 0; j < y.length; j++) {
        const v = y[j] as number;
        if (!Number.isNaN(v) && !(v >= low && v <= high)) fail(`y[${j}] = ${fc.stringify(v)} lies outside the declared range [${lo}, ${hi}]${inputAt(context, x.data, j)}`);
      }
    });
  },
};

/**
 * How x′ ≥ x is made from x, per element: a few steps of the dtype up, a
 * small or a large step, |x| (from −|x| across zero), or a pair straddling
 * one of the declared kinks (ignoring x), where a branch most often
 * breaks the order.
 */
type Move =
  | { readonly kind: 'ulps'; readonly steps: number }
  | { readonly kind: 'add'; readonly delta: number }
  | { readonly kind: 'abs' }
  | { readonly kind: 'kink'; readonly which: number; readonly below: Offset; readonly above: Offset };

/** How far from a kink one end of a pair lies: a distance, then a few steps of the dtype further. */
interface Offset {
  readonly distance: number;
  readonly steps: number;
}

const offsetArbitrary: fc.Arbitrary<Offset> = fc.record({
  distance: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e-3, noNaN: true })),
  steps: fc.integer({ min: 0, max: 2 }),
});

/** A move in a few characters, for counterexamples that list one per element: `+2ulp`, `+0.25`, `|x|`, `kink0[-1e-4-1ulp,+0+2ulp]`. */
function briefMove(move: Move): string {
  const offset = (o: Offset) => `${o.distance}${o.steps > 0 ? `${o.steps}ulp` : ''}`;
  switch (move.kind) {
    case 'ulps':
      return `+${move.steps}ulp`;
    case 'add':
      return `+${move.delta}`;
    case 'abs':
      return '|x|';
    case 'kink':
      return `kink${move.which}[-${offset(move.below)},+${offset(move.above)}]`;
  }
}

const moveArbitrary: fc.Arbitrary<Move> = fc
  .oneof(
    fc.record({ kind: fc.constant('ulps' as const), steps: fc.integer({ min: 0, max: 4 }) }),
    fc.record({ kind: fc.constant('add' as const), delta: fc.double({ min: 0, max: 1e-3, noNaN: true }) }),
    fc.record({ kind: fc.constant('add' as const), delta: fc.double({ min: 0, max: 16, noNaN: true }) }),
    fc.record({ kind: fc.constant('abs' as const) }),
    fc.record({ kind: fc.constant('kink' as const), which: fc.nat(), below: offsetArbitrary, above: offsetArbitrary }),
  )
  .map((move) => Object.defineProperty(move, fc.toStringMethod, { value: () => briefMove(move) }));

/** The pair (x, x′) with x ≤ x′ that a move makes from one input value. */
function pairOf(v: number, move: Move, kinks: readonly number[], dtype: DType): [number, number] {
  switch (move.kind) {
    case 'ulps': {
      let w = v;
      for (let s = 0; s < move.steps; s++) w = nextUp(w, dtype);
      return [v, w];
    }
    // v + δ ≥ v exactly, and rounding is monotonic, so the rounded sum is still ≥ v.
    case 'add':
      return [v, roundToDtype(v + move.delta, dtype)];
    case 'abs':
      return [-Math.abs(v), Math.abs(v)];
    case 'kink': {
      if (kinks.length === 0) return [v, v];
      const k = roundToDtype(kinks[move.which % kinks.length] as number, dtype);
      // Rounding k − δ down and k + δ′ up keeps the pair ordered however the dtype rounds.
      let low = roundOutward(k - move.below.distance, dtype, 'down');
      let high = roundOutward(k + move.above.distance, dtype, 'up');
      for (let s = 0; s < move.below.steps; s++) low = nextDown(low, dtype);
      for (let s = 0; s < move.above.steps; s++) high = nextUp(high, dtype);
      return [low, high];
    }
  }
}

const monotonic: ConformanceProperty = {
  name: 'outputs keep the declared direction',
  description:
    'for inputs x ≤ x′ elementwise (a few ulps apart, near, far, across zero and across each declared kink), f(x) ≤ f(x′) for an increasing activation and f(x) ≥ f(x′) for a decreasing one, output by output, in eval mode.',
  dtypes: BOTH,
  applies: (context) => context.plugin.traits.monotonic !== undefined,
  build: (context, dtype) =>
    fc.property(
      // One move per element, so that a counterexample lists no more moves than inputs.
      context
        .cases(dtype, orderedValues(dtype), { training: false })
        .chain((c) => fc.array(moveArbitrary, { minLength: c.x.data.length, maxLength: c.x.data.length }).map((moves) => ({ ...c, moves }))),
      ({ config, parameters, x, moves }) => {
        const activation = context.instance(parameters, config);
        const direction = context.plugin.traits.monotonic!(activation);
        const kinks = context.plugin.traits.elementwise ? context.plugin.traits.kinks(activation) : [];
        const lows = new Array<number>(x.data.length);
        const highs = new Array<number>(x.data.length);
        x.data.forEach((v, i) => ([lows[i], highs[i]] = pairOf(v, moves[i] as Move, kinks, dtype)));
        const low = { data: x.data.map((_, i) => lows[i] as number), shape: x.shape };
        const high = { data: x.data.map((_, i) => highs[i] as number), shape: x.shape };
        const a = forward(activation, low, false, 1);
        const b = forward(activation, high, false, 1);
        for (let j = 0; j < a.length; j++) {
          const [first, second] = direction === 'increasing' ? [a[j] as number, b[j] as number] : [b[j] as number, a[j] as number];
          // NaN outputs are exempt, as in the range. Otherwise `first` must not exceed
          // `second` by more than the roundings of computing both (see ROUNDINGS).
          if (Number.isNaN(first) || Number.isNaN(second) || first <= second) continue;
          if (!(first - second <= slack(dtype, Math.max(Math.abs(first), Math.abs(second))))) {
            const where = context.plugin.traits.elementwise ? ` for x = ${fc.stringify(low.data[j])} ≤ x′ = ${fc.stringify(high.data[j])}` : ` (output ${j}; x ≤ x′ elementwise)`;
            fail(`the activation is declared ${direction}, but f(x) = ${fc.stringify(a[j])} and f(x′) = ${fc.stringify(b[j])}${where}`);
          }
        }
      },
    ),
};

const symmetry: ConformanceProperty = {
  name: 'outputs have the declared symmetry',
  description:
    'f(−x) = 2·center − f(x) for an odd activation (tanh: center 0; sigmoid: ½), f(−x) = f(x) for an even one, output by output, to a few roundings, in eval mode.',
  dtypes: BOTH,
  applies: (context) => context.plugin.traits.symmetry !== undefined,
  build: (context, dtype) =>
    fc.property(context.cases(dtype, orderedValues(dtype), { training: false }), ({ config, parameters, x }) => {
      const activation = context.instance(parameters, config);
      const declared = context.plugin.traits.symmetry!(activation);
      const center = declared.kind === 'odd' ? declared.center : 0;
      const y = forward(activation, x, false, 1);
      // Negation is exact in both dtypes, so −x is the mirrored input itself.
      const mirrored = forward(activation, { data: x.data.map((v) => -v), shape: x.shape }, false, 1);
      for (let j = 0; j < y.length; j++) {
        const fx = y[j] as number;
        const got = mirrored[j] as number;
        const want = declared.kind === 'odd' ? 2 * center - fx : fx;
        if (got === want || (Number.isNaN(got) && Number.isNaN(want))) continue;
        // Not bit-exact in general: f(x) and f(−x) are each rounded (and computed with a few
        // roundings) on their own, and 2c − f(x) cancels for c ≠ 0 (σ(−30) is 9e-14, 1 − σ(30)
        // in float32 is 0): the slack is a few roundings of the largest of |f(x)|, |f(−x)|, |c|.
        // Many odd functions with c = 0 are exact (PyTorch's tanh), but it is not required.
        if (!(Math.abs(got - want) <= slack(dtype, Math.max(Math.abs(fx), Math.abs(got), Math.abs(center))))) {
          const expected = declared.kind === 'odd' ? `2·${center} − f(x) = ${fc.stringify(want)}` : `f(x) = ${fc.stringify(want)}`;
          fail(`the activation is declared ${declared.kind}, but f(−x) = ${fc.stringify(got)} and ${expected}${inputAt(context, x.data, j)}`);
        }
      }
    }),
};

/** Whether every input a slice of the output reads is finite: all of x unless y has x's shape. */
function finiteSlice(x: Tensor, sameLayout: boolean, indices: readonly number[]): boolean {
  return sameLayout ? indices.every((i) => Number.isFinite(x.data[i])) : x.data.every(Number.isFinite);
}

const distribution: ConformanceProperty = {
  name: 'slices along the axis are distributions',
  description:
    'each slice of y along the declared axis holds probabilities (entries in [0, 1] summing to 1) or log-probabilities (entries ≤ 0 whose exps sum to 1), to n·ε for a slice of n, wherever its inputs are finite, in either mode.',
  dtypes: BOTH,
  applies: (context) => context.plugin.traits.distribution !== undefined,
  build: (context, dtype) =>
    fc.property(context.cases(dtype, edgeValueArbitrary(dtype)), fc.integer(), ({ config, training, parameters, x }, seed) => {
      const activation = context.instance(parameters, config);
      const { kind, axis } = context.plugin.traits.distribution!(activation);
      const y = forward(activation, x, training, seed);
      const shape = activation.outputShape(x.shape);
      const { outer, channels, inner } = axisLayout(context.plugin.name, shape, axis);
      const sameLayout = sameShape(shape, x.shape);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const indices = Array.from({ length: channels }, (_, c) => (o * channels + c) * inner + i);
          // A slice with NaN or ±∞ among its inputs is exempt: PyTorch's softmax of a row
          // holding +∞ is NaN (∞ − ∞), and softmin's of one holding −∞.
          if (!finiteSlice(x, sameLayout, indices)) continue;
          const terms: number[] = [];
          for (const j of indices) {
            const v = y[j] as number;
            if (kind === 'probabilities' ? !(v >= 0 && v <= 1) : !(v <= 0)) {
              fail(`y[${j}] = ${fc.stringify(v)} is not a ${kind === 'probabilities' ? 'probability, in [0, 1]' : 'log-probability, ≤ 0'}${inputAt(context, x.data, j)}`);
            }
            terms.push(kind === 'probabilities' ? v : Math.exp(v));
          }
          // Each entry is e_c / S, where the sum S of n terms took n − 1 roundings (a relative
          // error up to (n − 1)·ε/2, shared by all entries), and e_c, the division and the
          // store round once each: the entries sum to 1 within about (n/2 + 1)·ε, which n·ε
          // covers (n = 1 gives e/e = 1 exactly). A log-probability's exp errs by the
          // entry's absolute error, and Σ p·|log p| ≤ log n keeps that sum smaller still.
          // The sum here is exact to float64's rounding (compensated).
          const sum = compensatedSum(terms);
          if (!(Math.abs(sum - 1) <= channels * EPSILON[dtype])) {
            const what = kind === 'probabilities' ? 'sum' : 'sum of exps';
            fail(`the slice of y at ${JSON.stringify(indices)} along axis ${axis} has a ${what} of ${sum}, not 1 within ${channels}·ε`);
          }
        }
      }
    }),
};

/** Σ terms with Neumaier's compensation: the error of the sum itself stays near one rounding. */
function compensatedSum(terms: readonly number[]): number {
  let sum = 0;
  let carry = 0;
  for (const t of terms) {
    const next = sum + t;
    carry += Math.abs(sum) >= Math.abs(t) ? sum - next + t : t - next + sum;
    sum = next;
  }
  return sum + carry;
}

/**
 * The properties of the range, direction, symmetry and distribution traits.
 * @internal
 */
export const traitProperties: readonly ConformanceProperty[] = [range, monotonic, symmetry, distribution];
