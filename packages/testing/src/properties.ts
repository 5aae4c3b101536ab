import fc from 'fast-check';
import { createRng, sameShape, type Activation, type DType, type FloatArray, type Tensor } from '@rectify/core';
import { smoothValueArbitrary, toArray, valueArbitrary } from './arbitraries.js';
import { copyOf, expectBitEqual, fail } from './compare.js';
import type { Case, KitContext } from './context.js';
import { asymptotes } from './asymptotes.js';
import { sameBits } from './providers.js';
import { loweringIsData } from './lowering.js';
import { traitProperties } from './traits.js';

/**
 * One property of the conformance kit.
 * @public
 */
export interface ConformanceProperty {
  /** A short, stable name, such as `gradient matches finite differences`. */
  readonly name: string;
  /** What it asserts, in one sentence. */
  readonly description: string;
  /** The dtypes it runs in. */
  readonly dtypes: readonly DType[];
  /** Whether it applies to this plugin (NaN propagation only where declared, say). */
  applies(context: KitContext): boolean;
  /** The fast-check property for one dtype. */
  build(context: KitContext, dtype: DType): fc.IRawProperty<[Case, ...unknown[]], false>;
}

const BOTH: readonly DType[] = ['float32', 'float64'];
const FLOAT64: readonly DType[] = ['float64'];
/**
 * Step h of the central differences. Their truncation error is h²/6·|f‴|, about 2e-11
 * for the smooth parts of an activation; their rounding error is about ε·|f|/h, 2e-11
 * per unit of |f|: h = 1e-5 keeps both far below {@link GRADIENT_TOLERANCE}.
 */
const STEP = 1e-5;
/**
 * Inputs closer than this to a declared kink are not used for gradient checks: 100 steps h,
 * so that no difference x ± h straddles a kink, and a curvature that grows towards a kink
 * (a softened corner) adds little to the truncation error.
 */
const KINK_MARGIN = 1e-3;
/**
 * Relative tolerance of a gradient against finite differences (over 1 + |expected|). The
 * differences' rounding error is about n·|dy|·ε·|y|/h for the n outputs that move: below 1e-7
 * for the kit's cases (one output of up to 256 for an elementwise activation with a slope of
 * up to 64, or 256 outputs of up to 8 for a shared slope), and their truncation error is
 * about 1e-10; a gradient off by 0.1% errs by 1e-3 of its value, far above 1e-6.
 */
const GRADIENT_TOLERANCE = 1e-6;
/**
 * Relative tolerance of backward's linearity. In float64 each dx or gradient element is a sum
 * of at most 256 products, so rounding moves it by at most 256·ε ≈ 6e-14 of the sum of its
 * terms' magnitudes; 1e-9 leaves room for activations that order or fuse their sums differently
 * for different dy, yet a missing or doubled term (an error of order 1) cannot hide under it.
 */
const LINEARITY_TOLERANCE = 1e-9;

function withData(t: Tensor, data: FloatArray): Tensor {
  return { data, shape: t.shape };
}

/** A forward call in a mode, with a generator of a seed: two calls with one seed draw the same numbers. */
function run(activation: Activation, x: Tensor, training: boolean, seed: number) {
  return activation.forward(x, { training, rng: createRng(seed) });
}

/** Whether the plugin has learnable parameters: with its base config, or for some config it declares shapes for. */
function hasParameters(context: KitContext): boolean {
  return context.plugin.parameterShapes !== undefined || context.instance().parameters.length > 0;
}

function awayFromKinks(context: KitContext, activation: Activation, x: Tensor): boolean {
  const { traits } = context.plugin;
  if (traits.elementwise) {
    const kinks = traits.kinks(activation);
    for (const v of x.data) for (const k of kinks) if (Math.abs(v - k) < KINK_MARGIN) return false;
    return true;
  }
  return traits.distanceToKink === undefined || traits.distanceToKink(activation, x) >= KINK_MARGIN;
}

/** Σ dy·(f(x + h·e) − f(x − h·e)) / 2h, the directional derivative of Σ dy·f along a perturbation. */
function centralDifference(dy: FloatArray, plus: FloatArray, minus: FloatArray): number {
  let sum = 0;
  for (let j = 0; j < dy.length; j++) {
    const diff = (plus[j] as number) - (minus[j] as number);
    if (diff !== 0) sum += (dy[j] as number) * diff;
  }
  return sum / (2 * STEP);
}

function close(actual: number, expected: number, tolerance: number): boolean {
  return Math.abs(actual - expected) <= tolerance * (1 + Math.abs(expected));
}

