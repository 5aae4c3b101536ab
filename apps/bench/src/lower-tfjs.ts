/**
 * Translates a plugin's {@link Lowering} into functions of TensorFlow.js
 * tensors, evaluated eagerly.
 */
import { decodeNumber, type Lowering, type LoweredNode, type LoweredValue, type LoweringAttribute } from '@rectify/core';
import * as tf from '@tensorflow/tfjs-core';
import { attributeNumber, isDeterministic, loweredBackward, type LoweringParameter } from './lower-onnx.js';

/** What a translation needs beside the lowering. */
export interface TfjsLoweringOptions {
  /** The activation's parameters by name (values rounded to float32 when made tensors). */
  readonly parameters?: Readonly<Record<string, LoweringParameter>>;
  /**
   * Whether native nodes run TensorFlow.js' own ops (`tf.relu`,
   * `tf.leakyRelu`, `tf.prelu`); `false` evaluates their fallbacks instead.
   * Defaults to `true`.
   */
  readonly native?: boolean;
}

/** The inputs of a backward call. */
export interface TfjsBackwardInputs {
  /** The forward's input. */
  readonly x: tf.Tensor;
  /** The output gradient, shaped like y. */
  readonly dy: tf.Tensor;
  /** The forward's output, for lowerings whose backward reads it. */
  readonly y?: tf.Tensor;
  /** The values the forward saved (RReLU's `r`), by name. */
  readonly saved?: Readonly<Record<string, tf.Tensor>>;
}

/** A lowering made runnable in TensorFlow.js (float32, the one float dtype tfjs has). */
export interface TfjsLowered {
  /**
   * y for x, inside a `tf.tidy`: only y and the saved values survive it.
   * @param x - The input.
   * @param saved - Values to use for the lowering's saved values (the same
   * noise as another run); each one absent is computed from its definition.
   * @returns y, and every saved value the forward used.
   */
  forward(x: tf.Tensor, saved?: Readonly<Record<string, tf.Tensor>>): { y: tf.Tensor; saved: Record<string, tf.Tensor> };
  /**
   * dx and the parameter gradients, inside a `tf.tidy`.
   * @param inputs - x, dy, and y and the saved values where the backward reads them.
   * @returns dx, and each parameter's gradient by name, of the parameter's own shape.
   */
  backward(inputs: TfjsBackwardInputs): { dx: tf.Tensor; parameterGradients: Record<string, tf.Tensor> };
  /** Disposes the tensors kept across calls: parameters and constants. */
  dispose(): void;
}

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

/** A list attribute (`axes`, `shape`), or `undefined` when absent. */
function listAttribute(node: LoweredNode, name: string): number[] | undefined {
  const value: LoweringAttribute | undefined = node.attributes?.[name];
  if (value === undefined) return undefined;
  if (typeof value === 'number') return [value];
  if (typeof value === 'string') throw new Error(`${node.op}: attribute ${name} must be numeric`);
  return [...value];
}

/** A 0-or-1 attribute as a boolean; absent is false. */
function flagAttribute(node: LoweredNode, name: string): boolean {
  return node.attributes?.[name] === undefined ? false : attributeNumber(node, name) === 1;
}

/**
 * Makes a lowering runnable in TensorFlow.js.
 *
 * @remarks
 * Each lowering op becomes the tfjs op of the same meaning, evaluated eagerly
 * on the current backend: `Add` → `tf.add`, `Greater` → `tf.greater`,
 * `Where` → `tf.where` (which broadcasts, as ONNX's does; a constant or
 * parameter branch is broadcast to the output's shape once and kept), `Reshape` →
 * `tf.reshape`, `ReduceMax`/`ReduceSum` → `tf.max`/`tf.sum` over `axes`
 * (every axis when absent) keeping dims when `keepdims` is 1, `CumSum` →
 * `tf.cumsum(x, axis, exclusive, reverse)`, `Cast` → `tf.cast` (float32 or
 * bool), `RandomUniformLike` → `tf.randomUniform(x.shape, low, high)` and
 * `Max`/`Min` → `tf.maximum`/`tf.minimum` folded left. Native nodes run
 * TensorFlow.js' own `tf.relu`, `tf.leakyRelu(x, alpha)` and `tf.prelu(x, s)`,
 * as the engine's users would, unless `native` is false; those ops may differ
 * from Rectify in the sign of a zero (tfjs' `relu(−0)` is +0; the wasm
 * backend's `prelu(−0)` is +0), by one unit in the last place (the cpu
 * backend's `leakyRelu` multiplies by alpha unrounded, in float64, and rounds
 * the product once), and on the wasm backend for NaN slopes (every output
 * NaN). `tf.prelu` runs only for slopes that {@link slopeFitsTfjs}; the
 * fallback runs for the others.
 *
 * Values equal in structure are computed once per call, random draws apart
 * (they are shared only through `saved`). Parameters and constants are made
 * into float32 tensors once and kept until `dispose`. The backward is
 * {@link loweredBackward}'s, so a lowering without one runs the ops of the
 * gradients tfjs registers for its native op, or for each op of its
 * forward, applied directly rather than through a tape.
 *
 * @param lowering - A plugin's lowering.
 * @param options - Parameters, and whether to use the native ops.
 * @returns The forward and backward as functions of tensors.
 */
