/**
 * ONNX models of an activation: its forward and its backward.
 */
import { RectifyError, describeValue, findPlugin, type Activation, type Lowering, type PluginSource } from '@rectify/core';
import type { Graph, OnnxDType, OnnxDim, OnnxNative, OnnxParameter } from './graph.js';
import { loweringGraph, loweringToOnnxBackward, type LoweringToOnnxOptions } from './lowering-model.js';
import { DEFAULT_OPSET, encodeModel, irVersionOf } from './model.js';
import { NATIVE_OPS } from './native.js';

/**
 * Options of {@link toOnnx} and {@link toOnnxBackward}.
 * @public
 */
export interface ToOnnxOptions {
  /**
   * The activation's plugin, or a registry that knows it: its `lowering` is
   * what is exported. Needed only for an activation whose plugin was not
   * recorded (see `pluginOf` in `@rectify/core`): every activation made by a
   * built-in plugin, `definePlugin`, `defineElementwise` or a registry is.
   */
  readonly plugin?: PluginSource;
  /**
   * x's shape. Each size is a number, a string (a named symbolic size, ONNX's
   * `dim_param`: `'batch'`) or `null` (a symbolic size without a name).
   *
   * @remarks
   * A symbolic size is allowed where the lowering does not depend on it (the
   * batch axis of every built-in activation, any axis of an elementwise one);
   * the lowering is asked for two sizes of it and must give the same graph.
   * Elsewhere (the channel axis of PReLU with several slopes, Maxout's axis,
   * the softmax axis) it must be a number.
   */
  readonly inputShape: readonly OnnxDim[];
  /**
   * The default domain's opset, 13 to 23; the IR version follows it ({@link IR_VERSIONS}).
   * @defaultValue 17
   */
  readonly opset?: number;
  /**
   * The element type of x, y, dy, dx, the constants and the parameters.
   * In float64, `Erf` (exact GELU) is written with basic ops, since ONNX
   * Runtime has no float64 `Erf` kernel: a few hundred nodes, within 6 ulps
   * of erf.
   * @defaultValue `'float32'`
   */
  readonly dtype?: OnnxDType;
  /**
   * Whether to export the activation in training mode (RReLU draws its slopes
   * with `RandomUniformLike`).
   * @defaultValue false
   */
  readonly training?: boolean;
  /**
   * Which native nodes of the lowering (`Relu`, `LeakyRelu`, `PRelu`) become
   * those ONNX ops; the others are written as their fallbacks, which give
   * Rectify's bits. See {@link OnnxNative}. `true` also writes the forward
   * of the activations in {@link NATIVE_OPS} (ELU, SELU, CELU, Hardsigmoid,
   * Hardswish, Mish, GELU, Softmax, LogSoftmax) as ONNX's own op where the
   * opset and ONNX Runtime's kernels allow; those agree with Rectify within
   * the tests' tolerances, not bit for bit, so `'exact'` keeps the lowering.
   * @defaultValue `'exact'`
   */
  readonly native?: OnnxNative;
  /**
   * Forward only: the lowering's saved values (RReLU's slopes `r` in
   * training) become graph inputs of x's shape instead of being drawn in the
   * graph, so that a caller can feed the draws of another implementation.
   * @defaultValue false
   */
  readonly savedAsInputs?: boolean;
}

/**
 * Checks a shape's sizes, naming the bad one.
 * @param shape - The shape given as `inputShape`.
 */
export function checkShape(shape: readonly OnnxDim[]): void {
  if (!Array.isArray(shape)) throw new RectifyError('INVALID_ARGUMENT', `inputShape must be an array, got ${String(shape)}`, { field: 'inputShape', value: shape });
  shape.forEach((d, i) => {
    const ok = d === null || (typeof d === 'string' && d.length > 0) || (typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);
    if (!ok) throw new RectifyError('INVALID_ARGUMENT', `inputShape[${i}] must be a size ≥ 0, a name or null, got ${String(d)}`, { field: `inputShape[${i}]`, value: d });
  });
}

const OPTION_KEYS = ['plugin', 'inputShape', 'opset', 'dtype', 'training', 'native', 'savedAsInputs'];

/**
 * Checks an options object: an object, no key outside `keys`, and `dtype`,
 * `native`, `training` and `savedAsInputs` of the right kind where given.
 * @param options - The options given.
 * @param keys - The keys the exporter knows.
 * @param example - An example of the options, for the message.
 */
