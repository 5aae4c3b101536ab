/**
 * Evaluates the values of a {@link Lowering} with TensorFlow.js ops, eagerly,
 * on the current backend, so that the tape records them.
 *
 * @internal
 */
import { attributeNumber, decodeNumber, RectifyError, type LoweredNode, type LoweredValue, type Lowering, type LoweringAttribute } from '@rectify/core';
import * as tf from '@tensorflow/tfjs-core';

/** A unary op of tfjs, by the lowering's (ONNX) name. */
const UNARY: Partial<Record<string, (a: tf.Tensor) => tf.Tensor>> = {
  Neg: tf.neg,
  Abs: tf.abs,
  Exp: tf.exp,
  Expm1: tf.expm1,
  Log: tf.log,
  Log1p: tf.log1p,
  Tanh: tf.tanh,
  Sigmoid: tf.sigmoid,
  Erf: tf.erf,
  IsNaN: tf.isNaN,
  Relu: tf.relu,
};

/** A binary op of tfjs, by the lowering's name; `Max` and `Min` fold over more inputs. */
const BINARY: Partial<Record<string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor>> = {
  Add: tf.add,
  Sub: tf.sub,
  Mul: tf.mul,
  Div: tf.div,
  Max: tf.maximum,
  Min: tf.minimum,
  Greater: tf.greater,
  GreaterOrEqual: tf.greaterEqual,
  Less: tf.less,
  LessOrEqual: tf.lessEqual,
  PRelu: tf.prelu,
};

/** What an evaluation needs beside the lowering. @internal */
export interface EvaluateOptions {
  /** Whether native nodes run tfjs' `relu`, `leakyRelu` and `prelu` rather than their fallbacks. */
  readonly native: boolean;
  /** Whether a `Cast` to float64 may become a cast to float32. */
  readonly allowDowncast: boolean;
  /** The activation's name, for errors. */
  readonly name: string;
  /** Draws uniform numbers in [low, high) of a shape, for `RandomUniformLike`. */
  readonly random: (shape: readonly number[], low: number, high: number) => tf.Tensor;
}


/** A list attribute (`axes`, `shape`), or `undefined` when absent. */
function listAttribute(node: LoweredNode, name: string): number[] | undefined {
  const value: LoweringAttribute | undefined = node.attributes?.[name];
  if (value === undefined) return undefined;
  if (typeof value === 'number') return [value];
  if (typeof value === 'string') throw new RectifyError('INVALID_ARGUMENT', `${node.op}: attribute ${name} must be numeric, got ${value}`, { field: name, value });
  return [...value];
}

/** A 0-or-1 attribute as a boolean; absent is false. */
function flagAttribute(node: LoweredNode, name: string): boolean {
  return node.attributes?.[name] === undefined ? false : attributeNumber(node, name) === 1;
}

/** Whether a value is the same in every evaluation (no random draw in it). @internal */
export function isDeterministic(value: LoweredValue): boolean {
  if (!('op' in value)) return true;
  if (value.op === 'RandomUniformLike') return false;
  return value.inputs.every(isDeterministic) && (value.fallback === undefined || isDeterministic(value.fallback));
}

/**
 * Whether `tf.prelu` gives the broadcast result for a slope of this shape on
 * every backend: when the slope, without its leading 1s, is the trailing part
 * of x's shape. The wasm backend of TensorFlow.js 4.22 reads slope i % size
 * for element i instead of broadcasting.
 *
 * @internal
 */
export function slopeFitsTfjs(xShape: readonly number[], slopeShape: readonly number[]): boolean {
  let first = 0;
  while (first < slopeShape.length && slopeShape[first] === 1) first++;
  const rest = slopeShape.slice(first);
  if (rest.length > xShape.length) return false;
  const tail = xShape.slice(xShape.length - rest.length);
  return rest.every((d, i) => d === tail[i]);
}

/**
 * A compiled lowering: evaluators over tfjs tensors, with constants kept
 * across calls until `dispose`.
 *
 * @internal
 */
