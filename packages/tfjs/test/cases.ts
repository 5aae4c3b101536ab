/**
 * The data-driven cases: every built-in activation with a few configs and
 * shapes, edge inputs, and how closely TensorFlow.js must give Rectify's
 * values (the tolerances of apps/bench/test/lowering.test.ts).
 */
import { createRng, uniform01, type AnyActivationPlugin } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';

/** How closely an engine must give Rectify's y and dx. */
export interface Agreement {
  /**
   * `'bits'`: bit for bit (NaN equals NaN, −0 differs from +0). `'close'`:
   * NaN, ±∞ and signed zeros exactly, every other value within `tolerance`
   * in the mixed error |got − want| / max(|want|, 1).
   */
  readonly kind: 'bits' | 'close';
  readonly tolerance?: number;
}

/** Selections and correctly rounded +, −, ×, ÷ in the steps Rectify rounds. */
export const BITS: Agreement = { kind: 'bits' };
/** exp, log, σ, tanh: not correctly rounded in any engine; 8 float32 ulps of 1. */
export const TRANSCENDENTAL: Agreement = { kind: 'close', tolerance: 1e-6 };
/** A value times a transcendental gate of itself (SiLU, GELU, Mish, GLU): the gate's error times x. */
export const GATED: Agreement = { kind: 'close', tolerance: 4e-6 };

const ELEMENTWISE = [[8, 24], [3, 4, 16]] as const;
const AXIS_SHAPES = [[12, 8], [4, 6, 6]] as const;
const AXES = [{}, { axis: 0 }, { axis: 1 }];

/** One plugin's configs, shapes, PReLU-like weights, and agreement. */
export interface Family {
  readonly configs: readonly object[];
  readonly shapes: readonly (readonly number[])[];
  readonly agreement: Agreement;
  /** Parameter values to set before the forward, per config. */
  readonly weights?: readonly (readonly number[])[];
  /**
   * How x is drawn, where not by the activation's kind: `'ties'` from few
   * values (maxout's ties); `'finite-edges'` the edges without the largest
   * float32 values, whose products with dy overflow a float32 slope gradient
   * but not Rectify's float64 one.
   */
  readonly draw?: 'ties' | 'finite-edges';
}

/** Every built-in activation, by canonical name. */
export const FAMILIES: Readonly<Record<string, Family>> = {
  relu: { configs: [{}], shapes: ELEMENTWISE, agreement: BITS },
  leaky_relu: { configs: [{}, { negativeSlope: -0.5 }], shapes: ELEMENTWISE, agreement: BITS },
  prelu: { configs: [{ numParameters: 1 }, { numParameters: 4 }, { numParameters: 4, axis: -1 }], shapes: [[2, 4, 4]], agreement: BITS, weights: [[0.25], [0.25, -0.5, 0, 3], [0.1, 0.2, 2, -1]], draw: 'finite-edges' },
  rrelu: { configs: [{}, { lower: 0.1, upper: 0.3 }], shapes: ELEMENTWISE, agreement: BITS },
  maxout: { configs: [{}, { pieces: 3 }, { pieces: 4, axis: -1 }], shapes: [[2, 12, 4]], agreement: BITS, draw: 'ties' },
  sigmoid: { configs: [{}], shapes: ELEMENTWISE, agreement: TRANSCENDENTAL },
  logsigmoid: { configs: [{}], shapes: ELEMENTWISE, agreement: TRANSCENDENTAL },
  hardsigmoid: { configs: [{}], shapes: ELEMENTWISE, agreement: BITS },
  silu: { configs: [{}], shapes: ELEMENTWISE, agreement: GATED },
  hardswish: { configs: [{}], shapes: ELEMENTWISE, agreement: BITS },
  tanh: { configs: [{}], shapes: ELEMENTWISE, agreement: TRANSCENDENTAL },
  softsign: { configs: [{}], shapes: ELEMENTWISE, agreement: BITS },
  hardtanh: { configs: [{}, { minVal: -0.3, maxVal: 2.5 }], shapes: ELEMENTWISE, agreement: BITS },
  relu6: { configs: [{}], shapes: ELEMENTWISE, agreement: BITS },
  elu: { configs: [{}, { alpha: 0.3 }, { alpha: -0.5 }], shapes: ELEMENTWISE, agreement: TRANSCENDENTAL },
  celu: { configs: [{}, { alpha: 0.3 }, { alpha: 2 }], shapes: ELEMENTWISE, agreement: TRANSCENDENTAL },
  selu: { configs: [{}], shapes: ELEMENTWISE, agreement: TRANSCENDENTAL },
  gelu: { configs: [{}, { approximate: 'tanh' }], shapes: ELEMENTWISE, agreement: GATED },
  mish: { configs: [{}], shapes: ELEMENTWISE, agreement: GATED },
  softplus: { configs: [{}, { beta: 2, threshold: 5 }, { beta: 0.3, threshold: 1 }], shapes: ELEMENTWISE, agreement: TRANSCENDENTAL },
  hardshrink: { configs: [{}, { lambda: 1.3 }, { lambda: 0 }], shapes: ELEMENTWISE, agreement: BITS },
  softshrink: { configs: [{}, { lambda: 0.1 }, { lambda: 0 }], shapes: ELEMENTWISE, agreement: BITS },
  tanhshrink: { configs: [{}], shapes: ELEMENTWISE, agreement: TRANSCENDENTAL },
  threshold: { configs: [{}, { threshold: 1.5, value: -2 }, { threshold: -0.3, value: 0.7 }], shapes: ELEMENTWISE, agreement: BITS },
  softmax: { configs: AXES, shapes: AXIS_SHAPES, agreement: TRANSCENDENTAL },
  log_softmax: { configs: AXES, shapes: AXIS_SHAPES, agreement: TRANSCENDENTAL },
  softmin: { configs: AXES, shapes: AXIS_SHAPES, agreement: TRANSCENDENTAL },
  glu: { configs: AXES, shapes: [[12, 8], [4, 6, 6]], agreement: GATED },
};