const shapeAndDtype: ConformanceProperty = {
  name: 'output shape and dtype',
  description: 'y has outputShape(x.shape) and the dtype of x; dx has the shape and dtype of x.',
  dtypes: BOTH,
  applies: () => true,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), ({ config, training, parameters, x, dy }) => {
      const activation = context.instance(parameters, config);
      const { y, backward } = run(activation, x, training, 1);
      const expected = activation.outputShape(x.shape);
      if (!sameShape(y.shape, expected)) fail(`y.shape ${JSON.stringify(y.shape)} but outputShape gives ${JSON.stringify(expected)}`);
      if (y.data.constructor !== x.data.constructor) fail(`y is a ${y.data.constructor.name} for a ${x.data.constructor.name} input`);
      if (y.data.length !== expected.reduce((a, b) => a * b, 1)) fail(`y.data has ${y.data.length} elements for shape ${JSON.stringify(expected)}`);
      const dx = backward(dy);
      if (!sameShape(dx.shape, x.shape)) fail(`dx.shape ${JSON.stringify(dx.shape)} but x.shape is ${JSON.stringify(x.shape)}`);
      if (dx.data.constructor !== x.data.constructor || dx.data.length !== x.data.length) fail('dx does not have the dtype and length of x');
    }),
};

const noMutation: ConformanceProperty = {
  name: 'inputs are not mutated',
  description: 'forward and backward leave x, dy and the parameter values untouched.',
  dtypes: BOTH,
  applies: () => true,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), ({ config, training, parameters, x, dy }) => {
      const activation = context.instance(parameters, config);
      const xBefore = copyOf(x.data);
      const dyBefore = copyOf(dy.data);
      const { backward } = run(activation, x, training, 1);
      expectBitEqual('x after forward', x.data, xBefore);
      backward(dy);
      expectBitEqual('x after backward', x.data, xBefore);
      expectBitEqual('dy after backward', dy.data, dyBefore);
      expectBitEqual('parameters after backward', activation.parameters.flatMap((p) => Array.from(p.data)), parameters);
    }),
};

const sameSeed: ConformanceProperty = {
  name: 'same seed, same output',
  description: 'two instances given generators with the same seed compute bit-identical y and dx, in either mode.',
  dtypes: BOTH,
  applies: () => true,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), fc.integer(), ({ config, training, parameters, x, dy }, seed) => {
      const a = run(context.instance(parameters, config), x, training, seed);
      const b = run(context.instance(parameters, config), x, training, seed);
      expectBitEqual('y', a.y.data, b.y.data);
      expectBitEqual('dx', a.backward(dy).data, b.backward(dy).data);
    }),
};

const outBuffer: ConformanceProperty = {
  name: 'out buffers are honoured',
  description: 'forward and backward write into a given out buffer, return it, and compute the same bits as without it.',
  dtypes: BOTH,
  applies: () => true,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), ({ config, training, parameters, x, dy }) => {
      const plain = run(context.instance(parameters, config), x, training, 7);
      const activation = context.instance(parameters, config);
      const out = toArray(dtype, new Array<number>(plain.y.data.length).fill(Number.NaN));
      const into = activation.forward(x, { training, rng: createRng(7), out });
      if (into.y.data !== out) fail('forward did not return the out buffer as y.data');
      expectBitEqual('y written to out', out, plain.y.data);
      const dxOut = toArray(dtype, new Array<number>(x.data.length).fill(Number.NaN));
      const dx = into.backward(dy, { out: dxOut });
      if (dx.data !== dxOut) fail('backward did not return the out buffer as dx.data');
      expectBitEqual('dx written to out', dxOut, plain.backward(dy).data);
    }),
};

const intoCalls: ConformanceProperty = {
  name: 'forwardInto and backwardInto match forward',
  description:
    'forwardInto and backwardInto write the bits of forward and its backward, and the same parameter gradients, even with a forward call on another input and a refused call in between.',
  dtypes: BOTH,
  applies: () => true,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), ({ config, training, parameters, x, dy }) => {
      const reference = context.instance(parameters, config);
      const plain = run(reference, x, training, 7);
      const expectedDx = plain.backward(dy).data;
      const activation = context.instance(parameters, config);
      const y = toArray(dtype, new Array<number>(plain.y.data.length).fill(Number.NaN));
      activation.forwardInto(x, y, { training, rng: createRng(7) });
      expectBitEqual('y written by forwardInto', y, plain.y.data);
      // Neither a forward on another input nor a refused forwardInto may disturb the pending call.
      const other = withData(x, x.data.map((v) => -v));
      run(activation, other, training, 8);
      try {
        activation.forwardInto(other, toArray(dtype, new Array<number>(plain.y.data.length + 1).fill(0)), { training, rng: createRng(9) });
      } catch {
        // A refused call; the next backwardInto still belongs to the first forwardInto.
      }
      const dx = toArray(dtype, new Array<number>(x.data.length).fill(Number.NaN));
      activation.backwardInto(dy, dx);
      expectBitEqual('dx written by backwardInto', dx, expectedDx);
      const grads = (a: Activation) => a.parameters.flatMap((p) => Array.from(p.grad.data));
      expectBitEqual('parameter gradients after backwardInto', grads(activation), grads(reference));
    }),
};

