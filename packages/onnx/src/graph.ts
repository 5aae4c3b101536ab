/**
 * Translates a {@link Lowering} into an ONNX graph: nodes, initializers,
 * inputs and outputs, as plain data that `model.ts` serialises.
 */
import { L, RectifyError, decodeNumber, type Lowering, type LoweredNode, type LoweredValue, type LoweringAttribute } from '@rectify/core';
import { isDeterministic, loweredBackward } from './gradient.js';
import { erfFloat64 } from './erf64.js';

/** ONNX element types used here (TensorProto.DataType). */
export const FLOAT = 1;
/** int64. */
export const INT64 = 7;
/** bool. */
export const BOOL = 9;
/** float64. */
export const DOUBLE = 11;

/**
 * The float element type of a model.
 * @public
 */
export type OnnxDType = 'float32' | 'float64';

/**
 * One dimension of a graph input or output: a size, a name for a symbolic
 * size (ONNX's `dim_param`), or `null` for a symbolic size without a name.
 * @public
 */
export type OnnxDim = number | string | null;

/**
 * A learnable parameter's values and its own shape (PReLU's `weight`:
 * `[numParameters]`), as the activation holds it.
 * @public
 */
export interface OnnxParameter {
  /** The values, in row-major order; rounded to the model's dtype when stored. */
  readonly data: ArrayLike<number>;
  /** The parameter's own shape: the shape of its gradient. */
  readonly shape: readonly number[];
}

/**
 * Which native nodes of a lowering (`Relu`, `LeakyRelu`, `PRelu`) become
 * those ONNX ops: `'exact'` where ONNX Runtime's op gives Rectify's bits
 * (`Relu`; `LeakyRelu` and `PRelu` with every slope \> 0, in float32), `true`
 * all (faster; `LeakyRelu` and `PRelu` lose the sign of a zero for a slope
 * ≤ 0), `false` none: the fallbacks. `LeakyRelu` and `PRelu` are never
 * written in float64, for which ONNX Runtime has no kernels. With `true`,
 * `toOnnx` also writes the forward of the activations in
 * `NATIVE_OPS` as one native ONNX op (`Elu`, `Softmax`, ...) where the
 * opset has it and ONNX Runtime has a kernel for the dtype; their backward
 * stays the lowering's.
 * @public
 */
export type OnnxNative = boolean | 'exact';

/**
 * An attribute value: a float, an int, a list of ints or a string.
 * @public
 */
export type Attribute =
  | {
      /** A float attribute (`alpha`). */
      readonly f: number;
    }
  | {
      /** An integer attribute (`axis`, `keepdims`). */
      readonly i: number;
    }
  | {
      /** A list of integers (`axes`). */
      readonly ints: readonly number[];
    }
  | {
      /** A string attribute (Gelu's `approximate`). */
      readonly s: string;
    };

/** One graph node. */
export interface Node {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, Attribute>>;
}

/**
 * A graph input or output: its name, element type and shape.
 * @public
 */
export interface OnnxValueInfo {
  /** The name (`x`, `dy`, `y`, `dx`, `dweight`, or a saved value's name such as RReLU's `r`). */
  readonly name: string;
  /** The element type. */
  readonly dtype: OnnxDType;
  /** The shape; strings and `null` are symbolic sizes. */
  readonly shape: readonly OnnxDim[];
}

/** A constant tensor stored in the model. */
export interface Initializer {
  readonly name: string;
  readonly type: number;
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array | BigInt64Array;
}

/** A graph ready to serialise. */
export interface Graph {
  readonly nodes: Node[];
  readonly inputs: OnnxValueInfo[];
  readonly outputs: OnnxValueInfo[];
  readonly initializers: Initializer[];
}

/** What a translation needs beside the lowering. */
export interface GraphOptions {
  readonly dtype: OnnxDType;
  readonly opset: number;
  /** x's declared shape (and dx's, and each saved value's). */
  readonly inputShape: readonly OnnxDim[];
  /** y's declared shape (and dy's). */
  readonly outputShape: readonly OnnxDim[];
  readonly parameters: Readonly<Record<string, OnnxParameter>>;
  /** Which native nodes become ONNX's ops (the others their fallbacks). */
  readonly native: OnnxNative;
}

