/**
 * Translates a plugin's {@link Lowering} into ONNX graphs for the `onnxModel`
 * writer of `onnx.ts`: one graph for the forward, one for the backward.
 */
import { L, decodeNumber, type Lowering, type LoweredNode, type LoweredValue, type LoweringAttribute } from '@rectify/core';
import { derivedBackward } from './lower-gradient.js';
import { DOUBLE, FLOAT, INT64, type Attribute, type Initializer, type Node, type Value } from './onnx.js';

/** ONNX's TensorProto.DataType of bool, for `Cast {to: 'bool'}`. */
const BOOL = 9;

/** The float element type of a graph. */
export type OnnxDType = 'float32' | 'float64';

/**
 * A learnable parameter's values and its own shape (PReLU's `weight`:
 * `[numParameters]`), as the activation holds it.
 */
export interface LoweringParameter {
  /** The values, in row-major order; rounded to the graph's dtype when stored. */
  readonly data: ArrayLike<number>;
  /** The parameter's own shape: the shape of its gradient. */
  readonly shape: readonly number[];
}

/** What a translation needs beside the lowering. */
export interface OnnxLoweringOptions {
  /** The element type of x, y, dy, dx and every constant. */
  readonly dtype: OnnxDType;
  /** x's shape (and dx's, and that of each saved value). */
  readonly inputShape: readonly number[];
  /** y's shape (and dy's). */
  readonly outputShape: readonly number[];
  /** The activation's parameters by name, stored in the graph as initializers. */
  readonly parameters?: Readonly<Record<string, LoweringParameter>>;
  /**
   * Whether native nodes (`Relu`, `LeakyRelu`, `PRelu`) become those ONNX
   * ops; `false` writes their fallbacks instead. Defaults to `true`.
   */
  readonly native?: boolean;
}

/** A graph ready for `onnxModel`. */
export interface OnnxGraph {
  readonly nodes: Node[];
  readonly inputs: Value[];
  readonly outputs: Value[];
  readonly initializers: Initializer[];
}

/**
 * The input gradient of a lowering: its `backward`, or, where it has none,
 * the engines' own gradient of its forward.
 *
 * @remarks
 * A lowering leaves `backward` out where the engines' own gradient of its
 * forward is PyTorch's. ONNX has no gradients, so that gradient is written
 * here: for a forward that is any other composition of the elementwise ops
 * (sigmoid's `Sigmoid(x)`, SiLU's `Mul(x, Sigmoid(x))`, GELU, Mish), by
 * reverse-mode differentiation with TensorFlow.js' registered gradient of
 * each op ({@link derivedBackward}); for the native ops by hand: `Relu` gives
 * `Where(LessOrEqual(x, 0), 0, dy)`; `LeakyRelu {alpha}` gives
 * `Mul(dy, Where(Greater(x, 0), 1, alpha))`; `PRelu(x, s)` gives
 * `Mul(dy, Where(Greater(x, 0), 1, s))`. These are PyTorch's
 * `threshold_backward` and `leaky_relu_backward` (dy where x \> 0, else
 * slope·dy, NaN x included), and the values of TensorFlow.js' registered
 * gradients of `Relu`, `LeakyRelu` and `Prelu` (except at NaN, where tfjs'
 * `Relu` gradient gives 0). The factor is selected, not dy, because ONNX
 * Runtime's `Where` returns +0 where it selects a −0 from its second input;
 * dy·1 keeps dy's −0 and NaN.
 *
 * @param lowering - A plugin's lowering.
 * @returns dx as a lowered value of `x`, `y` and `dy`.
 * @throws Error when the lowering has no `backward` and its forward is
 * neither a native op of x nor made of ops {@link derivedBackward} differentiates.
 */