export function checkOptionObject(options: unknown, keys: readonly string[], example: string): asserts options is Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new RectifyError('INVALID_ARGUMENT', `options must be an object such as ${example}, got ${describeValue(options)}`, { field: 'options', value: options });
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!keys.includes(key)) throw new RectifyError('INVALID_ARGUMENT', `unknown option ${JSON.stringify(key)}; known options: ${keys.join(', ')}`, { field: `options.${key}`, value: record[key] });
  }
  const { dtype, native, training, savedAsInputs } = record;
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64') {
    throw new RectifyError('INVALID_ARGUMENT', `options.dtype must be "float32" or "float64", got ${describeValue(dtype)}`, { field: 'options.dtype', value: dtype });
  }
  if (native !== undefined && native !== true && native !== false && native !== 'exact') {
    throw new RectifyError('INVALID_ARGUMENT', `options.native must be true, false or "exact", got ${describeValue(native)}`, { field: 'options.native', value: native });
  }
  for (const [field, value] of [['training', training], ['savedAsInputs', savedAsInputs]] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new RectifyError('INVALID_ARGUMENT', `options.${field} must be a boolean, got ${describeValue(value)}`, { field: `options.${field}`, value });
    }
  }
}

/** Checks the activation and every option, naming the field and value of the first one that is wrong. */
function checkOptions(activation: unknown, options: unknown): asserts options is ToOnnxOptions {
  if (typeof activation !== 'object' || activation === null || typeof (activation as Activation).name !== 'string') {
    throw new RectifyError('INVALID_ARGUMENT', `activation must be a Rectify activation, got ${describeValue(activation)}`, { field: 'activation', value: activation });
  }
  checkOptionObject(options, OPTION_KEYS, '{ inputShape }');
}