/** A numeric attribute, or NaN. */
function attributeNumberOr(node: LoweredNode, name: string): number {
  const value = node.attributes?.[name];
  return typeof value === 'number' ? value : Number.NaN;
}

/** Attributes that ONNX types as floats; every other number is an int. */
const FLOAT_ATTRIBUTES = new Set(['alpha', 'low', 'high', 'seed']);

/** The ONNX attribute for a lowering attribute. */
function onnxAttribute(op: string, name: string, value: LoweringAttribute): Attribute {
  if (value === 'float32') return { i: FLOAT };
  if (value === 'float64') return { i: DOUBLE };
  if (value === 'bool') return { i: BOOL };
  const bad = (what: string): RectifyError => new RectifyError('INVALID_ARGUMENT', `${op}: attribute ${name} must ${what}, got ${String(value)}`, { field: `attributes.${name}`, value });
  if (typeof value === 'number') {
    if (FLOAT_ATTRIBUTES.has(name)) return { f: value };
    if (!Number.isInteger(value) || value < 0) throw bad('be an integer ≥ 0 here');
    return { i: value };
  }
  for (const v of value) if (!Number.isInteger(v) || (v < 0 && !(name === 'shape' && v === -1))) throw bad('list integers ≥ 0 here');
  return { ints: value };
}

/** Lowering attributes that the opset takes as int64 inputs instead: after the op's first input, in this order. */
function attributeInputs(op: string, opset: number): readonly string[] {
  switch (op) {
    case 'Reshape':
      return ['shape'];
    case 'ReduceSum':
      return ['axes'];
    case 'CumSum':
      return ['axis'];
    case 'ReduceMax':
      return opset >= 18 ? ['axes'] : [];
    default:
      return [];
  }
}

/**
 * Builds one graph: a node per distinct lowered value, an initializer per
 * constant and parameter, and the graph inputs the values read.
 */