export function lowerToTfjs(lowering: Lowering, options: TfjsLoweringOptions = {}): TfjsLowered {
  const kept = new Map<string, tf.Tensor>();
  const keep = (key: string, make: () => tf.Tensor): tf.Tensor => {
    let t = kept.get(key);
    if (t === undefined) {
      t = tf.keep(make());
      kept.set(key, t);
    }
    return t;
  };
  const canonical = new Map<LoweredValue, LoweredValue>();
  const addCanonical = canonicalizer(canonical);
  [lowering.forward, ...Object.values(lowering.saved ?? {}), ...Object.values(lowering.parameterGradients ?? {})].forEach(addCanonical);
  // Derived on the first backward call, so that a lowering without a known gradient still runs forward.
  let dx: LoweredValue | undefined;

  /**
   * A branch of `Where` broadcast to the output's shape, once, when it is the
   * same in every call (a constant or a parameter): `tf.where` broadcasts its
   * branches with `tf.broadcastTo`, which takes 20 to 40 ms per million
   * elements on the cpu and wasm backends of tfjs 4.22 (against about 2 ms
   * for `tf.fill`). The broadcast tensor is kept until `dispose`, one per
   * value and shape; a branch that changes from call to call is left to
   * `tf.where`.
   */
  const broadcastOnce = (input: LoweredValue | undefined, t: tf.Tensor, shape: number[]): tf.Tensor => {
    if (input === undefined || !('constant' in input || 'parameter' in input) || tf.util.arraysEqual(t.shape, shape)) return t;
    const c = 'constant' in input ? decodeNumber(input.constant) : undefined;
    return keep(`broadcast:${JSON.stringify(input)}:${shape.join(',')}`, () => (c === undefined ? tf.broadcastTo(t, shape) : tf.fill(shape, c, 'float32')));
  };

  /** Evaluates the values of one call from its inputs and saved values, each distinct value once. */
  const evaluator = (inputs: Readonly<Record<string, tf.Tensor | undefined>>, saved: Record<string, tf.Tensor>, computeSaved: boolean): ((v: LoweredValue) => tf.Tensor) => {
    const done = new Map<LoweredValue, tf.Tensor>();
    const value = (v: LoweredValue): tf.Tensor => {
      const same = canonical.get(v) ?? v;
      let t = done.get(same);
      if (t === undefined) {
        t = evaluate(same);
        done.set(same, t);
      }
      return t;
    };
    const evaluate = (v: LoweredValue): tf.Tensor => {
      if ('input' in v) {
        const t = inputs[v.input];
        if (t === undefined) throw new Error(`no tensor given for the input ${v.input}`);
        return t;
      }
      if ('constant' in v) {
        const c = decodeNumber(v.constant);
        if (c === undefined) throw new Error(`not a constant: ${String(v.constant)}`);
        return keep(`c:${String(v.constant)}`, () => tf.scalar(c, 'float32'));
      }
      if ('parameter' in v) {
        const parameter = options.parameters?.[v.parameter];
        if (parameter === undefined) throw new Error(`no values given for the parameter ${v.parameter}`);
        return keep(`p:${JSON.stringify(v)}`, () => tf.tensor(Float32Array.from(parameter.data), [...(v.shape ?? parameter.shape)], 'float32'));
      }
      if ('saved' in v) {
        const given = saved[v.saved];
        if (given !== undefined) return given;
        const definition = lowering.saved?.[v.saved];
        if (!computeSaved || definition === undefined) throw new Error(`no tensor given for the saved value ${v.saved}`);
        const t = value(definition);
        saved[v.saved] = t;
        return t;
      }
      return node(v);
    };
    const node = (n: LoweredNode): tf.Tensor => {
      if ((n.op === 'Relu' || n.op === 'LeakyRelu' || n.op === 'PRelu') && options.native === false) {
        if (n.fallback === undefined) throw new Error(`${n.op} has no fallback`);
        return value(n.fallback);
      }
      const args = n.inputs.map(value);
      const a = args[0] as tf.Tensor;
      if (n.op === 'PRelu' && !slopeFitsTfjs(a.shape, (args[1] as tf.Tensor).shape)) {
        if (n.fallback === undefined) throw new Error('PRelu has no fallback');
        return value(n.fallback);
      }
      const unary = UNARY[n.op];
      if (unary !== undefined) return unary(a);
      const binary = BINARY[n.op];
      if (binary !== undefined) return args.slice(1).reduce(binary, a);
      switch (n.op) {
        case 'LeakyRelu':
          return tf.leakyRelu(a, attributeNumber(n, 'alpha'));
        case 'Where': {
          const shape = tf.backend_util.assertAndGetBroadcastShape(tf.backend_util.assertAndGetBroadcastShape(a.shape, (args[1] as tf.Tensor).shape), (args[2] as tf.Tensor).shape);
          return tf.where(a, broadcastOnce(n.inputs[1], args[1] as tf.Tensor, shape), broadcastOnce(n.inputs[2], args[2] as tf.Tensor, shape));
        }
        case 'Reshape': {
          const shape = listAttribute(n, 'shape');
          if (shape === undefined) throw new Error('Reshape: attribute shape is required');
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
          if (to !== 'float32' && to !== 'bool') throw new Error(`Cast: TensorFlow.js has no ${String(to)} tensors here`);
          return tf.cast(a, to);
        }
        case 'RandomUniformLike':
          return tf.randomUniform(a.shape, attributeNumber(n, 'low'), attributeNumber(n, 'high'), 'float32');
        default:
          throw new Error(`no TensorFlow.js op for ${n.op}`);
      }
    };
    return value;
  };

  return {
    forward(x, given = {}) {
      return tf.tidy(() => {
        const saved: Record<string, tf.Tensor> = { ...given };
        const y = evaluator({ x }, saved, true)(lowering.forward);
        return { y, saved };
      });
    },
    backward({ x, dy, y, saved = {} }) {
      if (dx === undefined) {
        dx = loweredBackward(lowering);
        addCanonical(dx);
      }
      const inputGradient = dx;
      return tf.tidy(() => {
        const value = evaluator({ x, dy, y }, { ...saved }, false);
        const parameterGradients: Record<string, tf.Tensor> = {};
        for (const [name, gradient] of Object.entries(lowering.parameterGradients ?? {})) {
          const parameter = options.parameters?.[name];
          parameterGradients[name] = tf.reshape(value(gradient), parameter === undefined ? [-1] : [...parameter.shape]);
        }
        return { dx: value(inputGradient), parameterGradients };
      });
    },
    dispose() {
      for (const t of kept.values()) t.dispose();
      kept.clear();
    },
  };
}