const continuity: ConformanceProperty = {
  name: 'Lipschitz continuity',
  description: '|f(x) − f(x′)|∞ ≤ L·|x − x′|∞ for nearby x′, with L the bound the plugin declares (eval mode).',
  dtypes: FLOAT64,
  applies: () => true,
  build: (context, dtype) => {
    const nearKink = fc.double({ min: -1e-3, max: 1e-3, noNaN: true });
    const values = fc.oneof(valueArbitrary(dtype), nearKink);
    const deltas = fc.array(fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), { minLength: 256, maxLength: 256 });
    return fc.property(context.cases(dtype, values, { training: false }), deltas, ({ config, parameters, x }, delta) => {
      const activation = context.instance(parameters, config);
      const lipschitz = context.plugin.traits.lipschitz(activation);
      const shifted = toArray(dtype, Array.from(x.data, (v, i) => v + (delta[i % delta.length] as number)));
      const y = activation.forward(x).y.data;
      const y2 = activation.forward(withData(x, shifted)).y.data;
      let dxMax = 0;
      for (let i = 0; i < x.data.length; i++) dxMax = Math.max(dxMax, Math.abs((shifted[i] as number) - (x.data[i] as number)));
      for (let j = 0; j < y.length; j++) {
        const a = y[j] as number;
        const b = y2[j] as number;
        // The exact outputs differ by at most L·|x − x′|; the computed ones are rounded. Each
        // rounding moves an output by half an ulp, ε/2 relative for normal numbers: 4ε·max(|a|, |b|)
        // allows up to four roundings in each output's computation. Among the subnormals the
        // spacing is absolute, Number.MIN_VALUE at most per output. The factor 1 + 1e-12 covers
        // the rounding of L·|x − x′| itself (a few ε) with a wide margin.
        // A discontinuous activation declares L = ∞; its term is 0, not ∞·0 = NaN, when x′ = x.
        const moved = dxMax === 0 ? 0 : lipschitz * dxMax * (1 + 1e-12);
        const bound = moved + 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b)) + 2 * Number.MIN_VALUE;
        if (!(Math.abs(a - b) <= bound)) fail(`|f(x) − f(x′)| = ${Math.abs(a - b)} at output ${j} exceeds L·|x − x′| = ${lipschitz}·${dxMax}`);
      }
    });
  },
};

const inputGradient: ConformanceProperty = {
  name: 'gradient matches finite differences',
  description: 'dx from backward equals central finite differences of Σ dy·f(x) in float64, away from declared kinks, in either mode (training with one seed throughout).',
  dtypes: FLOAT64,
  applies: () => true,
  build: (context, dtype) =>
    fc.property(context.cases(dtype, smoothValueArbitrary(dtype)), fc.integer(), ({ config, training, parameters, x, dy }, seed) => {
      const activation = context.instance(parameters, config);
      fc.pre(awayFromKinks(context, activation, x));
      const dx = run(activation, x, training, seed).backward(dy).data;
      for (let i = 0; i < x.data.length; i++) {
        const plus = copyOf(x.data);
        const minus = copyOf(x.data);
        plus[i] = (plus[i] as number) + STEP;
        minus[i] = (minus[i] as number) - STEP;
        const fd = centralDifference(dy.data, run(activation, withData(x, plus), training, seed).y.data, run(activation, withData(x, minus), training, seed).y.data);
        if (!close(dx[i] as number, fd, GRADIENT_TOLERANCE)) fail(`dx[${i}] = ${dx[i]} but finite differences give ${fd}`);
      }
    }),
};

