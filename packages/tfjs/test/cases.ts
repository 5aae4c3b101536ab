/**
 * The data-driven cases: every built-in activation with a few configs and
 * shapes, edge inputs, and how closely TensorFlow.js must give Rectify's
 * values (the tolerances of apps/bench/test/lowering.test.ts).
 */
import { builtInPlugins } from '@rectify/cli/registry';
import { engineCases, type Agreement as KitAgreement, type EngineCase, type EngineFamily } from '@rectify/testing';

/** How closely TensorFlow.js must give Rectify's y and dx: the largest mixed error one for all backends (float32). */
export type Agreement = KitAgreement<number>;

/** Selections and correctly rounded +, −, ×, ÷ in the steps Rectify rounds. */
export const BITS: Agreement = { kind: 'bits' };
/** exp, log, σ, tanh: not correctly rounded in any engine; 8 float32 ulps of 1. */
export const TRANSCENDENTAL: Agreement = { kind: 'close', tolerance: 1e-6 };
/** A value times a transcendental gate of itself (SiLU, GELU, Mish, GLU): the gate's error times x. */
export const GATED: Agreement = { kind: 'close', tolerance: 4e-6 };

const ELEMENTWISE = [[8, 24], [3, 4, 16]] as const;
const AXIS_SHAPES = [[12, 8], [4, 6, 6]] as const;
const AXES = [{}, { axis: 0 }, { axis: 1 }];

/** One plugin's configs, shapes, parameter values and agreement. */
export type Family = EngineFamily<number>;

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

export { DY_EDGES, inputs } from '@rectify/testing';

/** One activation, config, shape, input and mode. */
export type Case = EngineCase<number>;

/** Every built-in plugin's configs times its shapes, inputs seeded per case. */
export const CASES: readonly Case[] = engineCases(builtInPlugins, FAMILIES);