export function loweredBackward(lowering: Lowering): LoweredValue {
  if (lowering.backward !== undefined) return lowering.backward;
  const forward = lowering.forward;
  if ('op' in forward && forward.inputs[0] !== undefined && 'input' in forward.inputs[0] && forward.inputs[0].input === 'x') {
    const positive = L.greater(L.x, L.c(0));
    switch (forward.op) {
      case 'Relu':
        return L.where(L.op('LessOrEqual', [L.x, L.c(0)]), L.c(0), L.dy);
      case 'LeakyRelu':
        return L.mul(L.dy, L.where(positive, L.c(1), L.c(attributeNumber(forward, 'alpha'))));
      case 'PRelu':
        if (forward.inputs[1] !== undefined) return L.mul(L.dy, L.where(positive, L.c(1), forward.inputs[1]));
        break;
      default:
        break;
    }
  }
  return derivedBackward(lowering);
}

/**
 * A numeric attribute of a node.
 * @param node - The node.
 * @param name - The attribute's name.
 * @throws Error when the attribute is absent or not a number.
 */
export function attributeNumber(node: LoweredNode, name: string): number {
  const value = node.attributes?.[name];
  if (typeof value !== 'number') throw new Error(`${node.op}: attribute ${name} must be a number, got ${String(value)}`);
  return value;
}

/** Attributes that ONNX types as floats; every other number is an int. */
const FLOAT_ATTRIBUTES = new Set(['alpha', 'low', 'high', 'seed']);

/** The ONNX attribute for a lowering attribute. */
function onnxAttribute(op: string, name: string, value: LoweringAttribute): Attribute {
  if (value === 'float32') return { i: FLOAT };
  if (value === 'float64') return { i: DOUBLE };
  if (value === 'bool') return { i: BOOL };
  if (typeof value === 'number') {
    if (FLOAT_ATTRIBUTES.has(name)) return { f: value };
    if (!Number.isInteger(value) || value < 0) throw new Error(`${op}: attribute ${name} must be an integer ≥ 0 here, got ${value}`);
    return { i: value };
  }
  for (const v of value) if (!Number.isInteger(v) || v < 0) throw new Error(`${op}: attribute ${name} must list integers ≥ 0 here, got ${value.join(', ')}`);
  return { ints: value };
}

/** Lowering attributes that opset 13 takes as int64 inputs instead: after the op's first input, in this order. */
const ATTRIBUTE_INPUTS: Partial<Record<string, readonly string[]>> = { Reshape: ['shape'], ReduceSum: ['axes'], CumSum: ['axis'] };

/**
 * Builds one graph: a node per distinct lowered value, an initializer per
 * constant and parameter, and the graph inputs the values read.
 */