const linearInDy: ConformanceProperty = {
  name: 'backward is linear in dy',
  description: 'backward(a·dy₁ + b·dy₂) = a·backward(dy₁) + b·backward(dy₂), for dx and for parameter gradients.',
  dtypes: FLOAT64,
  applies: () => true,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), ({ config, training, parameters, x, dy }, a, b) => {
      fc.pre(x.data.every(Number.isFinite));
      const activation = context.instance(parameters, config);
      const dy2 = toArray(dtype, Array.from(dy.data, (v, i) => ((i * 7919) % 13) / 4 - v));
      const mixed = toArray(dtype, Array.from(dy.data, (v, i) => a * v + b * (dy2[i] as number)));
      const grads = () => activation.parameters.flatMap((p) => Array.from(p.grad.data));
      const { backward } = run(activation, x, training, 3);
      activation.zeroGrad();
      const dx1 = backward(dy).data;
      const g1 = grads();
      activation.zeroGrad();
      const dx2 = backward(withData(dy, dy2)).data;
      const g2 = grads();
      activation.zeroGrad();
      const dx3 = backward(withData(dy, mixed)).data;
      const g3 = grads();
      // A parameter gradient is a sum whose terms may nearly cancel; its rounding error is
      // bounded by the sum of the terms' magnitudes, which the gradient for |dy| gives
      // whenever each parameter's per-element derivative keeps one sign (as for every rectifier).
      activation.zeroGrad();
      backward(withData(dy, dy.data.map(Math.abs)));
      const g1abs = grads();
      activation.zeroGrad();
      backward(withData(dy, dy2.map(Math.abs)));
      const g2abs = grads();
      const check = (what: string, got: ArrayLike<number>, one: ArrayLike<number>, two: ArrayLike<number>, oneAbs = one, twoAbs = two, floor = 0) => {
        for (let i = 0; i < got.length; i++) {
          const p = a * (one[i] as number);
          const q = b * (two[i] as number);
          const scale = Math.abs(a) * (Math.abs(one[i] as number) + Math.abs(oneAbs[i] as number)) + Math.abs(b) * (Math.abs(two[i] as number) + Math.abs(twoAbs[i] as number)) + Math.abs(got[i] as number) + floor;
          // 1e-300 absolute: results that underflow to subnormals have absolute, not relative, spacing.
          if (!(Math.abs((got[i] as number) - (p + q)) <= LINEARITY_TOLERANCE * scale + 1e-300)) fail(`${what}[${i}] = ${got[i]} but a·${what}₁ + b·${what}₂ = ${p + q}`);
        }
      };
      // dx_j = Σ_k J_kj·dy_k may cancel (softmax's p_j·(dy_j − Σ p·dy)), leaving rounding noise of
      // up to n·ε·Σ_k |J_kj|·|dy_k| where the exact value is 0: nothing relative to dx bounds it.
      // The floor max|dy| (times the Lipschitz bound, at least 1) of each call scales it: even
      // when a column of J sums to n = 256 that noise is n²·ε ≈ 1.5e-11 of it, far under 1e-9,
      // while a missing or doubled term of order one in dx stays far above.
      const lipschitz = context.plugin.traits.lipschitz(activation);
      const largest = (data: ArrayLike<number>) => {
        let m = 0;
        for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i] as number));
        return m;
      };
      const floor = (Number.isFinite(lipschitz) ? Math.max(1, lipschitz) : 1) * (Math.abs(a) * largest(dy.data) + Math.abs(b) * largest(dy2));
      check('dx', dx3, dx1, dx2, dx1, dx2, floor);
      check('parameter gradient', g3, g1, g2, g1abs, g2abs);
    }),
};

const parameterGradient: ConformanceProperty = {
  name: 'parameter gradients match finite differences',
  description: 'each parameter gradient equals central finite differences of Σ dy·f(x) in float64, away from declared kinks, in either mode.',
  dtypes: FLOAT64,
  applies: hasParameters,
  build: (context, dtype) =>
    fc.property(context.cases(dtype, smoothValueArbitrary(dtype)), fc.integer(), ({ config, training, parameters, x, dy }, seed) => {
      const activation = context.instance(parameters, config);
      fc.pre(awayFromKinks(context, activation, x));
      activation.zeroGrad();
      run(activation, x, training, seed).backward(dy);
      for (const parameter of activation.parameters) {
        for (let i = 0; i < parameter.data.length; i++) {
          const original = parameter.data[i] as number;
          parameter.data[i] = original + STEP;
          const plus = run(activation, x, training, seed).y.data;
          parameter.data[i] = original - STEP;
          const minus = run(activation, x, training, seed).y.data;
          parameter.data[i] = original;
          const fd = centralDifference(dy.data, plus, minus);
          const grad = parameter.grad.data[i] as number;
          if (!close(grad, fd, GRADIENT_TOLERANCE)) fail(`${parameter.name}.grad[${i}] = ${grad} but finite differences give ${fd}`);
        }
      }
    }),
};