class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: Initializer[] = [];
  /** Graph inputs, by name, in order of first use. */
  readonly inputNames: string[] = [];
  readonly #byIdentity = new Map<LoweredValue, string>();
  readonly #byStructure = new Map<string, string>();
  #counter = 0;

  constructor(
    readonly lowering: Lowering,
    readonly options: GraphOptions,
    /** Whether this is the backward graph (reads dy; y is the forward, computed). */
    readonly backward: boolean,
    /** Whether saved values are graph inputs (else computed from their definitions). */
    readonly savedAsInputs: boolean,
  ) {}

  fresh(prefix: string): string {
    return `${prefix}${this.#counter++}`;
  }

  #input(name: string): string {
    if (!this.inputNames.includes(name)) this.inputNames.push(name);
    return name;
  }

  #initializer(prefix: string, dims: readonly number[], data: Initializer['data'], type: number): string {
    const name = this.fresh(prefix);
    this.initializers.push({ name, dims: [...dims], data, type });
    return name;
  }

  #floats(values: ArrayLike<number>): Float32Array | Float64Array {
    return this.options.dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
  }

  #floatType(): number {
    return this.options.dtype === 'float32' ? FLOAT : DOUBLE;
  }

  ints(values: readonly number[], scalar = false): string {
    const key = `int64:${scalar ? 's' : 'v'}:${values.join(',')}`;
    const known = this.#byStructure.get(key);
    if (known !== undefined) return known;
    const name = this.#initializer('i', scalar ? [] : [values.length], BigInt64Array.from(values, (v) => BigInt(v)), INT64);
    this.#byStructure.set(key, name);
    return name;
  }

  value(value: LoweredValue, output?: string): string {
    const known = this.#byIdentity.get(value);
    if (known !== undefined) return known;
    const key = isDeterministic(value) ? JSON.stringify(value) : undefined;
    const same = key === undefined ? undefined : this.#byStructure.get(key);
    if (same !== undefined) {
      this.#byIdentity.set(value, same);
      return same;
    }
    const name = this.#emit(value, output);
    this.#byIdentity.set(value, name);
    if (key !== undefined) this.#byStructure.set(key, name);
    return name;
  }

  #emit(value: LoweredValue, output: string | undefined): string {
    if ('input' in value) {
      if (value.input === 'x') return this.#input('x');
      if (!this.backward) throw new RectifyError('INVALID_ARGUMENT', `the lowering's forward reads ${value.input}; it may read only x`, { field: 'lowering.forward', value: value.input });
      if (value.input === 'dy') return this.#input('dy');
      return this.value(this.lowering.forward);
    }
    if ('constant' in value) {
      const v = decodeNumber(value.constant);
      if (v === undefined) throw new RectifyError('INVALID_ARGUMENT', `not a constant: ${String(value.constant)}`, { field: 'constant', value: value.constant });
      return this.#initializer('c', [], this.#floats([v]), this.#floatType());
    }
    if ('parameter' in value) {
      const parameter = this.options.parameters[value.parameter];
      if (parameter === undefined) throw new RectifyError('INVALID_ARGUMENT', `no values given for the parameter ${value.parameter}`, { field: 'parameters', value: value.parameter });
      return this.#initializer(value.parameter, value.shape ?? parameter.shape, this.#floats(parameter.data), this.#floatType());
    }
    if ('saved' in value) {
      if (this.savedAsInputs) return this.#input(value.saved);
      const definition = this.lowering.saved?.[value.saved];
      if (definition === undefined) throw new RectifyError('INVALID_ARGUMENT', `the lowering saves no value named ${value.saved}`, { field: 'lowering.saved', value: value.saved });
      return this.value(definition);
    }
    return this.#node(value, output);
  }

  #node(node: LoweredNode, output: string | undefined): string {
    const native = node.op === 'Relu' || node.op === 'LeakyRelu' || node.op === 'PRelu';
    if (native && !this.#nativeApplies(node)) {
      if (node.fallback === undefined) throw new RectifyError('INVALID_ARGUMENT', `${node.op} has no fallback`, { field: 'fallback', value: node.op });
      return this.value(node.fallback, output);
    }
    // ONNX Runtime has no float64 Erf kernel: write it with basic ops.
    if (node.op === 'Erf' && this.options.dtype === 'float64') return this.value(erfFloat64(node.inputs[0] as LoweredValue), output);
    const inputs = node.inputs.map((input) => this.value(input));
    const out = output ?? this.fresh('t');
    switch (node.op) {
      // Not ONNX ops: written with the ones they stand for.
      case 'Log1p': {
        const sum = this.fresh('t');
        this.nodes.push({ op: 'Add', inputs: [this.value(L.c(1)), inputs[0] as string], outputs: [sum] });
        this.nodes.push({ op: 'Log', inputs: [sum], outputs: [out] });
        return out;
      }
      case 'Expm1': {
        const exp = this.fresh('t');
        this.nodes.push({ op: 'Exp', inputs: [inputs[0] as string], outputs: [exp] });
        this.nodes.push({ op: 'Sub', inputs: [exp, this.value(L.c(1))], outputs: [out] });
        return out;
      }
      default:
        break;
    }
    if (node.op === 'Mul' && this.options.dtype === 'float64') this.#avoidQuickGelu(inputs);
    const moved = attributeInputs(node.op, this.options.opset);
    const attributes: Record<string, Attribute> = {};
    for (const [name, v] of Object.entries(node.attributes ?? {})) {
      if (moved.includes(name)) continue;
      attributes[name] = onnxAttribute(node.op, name, v);
    }
    for (const name of moved) {
      const v = node.attributes?.[name];
      if (v === undefined) {
        if (node.op === 'ReduceSum' || node.op === 'ReduceMax') continue; // No axes: every axis, as ONNX's default.
        throw new RectifyError('INVALID_ARGUMENT', `${node.op}: attribute ${name} is required`, { field: `attributes.${name}` });
      }
      if (typeof v === 'string') throw new RectifyError('INVALID_ARGUMENT', `${node.op}: attribute ${name} must be numeric`, { field: `attributes.${name}`, value: v });
      inputs.push(typeof v === 'number' ? this.ints([v], true) : this.ints(v));
    }
    this.nodes.push({ op: node.op, inputs, outputs: [out], ...(Object.keys(attributes).length > 0 ? { attributes } : {}) });
    if (node.op === 'Sigmoid') this.#sigmoidOf.set(out, inputs[0] as string);
    return out;
  }

  /** The input of each `Sigmoid` node, by its output's name. */
  readonly #sigmoidOf = new Map<string, string>();

  /**
   * ONNX Runtime fuses `Mul(a, Sigmoid(a))` into its contrib op `QuickGelu`,
   * which has no float64 kernel, and then refuses the model under its default
   * session options. In float64 such a product multiplies `Mul(a, 1)`
   * instead, which is exactly a (so the bits do not change) and is not the
   * pattern the fusion looks for.
   */
  #avoidQuickGelu(inputs: string[]): void {
    const [a, b] = inputs;
    if (a === undefined || b === undefined) return;
    const k = this.#sigmoidOf.get(b) === a ? 0 : this.#sigmoidOf.get(a) === b ? 1 : -1;
    if (k < 0) return;
    const times = this.fresh('t');
    this.nodes.push({ op: 'Mul', inputs: [inputs[k] as string, this.value(L.c(1))], outputs: [times] });
    inputs[k] = times;
  }

  /** Whether a native node is written as the ONNX op. */
  #nativeApplies(node: LoweredNode): boolean {
    const { native, dtype } = this.options;
    if (native === false) return false;
    if (node.op === 'Relu') return true;
    if (dtype === 'float64') return false;
    if (native === true) return true;
    if (node.op === 'LeakyRelu') return attributeNumberOr(node, 'alpha') > 0;
    return this.#positive(node.inputs[1]);
  }

  /** Whether every value of a slope (a constant or a parameter) is \> 0 as the graph stores it. */
  #positive(value: LoweredValue | undefined): boolean {
    if (value === undefined) return false;
    if ('constant' in value) return (decodeNumber(value.constant) ?? Number.NaN) > 0;
    if ('parameter' in value) {
      const data = this.options.parameters[value.parameter]?.data;
      return data !== undefined && Array.from(this.#floats(data)).every((v) => v > 0);
    }
    return false;
  }

  /** Makes `value` a graph output named `name`, through `Identity` when it already has another name. */
  output(value: LoweredValue, name: string): void {
    const got = this.value(value, name);
    if (got !== name) this.nodes.push({ op: 'Identity', inputs: [got], outputs: [name] });
  }

  inputs(): OnnxValueInfo[] {
    return this.inputNames.map((name) => ({ name, dtype: this.options.dtype, shape: name === 'dy' ? this.options.outputShape : this.options.inputShape }));
  }
}