/**
 * Whether `tf.prelu` gives the broadcast result for a slope of this shape on
 * every backend: when the slope, without its leading 1s, is the trailing part
 * of x's shape (a scalar, or `[C]` for channels last).
 *
 * @remarks
 * The wasm backend of TensorFlow.js 4.22 reads slope i % size for element i
 * instead of broadcasting, which is wrong for a slope like `[C, 1, 1]`
 * (channels first with spatial axes); the lowering's fallback runs instead.
 *
 * @param xShape - x's shape.
 * @param slopeShape - The slope's shape.
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
 * A function that maps every value reachable from a root (inputs, fallbacks
 * and nested values included) to the first value of the same structure seen
 * so far, recording it in `canonical`, so that a call computes each distinct
 * value once; random draws map only to themselves.
 *
 * @param canonical - The map to fill.
 */
function canonicalizer(canonical: Map<LoweredValue, LoweredValue>): (root: LoweredValue) => void {
  const byStructure = new Map<string, LoweredValue>();
  const visit = (v: LoweredValue): void => {
    if (canonical.has(v)) return;
    if ('op' in v) {
      v.inputs.forEach(visit);
      if (v.fallback !== undefined) visit(v.fallback);
    }
    const key = isDeterministic(v) ? JSON.stringify(v) : undefined;
    const first = key === undefined ? undefined : byStructure.get(key);
    canonical.set(v, first ?? v);
    if (key !== undefined && first === undefined) byStructure.set(key, v);
  };
  return visit;
}
