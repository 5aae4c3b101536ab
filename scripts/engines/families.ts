/**
 * The one table of cases every engine check runs: each built-in activation
 * with its configs, shapes, parameter values and how closely another engine
 * must give Rectify's values in each dtype. The tests of `@rectify/onnx` and
 * `@rectify/tfjs` and the parity table read it; it reaches the workspace's
 * sources by relative paths, as they do.
 */
import type { Agreement, EngineFamily } from '../../packages/testing/src/engine.js';

/** A tolerance per dtype: the largest mixed error |got − want| / max(|want|, 1). */
export type Tolerances = Readonly<{ float32: number; float64: number }>;

/**
 * Comparisons, selections and the dtype's correctly rounded +, −, ×, ÷ in
 * the steps Rectify rounds: the piecewise activations, Hardsigmoid,
 * Hardswish, Softsign, and the rectifiers through their fallbacks.
 */
export const BITS: Agreement<Tolerances> = { kind: 'bits' };
/**
 * exp, log, expm1, log1p, σ, tanh and erf, composed without amplification:
 * no engine rounds them correctly (ONNX Runtime's float32 ones are vector
 * approximations a few ulps off, its float64 ones about an ulp). 8 float32
 * ulps of 1 (ONNX Runtime measured at most 5.4e-7), 1e-12 in float64
 * (measured 1.3e-15).
 */
export const TRANSCENDENTAL: Agreement<Tolerances> = { kind: 'close', tolerance: { float32: 1e-6, float64: 1e-12 } };
/**
 * A value times a transcendental gate (SiLU, GELU, Mish, GLU): the gate's
 * error times x in the gradient (up to 19× for Mish). Measured at most
 * 1.9e-6 in float32, 4.9e-15 in float64.
 */
export const GATED: Agreement<Tolerances> = { kind: 'close', tolerance: { float32: 4e-6, float64: 1e-12 } };

const ELEMENTWISE = [[8, 24], [3, 4, 16]] as const;
const AXIS_SHAPES = [[4, 6, 6], [12, 8]] as const;
const AXES = [{}, { axis: 0 }, { axis: 1 }];

/** Every built-in activation, by canonical name; the first shape of each is the small one the parity table runs. */
export const ENGINE_FAMILIES: Readonly<Record<string, EngineFamily<Tolerances>>> = {
  relu: { configs: [{}], shapes: ELEMENTWISE, agreement: BITS },
  leaky_relu: { configs: [{}, { negativeSlope: -0.5 }], shapes: ELEMENTWISE, agreement: BITS },
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
  glu: { configs: AXES, shapes: AXIS_SHAPES, agreement: GATED },
};

/** How to narrow the table for an engine with one dtype. */
export interface Float32Options {
  /** Keep only each family's first shape. Defaults to false. */
  readonly firstShapeOnly?: boolean;
  /** Drop training mode (an engine whose random draws are its own). Defaults to false. */
  readonly withoutTraining?: boolean;
  /** The tolerance within which bit-exact families still count as agreeing; absent: none. */
  readonly bitsTolerance?: number;
}

/**
 * The table for a float32-only engine (TensorFlow.js) or report: each
 * agreement's float32 tolerance, narrowed as asked.
 *
 * @param options - Shapes, modes and the tolerance of bit-exact families.
 * @returns The families with numeric tolerances.
 */
export function float32Families(options: Float32Options = {}): Record<string, EngineFamily<number>> {
  return Object.fromEntries(
    Object.entries(ENGINE_FAMILIES).map(([name, family]) => {
      const { agreement, shapes, training, ...rest } = family;
      const tolerance = agreement.kind === 'bits' ? options.bitsTolerance : agreement.tolerance?.float32;
      const narrowed: EngineFamily<number> = {
        ...rest,
        shapes: options.firstShapeOnly === true ? shapes.slice(0, 1) : shapes,
        agreement: tolerance === undefined ? { kind: agreement.kind } : { kind: agreement.kind, tolerance },
        ...(training === true && options.withoutTraining !== true ? { training } : {}),
      };
      return [name, narrowed];
    }),
  );
}
