/**
 * A whole feed-forward network as one ONNX model: dense layers and any
 * Rectify activations, in order.
 */
import { RectifyError, describeValue, type Activation, type PluginSource } from '@rectify/core';
import { activationGraph, checkOptionObject, checkShape } from './export.js';
import { DOUBLE, FLOAT, type Graph, type Initializer, type Node, type OnnxDType, type OnnxDim, type OnnxNative } from './graph.js';
import { DEFAULT_OPSET, encodeModel, irVersionOf } from './model.js';

/**
 * A fully connected layer, y = x·W + b, over the last axis of x.
 * @public
 */
export interface OnnxDense {
  /** Marks the layer as dense. */
  readonly kind: 'dense';
  /** Input features: the size of x's last axis. */
  readonly inputs: number;
  /** Output features. */
  readonly outputs: number;
  /** W, input-major: `weight[i · outputs + o]`, `inputs · outputs` values. */
  readonly weight: ArrayLike<number>;
  /** b, `outputs` values; absent for no bias. */
  readonly bias?: ArrayLike<number>;
}

/**
 * One layer of {@link toOnnxSequential}: a dense layer or a Rectify activation.
 * @public
 */
export type OnnxLayer = OnnxDense | Activation;

/**
 * Options of {@link toOnnxSequential}.
 * @public
 */
export interface ToOnnxSequentialOptions {
  /** The network input's shape, such as `['batch', 784]`; sizes as in `ToOnnxOptions.inputShape`. */
  readonly inputShape: readonly OnnxDim[];
  /**
   * The opset, 13 to 23.
   * @defaultValue 17
   */
  readonly opset?: number;
  /**
   * The element type of the input, output, weights and constants.
   * @defaultValue `'float32'`
   */
  readonly dtype?: OnnxDType;
  /**
   * Which native ops the activations use (see {@link OnnxNative}).
   * @defaultValue `'exact'`
   */
  readonly native?: OnnxNative;
  /**
   * A registry (or plugin) for activations whose plugin was not recorded
   * (see `pluginOf` in `@rectify/core`); every activation made by a
   * built-in plugin, `definePlugin`, `defineElementwise` or a registry is.
   */
  readonly plugin?: PluginSource;
}

const OPTION_KEYS = ['inputShape', 'opset', 'dtype', 'native', 'plugin'];

/** Settings with every default filled in. */
type Settings = Required<Omit<ToOnnxSequentialOptions, 'plugin'>> & Pick<ToOnnxSequentialOptions, 'plugin'>;

function isDense(layer: unknown): layer is OnnxDense {
  return typeof layer === 'object' && layer !== null && (layer as { kind?: unknown }).kind === 'dense';
}

function size(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} must be a positive integer, got ${describeValue(value)}`, { field, value });
  }
  return value;
}

function values(value: unknown, length: number, field: string, dtype: OnnxDType): Float32Array | Float64Array {
  const array = value as ArrayLike<unknown> | null | undefined;
  if (typeof array !== 'object' || array === null || typeof array.length !== 'number' || array.length !== length) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} must hold ${length} numbers, got ${describeValue(value)}`, { field, value });
  }
  for (let i = 0; i < length; i++) {
    if (typeof array[i] !== 'number') throw new RectifyError('INVALID_ARGUMENT', `${field}[${i}] must be a number, got ${describeValue(array[i])}`, { field: `${field}[${i}]`, value: array[i] });
  }
  return dtype === 'float32' ? Float32Array.from(array as ArrayLike<number>) : Float64Array.from(array as ArrayLike<number>);
}

/** A graph under construction: nodes, initializers, and the name and shape of the current value. */
interface Builder {
  readonly nodes: Node[];
  readonly initializers: Initializer[];
  current: string;
  shape: readonly OnnxDim[];
}

/** Appends a dense layer: MatMul, then Add of the bias. */
function appendDense(b: Builder, layer: OnnxDense, index: number, dtype: OnnxDType, output: string): void {
  const field = `layers[${index}]`;
  const inputs = size(layer.inputs, `${field}.inputs`);
  const outputs = size(layer.outputs, `${field}.outputs`);
  const last = b.shape[b.shape.length - 1];
  if (last !== inputs) {
    throw new RectifyError('SHAPE_MISMATCH', `${field} takes ${inputs} features, but its input's last axis is ${describeValue(last)}`, { field: `${field}.inputs`, value: inputs });
  }
  const type = dtype === 'float32' ? FLOAT : DOUBLE;
  const weight = `l${index}_weight`;
  b.initializers.push({ name: weight, type, dims: [inputs, outputs], data: values(layer.weight, inputs * outputs, `${field}.weight`, dtype) });
  const product = layer.bias === undefined ? output : `l${index}_product`;
  b.nodes.push({ op: 'MatMul', inputs: [b.current, weight], outputs: [product] });
  if (layer.bias !== undefined) {
    const bias = `l${index}_bias`;
    b.initializers.push({ name: bias, type, dims: [outputs], data: values(layer.bias, outputs, `${field}.bias`, dtype) });
    b.nodes.push({ op: 'Add', inputs: [product, bias], outputs: [output] });
  }
  b.current = output;
  b.shape = [...b.shape.slice(0, -1), outputs];
}

