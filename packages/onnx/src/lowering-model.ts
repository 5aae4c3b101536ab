/**
 * ONNX models of a bare lowering, for callers that hold one.
 */
import type { Lowering } from '@rectify/core';
import { backwardGraph, forwardGraph, type Graph, type GraphOptions, type OnnxDType, type OnnxDim, type OnnxNative, type OnnxParameter, type OnnxValueInfo } from './graph.js';
import { DEFAULT_OPSET, encodeModel, irVersionOf } from './model.js';

/**
 * Options of {@link loweringToOnnx} and {@link loweringToOnnxBackward}: for
 * a caller that holds a lowering rather than an activation.
 * @public
 */
export interface LoweringToOnnxOptions {
  /** The element type. */
  readonly dtype: OnnxDType;
  /** x's declared shape (and dx's, and each saved value's). */
  readonly inputShape: readonly OnnxDim[];
  /** y's declared shape (and dy's). */
  readonly outputShape: readonly OnnxDim[];
  /**
   * The opset, 13 to 23.
   * @defaultValue 17
   */
  readonly opset?: number;
  /** The activation's learnable parameters by name, stored as initializers. */
  readonly parameters?: Readonly<Record<string, OnnxParameter>>;
  /**
   * Which native nodes become ONNX's ops (see {@link OnnxNative}).
   * @defaultValue `'exact'`
   */
  readonly native?: OnnxNative;
  /**
   * Forward only: saved values become graph inputs (see {@link ToOnnxOptions.savedAsInputs}).
   * @defaultValue false
   */
  readonly savedAsInputs?: boolean;
}

/**
 * A serialised model with its graph's inputs and outputs.
 * @public
 */
export interface OnnxModel {
  /** The bytes of the `ModelProto`, ready for `InferenceSession.create`. */
  readonly bytes: Uint8Array;
  /** The graph inputs, in order: `x` (a backward: `x`, `dy`), then any saved values. */
  readonly inputs: readonly OnnxValueInfo[];
  /** The graph outputs: `y`; a backward: `dx`, then `d` + each parameter's name. */
  readonly outputs: readonly OnnxValueInfo[];
}

function graphOptions(options: LoweringToOnnxOptions): GraphOptions {
  const opset = options.opset ?? DEFAULT_OPSET;
  irVersionOf(opset);
  return {
    dtype: options.dtype,
    opset,
    inputShape: options.inputShape,
    outputShape: options.outputShape,
    parameters: options.parameters ?? {},
    native: options.native ?? 'exact',
  };
}

/**
 * The forward model of a lowering: input `x`, output `y`.
 *
 * @remarks
 * Each distinct lowered value becomes one node; values equal in structure
 * share it, except random draws, which share only through `saved`. Scalar
 * constants and parameters become initializers of the dtype (parameters in
 * the shape the lowering reads them as). Attributes keep their ONNX names;
 * those that the opset takes as int64 inputs (`Reshape`'s `shape`,
 * `ReduceSum`'s `axes`, `CumSum`'s `axis`, and from opset 18 `ReduceMax`'s
 * `axes`) become initializers. `Log1p` and `Expm1`, which ONNX lacks, are
 * written `Log(Add(1, x))` and `Sub(Exp(x), 1)`. In float64, a product
 * `Mul(a, Sigmoid(a))` multiplies `Mul(a, 1)` instead (the same bits), since
 * ONNX Runtime would fuse it into its float32-only `QuickGelu` and refuse the model.
 *
 * @param lowering - A plugin's lowering.
 * @param options - Dtype, shapes, opset, parameters.
 * @returns The model and its inputs and outputs.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for an opset outside 13 to
 * 23, a forward that reads `y` or `dy`, or a parameter `options.parameters` lacks.
 * @public
 */
export function loweringToOnnx(lowering: Lowering, options: LoweringToOnnxOptions): OnnxModel {
  const graph = loweringGraph(lowering, options);
  return { bytes: encodeModel(graph, options.opset ?? DEFAULT_OPSET, 'rectify_forward'), inputs: graph.inputs, outputs: graph.outputs };
}

/** The forward graph of a lowering, before it is serialised. */
export function loweringGraph(lowering: Lowering, options: LoweringToOnnxOptions): Graph {
  return forwardGraph(lowering, graphOptions(options), options.savedAsInputs === true);
}

/**
 * The backward model of a lowering: inputs `x`, `dy` and each saved value
 * (shaped like x, holding what the forward drew), outputs `dx` and, for each
 * of the lowering's `parameterGradients`, `d` + the parameter's name
 * (`dweight`) in the parameter's own shape.
 *
 * @remarks
 * dx is {@link loweredBackward} of the lowering. Where it reads y (tanh's,
 * softmax's), the forward is computed in the graph. Values shared by dx and
 * the parameter gradients are computed once.
 *
 * @param lowering - A plugin's lowering.
 * @param options - Dtype, shapes, opset, parameters.
 * @returns The model and its inputs and outputs.
 * @throws {@link @rectify/core!RectifyError} where {@link loweringToOnnx} does, and where
 * {@link loweredBackward} cannot differentiate the forward.
 * @public
 */
export function loweringToOnnxBackward(lowering: Lowering, options: LoweringToOnnxOptions): OnnxModel {
  const settings = graphOptions(options);
  const graph = backwardGraph(lowering, settings);
  return { bytes: encodeModel(graph, settings.opset, 'rectify_backward'), inputs: graph.inputs, outputs: graph.outputs };
}