export class LoweringEvaluator {
  readonly #lowering: Lowering;
  readonly #options: EvaluateOptions;
  readonly #kept = new Map<string, tf.Tensor>();
  readonly #canonical = new Map<LoweredValue, LoweredValue>();
  readonly #byStructure = new Map<string, LoweredValue>();

  /**
   * @param lowering - A plugin's lowering.
   * @param options - Native ops, downcasts, the name for errors.
   */
  constructor(lowering: Lowering, options: EvaluateOptions) {
    this.#lowering = lowering;
    this.#options = options;
    const roots = [lowering.forward, ...Object.values(lowering.saved ?? {}), ...Object.values(lowering.parameterGradients ?? {})];
    if (lowering.backward !== undefined) roots.push(lowering.backward);
    roots.forEach((root) => this.#visit(root));
  }

  /** The lowering evaluated. */
  get lowering(): Lowering {
    return this.#lowering;
  }

  /** Maps every value reachable from a root to the first value of the same structure, so that a call computes it once; random draws map to themselves. */
  #visit(v: LoweredValue): void {
    if (this.#canonical.has(v)) return;
    if ('op' in v) {
      v.inputs.forEach((input) => this.#visit(input));
      if (v.fallback !== undefined) this.#visit(v.fallback);
    }
    const key = isDeterministic(v) ? JSON.stringify(v) : undefined;
    const first = key === undefined ? undefined : this.#byStructure.get(key);
    this.#canonical.set(v, first ?? v);
    if (key !== undefined && first === undefined) this.#byStructure.set(key, v);
  }

  /** A tensor kept across calls (a constant, or a constant broadcast to a shape). */
  #keep(key: string, make: () => tf.Tensor): tf.Tensor {
    let t = this.#kept.get(key);
    if (t === undefined) {
      t = tf.keep(make());
      this.#kept.set(key, t);
    }
    return t;
  }

  /**
   * An evaluator of one call: each distinct value once.
   *
   * @param inputs - x, and in a backward y and dy.
   * @param parameters - The parameters' tensors, by name, in their own shape.
   * @param saved - Saved values: those given are used; those computed are added.
   * @param computeSaved - Whether a saved value not given is computed from its definition.
   */
  evaluator(inputs: Readonly<Record<string, tf.Tensor | undefined>>, parameters: Readonly<Record<string, tf.Tensor>>, saved: Record<string, tf.Tensor>, computeSaved: boolean): (v: LoweredValue) => tf.Tensor {
    const done = new Map<LoweredValue, tf.Tensor>();
    const name = this.#options.name;
    const value = (v: LoweredValue): tf.Tensor => {
      const same = this.#canonical.get(v) ?? v;
      let t = done.get(same);
      if (t === undefined) {
        t = evaluate(same);
        done.set(same, t);
      }
      return t;
    };
    /**
     * A constant branch of `Where` broadcast to the output's shape once and
     * kept: `tf.where` broadcasts with `tf.broadcastTo`, which is slow on the
     * cpu and wasm backends (20–40 ms per million elements, against 2 ms
     * for `tf.fill`). Parameters are never kept, so that they stay on the
     * tape and follow a variable's updates.
     */
    const broadcastOnce = (input: LoweredValue | undefined, t: tf.Tensor, shape: number[]): tf.Tensor => {
      if (input === undefined || !('constant' in input) || tf.util.arraysEqual(t.shape, shape)) return t;
      const c = decodeNumber(input.constant) as number;
      return this.#keep(`broadcast:${String(input.constant)}:${shape.join(',')}`, () => tf.fill(shape, c, 'float32'));
    };
    const evaluate = (v: LoweredValue): tf.Tensor => {
      if ('input' in v) {
        const t = inputs[v.input];
        if (t === undefined) throw new RectifyError('INVALID_ARGUMENT', `${name}: the lowering reads the input ${v.input}, which is not given here`, { field: v.input });
        return t;
      }
      if ('constant' in v) {
        const c = decodeNumber(v.constant);
        if (c === undefined) throw new RectifyError('INVALID_ARGUMENT', `${name}: the lowering has a constant that is not a number: ${String(v.constant)}`, { value: v.constant });
        return this.#keep(`c:${String(v.constant)}`, () => tf.scalar(c, 'float32'));
      }
      if ('parameter' in v) {
        const parameter = parameters[v.parameter];
        if (parameter === undefined) throw new RectifyError('INVALID_ARGUMENT', `${name}: no tensor given for the parameter ${v.parameter}`, { field: `parameters.${v.parameter}` });
        return v.shape === undefined ? parameter : tf.reshape(parameter, [...v.shape]);
      }
      if ('saved' in v) {
        const given = saved[v.saved];
        if (given !== undefined) return given;
        const definition = this.#lowering.saved?.[v.saved];
        if (!computeSaved || definition === undefined) throw new RectifyError('INVALID_ARGUMENT', `${name}: no tensor for the saved value ${v.saved}`, { field: v.saved });
        const t = value(definition);
        saved[v.saved] = t;
        return t;
      }
      return node(v);
    };
    const fallback = (n: LoweredNode): tf.Tensor => {
      if (n.fallback === undefined) throw new RectifyError('INVALID_ARGUMENT', `${name}: the native ${n.op} node has no fallback`, { field: n.op });
      return value(n.fallback);
    };
    const node = (n: LoweredNode): tf.Tensor => {
      if ((n.op === 'Relu' || n.op === 'LeakyRelu' || n.op === 'PRelu') && !this.#options.native) return fallback(n);
      const args = n.inputs.map(value);
      const a = args[0] as tf.Tensor;
      if (n.op === 'PRelu' && !slopeFitsTfjs(a.shape, (args[1] as tf.Tensor).shape)) return fallback(n);
      const unary = UNARY[n.op];
      if (unary !== undefined) return unary(a);
      const binary = BINARY[n.op];
      if (binary !== undefined) return args.slice(1).reduce(binary, a);
      switch (n.op) {
        case 'LeakyRelu':
          return tf.leakyRelu(a, attributeNumber(n, 'alpha'));
        case 'Where': {
          const b = args[1] as tf.Tensor;
          const c = args[2] as tf.Tensor;
          const shape = tf.backend_util.assertAndGetBroadcastShape(tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape), c.shape);
          return tf.where(a, broadcastOnce(n.inputs[1], b, shape), broadcastOnce(n.inputs[2], c, shape));
        }
        case 'Reshape': {
          const shape = listAttribute(n, 'shape');
          if (shape === undefined) throw new RectifyError('INVALID_ARGUMENT', `${name}: Reshape needs the attribute shape`, { field: 'shape' });
          return tf.reshape(a, shape);
        }
        case 'ReduceMax':
          return tf.max(a, listAttribute(n, 'axes'), flagAttribute(n, 'keepdims'));
        case 'ReduceSum':
          return tf.sum(a, listAttribute(n, 'axes'), flagAttribute(n, 'keepdims'));
        case 'CumSum':
          return tf.cumsum(a, attributeNumber(n, 'axis'), flagAttribute(n, 'exclusive'), flagAttribute(n, 'reverse'));
        case 'Cast': {
          const to = n.attributes?.['to'];
          if (to === 'float64' && this.#options.allowDowncast) return tf.cast(a, 'float32');
          if (to !== 'float32' && to !== 'bool') throw new RectifyError('DTYPE_MISMATCH', `${name}: the lowering casts to ${String(to)}, which TensorFlow.js does not have; pass allowDowncast: true to compute in float32`, { field: 'to', value: to });
          return tf.cast(a, to);
        }
        case 'RandomUniformLike':
          return this.#options.random(a.shape, attributeNumber(n, 'low'), attributeNumber(n, 'high'));
        default:
          throw new RectifyError('INVALID_ARGUMENT', `${name}: no TensorFlow.js op for the lowering op ${n.op}`, { field: 'op', value: n.op });
      }
    };
    return value;
  }

  /** Disposes the constants kept across calls. */
  dispose(): void {
    for (const t of this.#kept.values()) t.dispose();
    this.#kept.clear();
  }
}