/**
 * The forward graph of a lowering: input `x` (and, with `savedAsInputs`,
 * each saved value, shaped like x), output `y`.
 */
export function forwardGraph(lowering: Lowering, options: GraphOptions, savedAsInputs: boolean): Graph {
  const graph = new GraphBuilder(lowering, options, false, savedAsInputs);
  graph.output(lowering.forward, 'y');
  return { nodes: graph.nodes, inputs: graph.inputs(), outputs: [{ name: 'y', dtype: options.dtype, shape: options.outputShape }], initializers: graph.initializers };
}

/**
 * The backward graph of a lowering: inputs `x`, `dy` and each saved value
 * (shaped like x), outputs `dx` and `d` + each parameter's name.
 */
export function backwardGraph(lowering: Lowering, options: GraphOptions): Graph {
  const graph = new GraphBuilder(lowering, options, true, true);
  // x and dy first, in this order, whether or not dx reads them.
  graph.value(L.x);
  graph.value(L.dy);
  graph.output(loweredBackward(lowering), 'dx');
  const outputs: OnnxValueInfo[] = [{ name: 'dx', dtype: options.dtype, shape: options.inputShape }];
  for (const [name, gradient] of Object.entries(lowering.parameterGradients ?? {})) {
    const parameter = options.parameters[name];
    if (parameter === undefined) throw new RectifyError('INVALID_ARGUMENT', `no values given for the parameter ${name}`, { field: 'parameters', value: name });
    graph.output(gradient, `d${name}`);
    outputs.push({ name: `d${name}`, dtype: options.dtype, shape: parameter.shape });
  }
  return { nodes: graph.nodes, inputs: graph.inputs(), outputs, initializers: graph.initializers };
}
