/**
 * The data-driven cases: every built-in activation with a few configs and
 * shapes, edge inputs, and how closely ONNX Runtime must give Rectify's
 * values in each dtype (moved from apps/bench/test/lowering.test.ts).
 */
import { builtInPlugins } from '@rectify/cli/registry';
import { engineCases, type Agreement as KitAgreement, type EngineCase, type EngineFamily } from '@rectify/testing';
import type { OnnxDType } from '../src/index.js';

/** How closely ONNX Runtime must give Rectify's y and dx: the largest mixed error per dtype. */
export type Agreement = KitAgreement<Readonly<Record<OnnxDType, number>>>;

/**
 * Comparisons, selections and the dtype's correctly rounded +, −, ×, ÷ in
 * the steps Rectify rounds: the piecewise activations, Hardsigmoid,
 * Hardswish, Softsign, and the rectifiers through their fallbacks.
 */
export const BITS: Agreement = { kind: 'bits' };
/**
 * exp, log, expm1, log1p, σ and tanh, composed without amplification: ONNX
 * Runtime's float32 ones are vector approximations a few ulps off, its
 * float64 ones about an ulp; `Expm1` is `Exp − 1` and `Log1p` `Log(1 + x)`.
 * 8 float32 ulps of 1 (measured at most 5.4e-7), 1e-12 in float64 (measured 1.3e-15).
 */
export const TRANSCENDENTAL: Agreement = { kind: 'close', tolerance: { float32: 1e-6, float64: 1e-12 } };
/**
 * A value times a transcendental gate (SiLU, GELU, Mish, GLU): the gate's
 * error times x in the gradient (up to 19× for Mish). Measured at most
 * 1.9e-6 in float32, 4.9e-15 in float64.
 */
export const GATED: Agreement = { kind: 'close', tolerance: { float32: 4e-6, float64: 1e-12 } };

const ELEMENTWISE = [[8, 24], [3, 4, 16]] as const;
const AXIS_SHAPES = [[12, 8], [4, 6, 6]] as const;
const AXES = [{}, { axis: 0 }, { axis: 1 }];

/** One plugin's configs, shapes, parameter values and agreement. */
export type Family = EngineFamily<Readonly<Record<OnnxDType, number>>>;

/** Every built-in activation, by canonical name. */
export const FAMILIES: Readonly<Record<string, Family>> = {
  relu: { configs: [{}], shapes: [[3, 10]], agreement: BITS },
  leaky_relu: { configs: [{}, { negativeSlope: -0.5 }], shapes: [[4, 10]], agreement: BITS },
  prelu: {
    configs: [{ numParameters: 1 }, { numParameters: 4 }, { numParameters: 4, axis: -1 }, {}],
    shapes: [[2, 4, 4]],
    agreement: BITS,
    weights: [[0.25], [0.25, -0.5, 0, 3], [0.1, 0.2, 2, -1], [-0.5]],
    draw: 'finite-edges',
  },
  rrelu: { configs: [{}, { lower: 0.1, upper: 0.3 }], shapes: [[2, 15]], agreement: BITS, training: true },
  maxout: { configs: [{}, { pieces: 3 }, { pieces: 4, axis: -1 }, { pieces: 1 }], shapes: [[2, 12, 4]], agreement: BITS, draw: 'ties' },
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

export { DY_EDGES, inputs } from '@rectify/testing';

/** One activation, config, shape, input and mode. */
export type Case = EngineCase<Readonly<Record<OnnxDType, number>>>;

/** Every built-in plugin's configs times its shapes (and modes), inputs seeded per case. */
export const CASES: readonly Case[] = engineCases(builtInPlugins, FAMILIES);