/** Zeros of both signs, NaN, infinities, subnormals, tiny values, the largest float32. */
export const SPECIAL = [-0, 0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, 1e-8, -1e-8, 3.4028234663852886e38, -3.4028234663852886e38];
/** Where σ, tanh and erf saturate and exp overflows float32, and beyond. */
export const SATURATION = [5, 9, 17, 20, 30, 89, 710, 1e4, 1e30].flatMap((v) => [v, -v]);
/** Each slice of an axis activation made NaN, zero or saturated by one of these. */
export const SLICE_EDGES = [Number.NaN, 1e30, -0, Infinity, -Infinity, 0, -1e30, 3.4028234663852886e38, 50, -50, 100, -100, 1e-45, 20, -20, 89, -89];
/** Few distinct values, so that maxout's groups tie. */
export const TIES = [-0, 0, 1, -1, Number.NaN, Infinity, -Infinity, 2];
/** Output gradients: ±0, NaN, ∞ among ordinary values. */
export const DY_EDGES = [1, -0, -2, 0, 0.75, Number.NaN, Infinity];

/** n values cycling twice through `values`, then seeded uniforms in [−spread, spread). */
export function inputs(n: number, values: readonly number[], seed: number, spread = 2): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => (i < values.length * 2 ? (values[i % values.length] as number) : spread * (2 * uniform01(rng) - 1)));
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

/** n values drawn from `values` alone. */
function drawn(n: number, values: readonly number[], seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => values[Math.floor(uniform01(rng) * values.length)] as number);
}

/** The kink points of a config and a neighbour on each side. */
function kinkPoints(plugin: AnyActivationPlugin, config: object): number[] {
  return plugin.traits.kinks(plugin.create(config)).flatMap((k) => {
    const step = 2 ** -20 * Math.max(1, Math.abs(k));
    return [k, k - step, k + step];
  });
}

/** One activation, config, shape and input. */
export interface Case {
  readonly name: string;
  readonly plugin: AnyActivationPlugin;
  readonly config: object;
  readonly shape: readonly number[];
  readonly x: readonly number[];
  readonly weights?: readonly number[];
  readonly agreement: Agreement;
}

/** Every built-in plugin's configs times its shapes, inputs seeded per case. */
export const CASES: readonly Case[] = builtInPlugins.flatMap((plugin, f) => {
  const family = FAMILIES[plugin.name];
  if (family === undefined) throw new Error(`no cases for the built-in activation ${plugin.name}`);
  return family.configs.flatMap((config, k) =>
    family.shapes.map((shape, j): Case => {
      const n = shape.reduce((a, b) => a * b, 1);
      const seed = 100 * f + 10 * k + j;
      const x =
        family.draw === 'ties' ? drawn(n, TIES, seed) : family.draw === 'finite-edges' ? inputs(n, SPECIAL.filter((v) => !(Math.abs(v) > 3e38 && Number.isFinite(v))), seed) : plugin.traits.elementwise ? inputs(n, [...SPECIAL, ...SATURATION, ...kinkPoints(plugin, config)], seed, 4) : sprinkled(n, SLICE_EDGES, seed, 5);
      const weights = family.weights?.[k];
      return { name: `${plugin.name} ${JSON.stringify(config)} [${shape.join(', ')}]`, plugin, config, shape, x, agreement: family.agreement, ...(weights === undefined ? {} : { weights }) };
    }),
  );
});