const accumulation: ConformanceProperty = {
  name: 'parameter gradients accumulate',
  description: 'two backward calls add up their parameter gradients, and zeroGrad clears them.',
  dtypes: BOTH,
  applies: hasParameters,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), ({ config, training, parameters, x, dy }) => {
      const activation = context.instance(parameters, config);
      const { backward } = run(activation, x, training, 1);
      backward(dy);
      const once = activation.parameters.flatMap((p) => Array.from(p.grad.data));
      backward(dy);
      const twice = activation.parameters.flatMap((p) => Array.from(p.grad.data));
      // Exact, no tolerance: the second call adds the same sum to it, and g + g is exact in float64.
      expectBitEqual('gradient after two backward calls', twice, once.map((g) => g + g));
      activation.zeroGrad();
      if (!activation.parameters.every((p) => p.grad.data.every((g) => Object.is(g, 0)))) fail('zeroGrad left a non-zero gradient');
    }),
};

const jsonRoundTrip: ConformanceProperty = {
  name: 'JSON round trip',
  description: 'fromJSON(JSON.stringify(toJSON())) has the same config and parameters and computes bit-identical outputs.',
  dtypes: BOTH,
  applies: () => true,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), ({ config, training, parameters, x }) => {
      const original = context.instance(parameters, config);
      const text = JSON.stringify(original.toJSON());
      const restored = context.registry.fromJSON(text);
      if (restored.name !== original.name) fail(`restored name ${restored.name} differs from ${original.name}`);
      if (JSON.stringify(restored.config) !== JSON.stringify(original.config)) fail(`restored config ${JSON.stringify(restored.config)} differs`);
      expectBitEqual('restored parameters', restored.parameters.flatMap((p) => Array.from(p.data)), parameters);
      expectBitEqual('restored output', run(restored, x, training, 5).y.data, run(original, x, training, 5).y.data);
    }),
};

const nanPropagation: ConformanceProperty = {
  name: 'NaN propagates',
  description: 'a NaN input gives NaN at the same index (elementwise) or in some output (otherwise); an all-NaN input gives an all-NaN output.',
  dtypes: BOTH,
  applies: (context) => context.plugin.traits.propagatesNaN,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), fc.array(fc.boolean(), { minLength: 256, maxLength: 256 }), ({ config, training, parameters, x }, mask) => {
      const activation = context.instance(parameters, config);
      const poisoned = copyOf(x.data);
      poisoned[0] = Number.NaN;
      for (let i = 1; i < poisoned.length; i++) if (mask[i]) poisoned[i] = Number.NaN;
      const y = run(activation, withData(x, poisoned), training, 1).y.data;
      if (context.plugin.traits.elementwise) {
        for (let i = 0; i < poisoned.length; i++) if (Number.isNaN(poisoned[i]) && !Number.isNaN(y[i])) fail(`x[${i}] is NaN but y[${i}] = ${y[i]}`);
      } else if (!y.some(Number.isNaN)) {
        fail('an input with NaN gave an output without NaN');
      }
      const all = run(activation, withData(x, toArray(dtype, new Array<number>(x.data.length).fill(Number.NaN))), training, 1).y.data;
      if (!all.every(Number.isNaN)) fail('an all-NaN input gave a non-NaN output');
    }),
};

const gain: ConformanceProperty = {
  name: 'gain is positive and finite',
  description: 'gain() returns a finite number greater than 0, for any config and parameter values.',
  dtypes: FLOAT64,
  applies: () => true,
  build: (context, dtype) =>
    fc.property(context.cases(dtype), ({ config, parameters }) => {
      const value = context.instance(parameters, config).gain();
      if (!(Number.isFinite(value) && value > 0)) fail(`gain() returned ${value}`);
    }),
};

/**
 * The properties the kit checks, in the order it runs them. The properties of
 * the optional traits (range, direction, symmetry, distribution, asymptotes)
 * run only for plugins that declare them; the kernel property only with
 * `providers`.
 * @public
 */
export const conformanceProperties: readonly ConformanceProperty[] = Object.freeze([
  shapeAndDtype,
  noMutation,
  sameSeed,
  outBuffer,
  intoCalls,
  continuity,
  inputGradient,
  linearInDy,
  parameterGradient,
  accumulation,
  jsonRoundTrip,
  nanPropagation,
  gain,
  ...traitProperties,
  asymptotes,
  loweringIsData,
  sameBits,
]);