/** Appends an activation's forward graph, its names prefixed so that layers cannot collide; its errors name the layer. */
function appendActivation(b: Builder, activation: Activation, index: number, settings: Settings, output: string): void {
  let graph: Graph;
  try {
    const options = { inputShape: b.shape, opset: settings.opset, dtype: settings.dtype, native: settings.native };
    graph = activationGraph(activation, settings.plugin === undefined ? options : { ...options, plugin: settings.plugin });
  } catch (error) {
    if (!(error instanceof RectifyError)) throw error;
    throw new RectifyError(error.code, `layers[${index}] (${activation.name}): ${error.message}`, { field: `layers[${index}]`, value: error.value });
  }
  const rename = (name: string): string => (name === '' ? name : name === 'x' ? b.current : name === 'y' ? output : `l${index}_${name}`);
  for (const node of graph.nodes) b.nodes.push({ ...node, inputs: node.inputs.map(rename), outputs: node.outputs.map(rename) });
  for (const init of graph.initializers) b.initializers.push({ ...init, name: rename(init.name) });
  b.current = output;
  b.shape = graph.outputs[0]?.shape ?? b.shape;
}

/**
 * Exports a feed-forward network, dense layers and Rectify activations in
 * order, as one ONNX model with input `x` and output `y`.
 *
 * @remarks
 * A dense layer becomes `MatMul` with W as an initializer, then `Add` of
 * the bias. An activation becomes the graph {@link toOnnx} would write for
 * it (in inference mode: RReLU with its mean slope), at the shape its input
 * has there, its parameters (PReLU's slopes) as initializers. Each layer's
 * names are prefixed with `l` + its index. Sizes may be symbolic where the
 * activations allow it (the batch axis).
 *
 * @example
 * ```ts
 * import { relu } from '@rectify/relu';
 * import { toOnnxSequential } from '@rectify/onnx';
 *
 * const bytes = toOnnxSequential(
 *   [
 *     { kind: 'dense', inputs: 2, outputs: 3, weight: [1, 0, -1, 0, 1, 1], bias: [0, 0, 0.5] },
 *     relu.create(),
 *     { kind: 'dense', inputs: 3, outputs: 1, weight: [1, 1, 1] },
 *   ],
 *   { inputShape: ['batch', 2] },
 * );
 * ```
 *
 * @param layers - The layers, first to last; at least one.
 * @param options - The input's shape, opset, dtype, native ops, and a
 * registry for activations whose plugin is not recorded.
 * @returns The bytes of the `ModelProto`.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for an empty list, a malformed
 * layer (naming `layers[i]` and the field) or a bad or unknown option;
 * `SHAPE_MISMATCH` where a dense layer's inputs differ from the features it
 * is given; and what `toOnnx` throws for an activation, with field
 * `layers[i]` and the layer named in the message.
 * @public
 */
export function toOnnxSequential(layers: readonly OnnxLayer[], options: ToOnnxSequentialOptions): Uint8Array {
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new RectifyError('INVALID_ARGUMENT', `layers must be a non-empty array of dense layers and activations, got ${describeValue(layers)}`, { field: 'layers', value: layers });
  }
  checkOptionObject(options, OPTION_KEYS, "{ inputShape: ['batch', 784] }");
  checkShape(options.inputShape);
  const settings: Settings = {
    inputShape: options.inputShape,
    opset: options.opset ?? DEFAULT_OPSET,
    dtype: options.dtype ?? 'float32',
    native: options.native ?? 'exact',
    ...(options.plugin === undefined ? {} : { plugin: options.plugin }),
  };
  irVersionOf(settings.opset);
  const b: Builder = { nodes: [], initializers: [], current: 'x', shape: settings.inputShape };
  layers.forEach((layer, index) => {
    const output = index === layers.length - 1 ? 'y' : `l${index}_out`;
    if (isDense(layer)) appendDense(b, layer, index, settings.dtype, output);
    else if (typeof layer === 'object' && layer !== null && typeof (layer as Activation).outputShape === 'function') appendActivation(b, layer as Activation, index, settings, output);
    else throw new RectifyError('INVALID_ARGUMENT', `layers[${index}] must be { kind: 'dense', … } or a Rectify activation, got ${describeValue(layer)}`, { field: `layers[${index}]`, value: layer });
  });
  const graph: Graph = {
    nodes: b.nodes,
    initializers: b.initializers,
    inputs: [{ name: 'x', dtype: settings.dtype, shape: settings.inputShape }],
    outputs: [{ name: 'y', dtype: settings.dtype, shape: b.shape }],
  };
  return encodeModel(graph, settings.opset, 'rectify_sequential');
}
