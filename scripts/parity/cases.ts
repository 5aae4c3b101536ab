/**
 * The cases of the parity table: every built-in activation with its configs,
 * one small shape each (a software GPU compiles a program per op and shape),
 * the conformance kit's edge inputs, and the tolerance within which an
 * engine's value counts as agreeing with Rectify's.
 *
 * Imported by the tests of `@rectify/tfjs` and `@rectify/onnx` and by the
 * browser page, so it reaches the workspace's sources by relative paths.
 */
import { builtInPlugins } from '../../apps/cli/src/registry.js';
import { DY_EDGES, engineCases, inputs, type Agreement, type EngineCase, type EngineFamily } from '../../packages/testing/src/engine.js';

/**
 * Rectify promises bits (selections, and +, −, ×, ÷ rounded where Rectify
 * rounds); an engine whose arithmetic differs is still "within tolerance"
 * up to 8 float32 ulps of 1.
 */
const BITS: Agreement = { kind: 'bits', tolerance: 1e-6 };
/** exp, log, σ, tanh, erf: no engine rounds them correctly; 8 float32 ulps of 1. */
const TRANSCENDENTAL: Agreement = { kind: 'close', tolerance: 1e-6 };
/** A value times a transcendental gate of itself (SiLU, GELU, Mish, GLU): the gate's error times x. */
const GATED: Agreement = { kind: 'close', tolerance: 4e-6 };

const ELEMENTWISE = [[8, 24]] as const;
const AXIS_SHAPE = [[4, 6, 6]] as const;
const AXES = [{}, { axis: 0 }, { axis: 1 }];

/** Every built-in activation's configs, shape, parameter values and tolerance, by canonical name. */
export const PARITY_FAMILIES: Readonly<Record<string, EngineFamily<number>>> = {
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
  softmax: { configs: AXES, shapes: AXIS_SHAPE, agreement: TRANSCENDENTAL },
  log_softmax: { configs: AXES, shapes: AXIS_SHAPE, agreement: TRANSCENDENTAL },
  softmin: { configs: AXES, shapes: AXIS_SHAPE, agreement: TRANSCENDENTAL },
  glu: { configs: AXES, shapes: AXIS_SHAPE, agreement: GATED },
};

/** One activation, config, shape and input of the table (evaluation mode). */
export type ParityCase = EngineCase<number>;

/** Every built-in activation's cases, in the registry's order. */
export const PARITY_CASES: readonly ParityCase[] = engineCases(builtInPlugins, PARITY_FAMILIES);

/**
 * The output gradient fed to every engine's backward: ±0, NaN and ∞ among
 * ordinary values, as in the packages' own engine tests.
 *
 * @param c - The case.
 * @returns dy, one value per element of y.
 */
export function outputGradient(c: ParityCase): number[] {
  const size = c.plugin.create(c.config).outputShape(c.shape).reduce((a, b) => a * b, 1);
  return inputs(size, DY_EDGES, 99);
}