/** The lowering and output shape of an activation for a shape that may hold symbolic sizes. */
function resolve(activation: Activation, options: ToOnnxOptions): { lowering: Lowering; outputShape: OnnxDim[] } {
  checkOptions(activation, options);
  const plugin = findPlugin(activation, options.plugin, 'options.plugin');
  if (typeof plugin.lowering !== 'function') {
    throw new RectifyError('INVALID_ARGUMENT', `the plugin ${plugin.name} declares no lowering, so it cannot be exported to ONNX: give it lowering(config, inputShape, options)`, { field: 'plugin.lowering', value: plugin.name });
  }
  const lowerAt = plugin.lowering.bind(plugin);
  checkShape(options.inputShape);
  const training = { training: options.training === true };
  const symbolic = options.inputShape.flatMap((d, i) => (typeof d === 'number' ? [] : [i]));
  const probe = (size: number): number[] => options.inputShape.map((d) => (typeof d === 'number' ? d : size));
  if (symbolic.length === 0) {
    const shape = probe(0);
    return { lowering: lowerAt(activation.config, shape, training), outputShape: activation.outputShape(shape) };
  }
  const at = (size: number): { lowering: Lowering; out: number[] } => {
    const shape = probe(size);
    try {
      return { lowering: lowerAt(activation.config, shape, training), out: activation.outputShape(shape) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RectifyError('SHAPE_MISMATCH', `${plugin.name} cannot be exported with symbolic sizes at inputShape[${symbolic.join('], [')}]: ${reason}`, { field: 'inputShape', value: options.inputShape });
    }
  };
  const a = at(2);
  const b = at(3);
  const refuse = (): RectifyError =>
    new RectifyError('SHAPE_MISMATCH', `${plugin.name}'s lowering depends on a size that inputShape leaves symbolic (inputShape[${symbolic.join('], [')}]); give that size as a number`, { field: 'inputShape', value: options.inputShape });
  if (JSON.stringify(a.lowering) !== JSON.stringify(b.lowering) || a.out.length !== b.out.length) throw refuse();
  const outputShape = a.out.map((size, i): OnnxDim => {
    if (size === b.out[i]) return size;
    const d = options.inputShape[i];
    if (d !== undefined && typeof d !== 'number' && size === 2 && b.out[i] === 3) return d;
    throw refuse();
  });
  return { lowering: a.lowering, outputShape };
}

function parametersOf(activation: Activation): Record<string, OnnxParameter> {
  return Object.fromEntries(activation.parameters.map((p) => [p.name, { data: p.data, shape: p.shape }]));
}

/**
 * Exports an activation's forward `x → y` as an ONNX model.
 *
 * @remarks
 * The graph is the plugin's lowering for the activation's config, with its
 * current parameter values (PReLU's `weight`) as initializers. The model
 * has one input `x` and one output `y` (and, with `savedAsInputs`, each
 * saved value as an input), the opset asked for (17 by default) and the IR
 * version that goes with it. The native ops of the lowering are written
 * as ONNX's where they give Rectify's bits, else as their fallbacks
 * (see {@link ToOnnxOptions.native}).
 *
 * @example
 * ```ts
 * import { prelu } from '@rectify/prelu';
 * import { toOnnx } from '@rectify/onnx';
 *
 * const activation = prelu.create({ numParameters: 3 });
 * const bytes = toOnnx(activation, { inputShape: ['batch', 3, 32, 32] });
 * // await ort.InferenceSession.create(bytes)
 * ```
 *
 * @param activation - The activation to export.
 * @param options - x's shape, opset, dtype, mode, and the plugin where it is not recorded.
 * @returns The bytes of the `ModelProto`.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for a plugin without a
 * lowering or not the activation's, a malformed shape or an unknown opset;
 * `SHAPE_MISMATCH` where the activation cannot take the shape or its lowering
 * needs a size that the shape leaves symbolic.
 * @public
 */
export function toOnnx(activation: Activation, options: ToOnnxOptions): Uint8Array {
  return encodeModel(activationGraph(activation, options), options.opset ?? DEFAULT_OPSET, 'rectify_forward');
}

/**
 * The forward graph of an activation (input `x`, output `y`), before it is
 * serialised: its native op under `native: true` where {@link NATIVE_OPS}
 * has one, else its lowering.
 */
export function activationGraph(activation: Activation, options: ToOnnxOptions): Graph {
  const { lowering, outputShape } = resolve(activation, options);
  const dtype = options.dtype ?? 'float32';
  const opset = options.opset ?? DEFAULT_OPSET;
  if (options.native === true) {
    const node = NATIVE_OPS[activation.name]?.(activation.config as Readonly<Record<string, unknown>>, opset, dtype, options.inputShape.length);
    if (node !== undefined) {
      irVersionOf(opset);
      return {
        nodes: [{ op: node.op, inputs: ['x'], outputs: ['y'], attributes: node.attributes }],
        inputs: [{ name: 'x', dtype, shape: options.inputShape }],
        outputs: [{ name: 'y', dtype, shape: outputShape }],
        initializers: [],
      };
    }
  }
  return loweringGraph(lowering, { ...loweringOptions(activation, options, outputShape), savedAsInputs: options.savedAsInputs === true });
}

/** The options of the lowering exporters for an activation's {@link ToOnnxOptions}, defaults filled in. */
function loweringOptions(activation: Activation, options: ToOnnxOptions, outputShape: readonly OnnxDim[]): LoweringToOnnxOptions {
  return {
    dtype: options.dtype ?? 'float32',
    inputShape: options.inputShape,
    outputShape,
    opset: options.opset ?? DEFAULT_OPSET,
    parameters: parametersOf(activation),
    native: options.native ?? 'exact',
  };
}

/**
 * Exports an activation's backward `(x, dy) → dx` as an ONNX model, with
 * PyTorch's gradients.
 *
 * @remarks
 * Inputs `x` and `dy` (dy has y's shape), then each value the forward saved
 * (RReLU's slopes `r` in training, shaped like x); outputs `dx` and, for
 * each learnable parameter, its gradient `d` + its name (PReLU's `dweight`,
 * summed over x as PyTorch sums it). The gradient is the lowering's
 * `backward`, or where it has none the derived gradient of its forward
 * ({@link loweredBackward}).
 *
 * @example
 * ```ts
 * import { relu } from '@rectify/relu';
 * import { toOnnxBackward } from '@rectify/onnx';
 *
 * const bytes = toOnnxBackward(relu.create(), { inputShape: [null, 128], dtype: 'float64' });
 * ```
 *
 * @param activation - The activation to export.
 * @param options - As {@link toOnnx}'s (`savedAsInputs` does not apply: saved values are always inputs).
 * @returns The bytes of the `ModelProto`.
 * @throws {@link @rectify/core!RectifyError} as {@link toOnnx} does, and `INVALID_ARGUMENT`
 * where the forward has no backward and cannot be differentiated.
 * @public
 */
export function toOnnxBackward(activation: Activation, options: ToOnnxOptions): Uint8Array {
  const { lowering, outputShape } = resolve(activation, options);
  return loweringToOnnxBackward(lowering, loweringOptions(activation, options, outputShape)).bytes;
}