class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: Initializer[] = [];
  /** Graph inputs, by name, in order of first use. */
  readonly inputNames: string[] = [];
  /** Names of values already emitted: by identity, and by structure for deterministic values. */
  readonly #byIdentity = new Map<LoweredValue, string>();
  readonly #byStructure = new Map<string, string>();
  #counter = 0;

  constructor(
    readonly lowering: Lowering,
    readonly options: OnnxLoweringOptions,
    /** The inputs a value may read: `x` alone in the forward. */
    readonly allowed: ReadonlySet<string>,
    /** Whether saved values are graph inputs (else computed from their definitions). */
    readonly savedAsInputs: boolean,
  ) {}

  /** A fresh tensor name with a prefix. */
  fresh(prefix: string): string {
    return `${prefix}${this.#counter++}`;
  }

  /** Records a graph input the first time it is read. */
  #input(name: string): string {
    if (!this.inputNames.includes(name)) this.inputNames.push(name);
    return name;
  }

  /** A stored tensor of the graph's dtype, or of int64. */
  #initializer(prefix: string, dims: readonly number[], data: Initializer['data'], type: number): string {
    const name = this.fresh(prefix);
    this.initializers.push({ name, dims: [...dims], data, type });
    return name;
  }

  #floats(values: ArrayLike<number>): Float32Array | Float64Array {
    return this.options.dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
  }

  /** An int64 initializer (a shape or axes input). */
  ints(values: readonly number[], scalar = false): string {
    const key = `int64:${scalar ? 's' : 'v'}:${values.join(',')}`;
    const known = this.#byStructure.get(key);
    if (known !== undefined) return known;
    const name = this.#initializer('i', scalar ? [] : [values.length], BigInt64Array.from(values, (v) => BigInt(v)), INT64);
    this.#byStructure.set(key, name);
    return name;
  }

  /**
   * The tensor name of a lowered value, emitting what it needs.
   * @param value - The value.
   * @param output - A name for the value's own node, if it makes one now.
   */
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
      if (!this.allowed.has(value.input)) throw new Error(`the forward cannot read ${value.input}`);
      return this.#input(value.input);
    }
    if ('constant' in value) {
      const v = decodeNumber(value.constant);
      if (v === undefined) throw new Error(`not a constant: ${String(value.constant)}`);
      return this.#initializer('c', [], this.#floats([v]), this.options.dtype === 'float32' ? FLOAT : DOUBLE);
    }
    if ('parameter' in value) {
      const parameter = this.options.parameters?.[value.parameter];
      if (parameter === undefined) throw new Error(`no values given for the parameter ${value.parameter}`);
      return this.#initializer(value.parameter, value.shape ?? parameter.shape, this.#floats(parameter.data), this.options.dtype === 'float32' ? FLOAT : DOUBLE);
    }
    if ('saved' in value) {
      if (this.savedAsInputs) return this.#input(value.saved);
      const definition = this.lowering.saved?.[value.saved];
      if (definition === undefined) throw new Error(`the lowering saves no value named ${value.saved}`);
      return this.value(definition);
    }
    return this.#node(value, output);
  }

  #node(node: LoweredNode, output: string | undefined): string {
    const native = node.op === 'Relu' || node.op === 'LeakyRelu' || node.op === 'PRelu';
    if (native && this.options.native === false) {
      if (node.fallback === undefined) throw new Error(`${node.op} has no fallback`);
      return this.value(node.fallback, output);
    }
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
    const moved = ATTRIBUTE_INPUTS[node.op] ?? [];
    const attributes: Record<string, Attribute> = {};
    for (const [name, v] of Object.entries(node.attributes ?? {})) {
      if (moved.includes(name)) continue;
      attributes[name] = onnxAttribute(node.op, name, v);
    }
    for (const name of moved) {
      const v = node.attributes?.[name];
      if (v === undefined) {
        if (node.op === 'ReduceSum') continue; // No axes: every axis, as ONNX's default.
        throw new Error(`${node.op}: attribute ${name} is required`);
      }
      if (typeof v === 'string') throw new Error(`${node.op}: attribute ${name} must be numeric`);
      inputs.push(typeof v === 'number' ? this.ints([v], true) : this.ints(v));
    }
    this.nodes.push({ op: node.op, inputs, outputs: [out], ...(Object.keys(attributes).length > 0 ? { attributes } : {}) });
    return out;
  }

  /**
   * Makes `value` a graph output named `name`, through an `Identity` node when
   * it already has another name (an input, an initializer, a shared value).
   */
  output(value: LoweredValue, name: string): void {
    const got = this.value(value, name);
    if (got !== name) this.nodes.push({ op: 'Identity', inputs: [got], outputs: [name] });
  }
}

/**
 * Whether a lowered value computes the same tensor wherever it appears, so
 * that two values equal in structure may be computed once: every value but
 * those containing a random draw (`RandomUniformLike`), which are shared only
 * through `saved`.
 *
 * @param value - A lowered value.
 */
export function isDeterministic(value: LoweredValue): boolean {
  if (!('op' in value)) return true;
  if (value.op === 'RandomUniformLike') return false;
  return value.inputs.every(isDeterministic) && (value.fallback === undefined || isDeterministic(value.fallback));
}

/** The graph's element type, as ONNX numbers it. */
function elementType(options: OnnxLoweringOptions): number {
  return options.dtype === 'float32' ? FLOAT : DOUBLE;
}

/** The declared shape of a graph input. */
function inputShape(name: string, options: OnnxLoweringOptions): readonly number[] {
  return name === 'y' || name === 'dy' ? options.outputShape : options.inputShape;
}

/**
 * The forward graph of a lowering: input `x` (and, with `savedAsInputs`, each
 * saved value), output `y`.
 *
 * @remarks
 * Each distinct value becomes one node, named `t0`, `t1`, …; values equal in
 * structure share it, except random draws, which only share through
 * `saved`. Scalar constants and parameters become initializers of the
 * graph's dtype (parameters with the shape the lowering reads them as).
 * Attributes keep their ONNX names; those that opset 13 takes as int64
 * inputs (`Reshape`'s `shape`, `ReduceSum`'s `axes`, `CumSum`'s `axis`)
 * become initializers. `Log1p` and `Expm1`, which ONNX lacks, are written
 * `Log(Add(1, x))` and `Sub(Exp(x), 1)`. Native nodes are ONNX's `Relu`,
 * `LeakyRelu` (its `alpha` a float32 attribute) and `PRelu` (x where x ≥ 0,
 * else slope·x), or their fallbacks with `native: false`.
 *
 * @param lowering - A plugin's lowering.
 * @param options - Dtype, shapes, parameters, and whether to use native ops.
 * Also `savedAsInputs`: saved values (RReLU's `r`) become graph inputs named
 * as in `lowering.saved`, shaped like x, instead of being computed (so that a
 * caller can feed the same noise to another implementation). Defaults to false.
 * @returns Nodes, inputs, outputs and initializers for `onnxModel`.
 * @throws Error when the forward reads `y` or `dy`, or a parameter that
 * `options.parameters` lacks.
 */
export function onnxForward(lowering: Lowering, options: OnnxLoweringOptions & { readonly savedAsInputs?: boolean }): OnnxGraph {
  const graph = new GraphBuilder(lowering, options, new Set(['x']), options.savedAsInputs === true);
  graph.output(lowering.forward, 'y');
  const type = elementType(options);
  return {
    nodes: graph.nodes,
    inputs: graph.inputNames.map((name) => ({ name, type, shape: inputShape(name, options) })),
    outputs: [{ name: 'y', type, shape: options.outputShape }],
    initializers: graph.initializers,
  };
}

/**
 * The backward graph of a lowering: inputs among `x`, `y`, `dy` and the saved
 * values (each saved value a graph input named as in `lowering.saved`, shaped
 * like x, holding what the forward drew); outputs `dx` and, for each entry of
 * `parameterGradients`, `d` + the parameter's name (`dweight`), of the
 * parameter's own shape.
 *
 * @remarks
 * dx is {@link loweredBackward} of the lowering. Nodes, initializers and
 * native ops are written as {@link onnxForward} writes them; values shared by
 * dx and the parameter gradients are computed once.
 *
 * @param lowering - A plugin's lowering.
 * @param options - Dtype, shapes, parameters, and whether to use native ops.
 * @returns Nodes, inputs, outputs and initializers for `onnxModel`.
 * @throws Error where {@link loweredBackward} does, or for a parameter that
 * `options.parameters` lacks.
 */
export function onnxBackward(lowering: Lowering, options: OnnxLoweringOptions): OnnxGraph {
  const graph = new GraphBuilder(lowering, options, new Set(['x', 'y', 'dy']), true);
  const type = elementType(options);
  graph.output(loweredBackward(lowering), 'dx');
  const outputs: Value[] = [{ name: 'dx', type, shape: options.inputShape }];
  for (const [name, gradient] of Object.entries(lowering.parameterGradients ?? {})) {
    const parameter = options.parameters?.[name];
    if (parameter === undefined) throw new Error(`no values given for the parameter ${name}`);
    graph.output(gradient, `d${name}`);
    outputs.push({ name: `d${name}`, type, shape: parameter.shape });
  }
  return {
    nodes: graph.nodes,
    inputs: graph.inputNames.map((name) => ({ name, type, shape: inputShape(name, options) })),
    outputs,
    initializers: graph.initializers,
  };
}
