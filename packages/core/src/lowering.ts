import { RectifyError, describeValue } from './errors.js';

/**
 * The ops a lowering may use, by their ONNX names. Each takes its inputs in
 * ONNX's order and broadcasts as ONNX (and NumPy) do.
 *
 * @remarks
 * - Arithmetic: `Add`, `Sub`, `Mul`, `Div`, `Neg`, `Abs`, `Exp`, `Log`, `Log1p`
 *   (log(1 + x); an engine without it writes Log(Add(1, x))), `Expm1`
 *   (likewise Sub(Exp(x), 1)), `Tanh`, `Sigmoid`, `Erf`, `Max`, `Min`.
 * - Comparisons and selection: `Greater`, `GreaterOrEqual`, `Less`,
 *   `LessOrEqual` (booleans), `IsNaN`, `Where(condition, then, else)`.
 * - Shape: `Reshape` (attribute `shape`, with −1 for the one inferred size),
 *   `ReduceMax` and `ReduceSum` (attributes `axes` and `keepdims`, 0 or 1),
 *   `Cast` (attribute `to`: `'float32'`, `'float64'` or `'bool'`).
 * - Scans: `CumSum` (attributes `axis`, one axis ≥ 0, and `exclusive` and
 *   `reverse`, 0 or 1): the running sum along an axis. ONNX takes the axis as
 *   its second input; here it is an attribute, as `shape` and `axes` are.
 *   Maxout uses it to find the first winner of each group (a candidate with
 *   no candidate before it), which no elementwise op or reduction above can
 *   single out when a group has ties.
 * - Native ops, used where an engine has an op that computes exactly the
 *   activation: `Relu`, `LeakyRelu` (attribute `alpha`), `PRelu` (input 1, the
 *   slope, broadcast against x). Each native node carries a `fallback` over
 *   the ops above, for engines without it.
 * - `RandomUniformLike` (attributes `low`, `high`): uniform noise of x's
 *   shape, for stochastic activations in training.
 * @public
 */
export const LOWERING_OPS = [
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Neg',
  'Abs',
  'Exp',
  'Expm1',
  'Log',
  'Log1p',
  'Tanh',
  'Sigmoid',
  'Erf',
  'Max',
  'Min',
  'Where',
  'Greater',
  'GreaterOrEqual',
  'Less',
  'LessOrEqual',
  'IsNaN',
  'Reshape',
  'ReduceMax',
  'ReduceSum',
  'Cast',
  'CumSum',
  'Relu',
  'LeakyRelu',
  'PRelu',
  'RandomUniformLike',
] as const;

/**
 * An op name a lowering may use; see {@link LOWERING_OPS}.
 * @public
 */
export type LoweringOp = (typeof LOWERING_OPS)[number];

/**
 * An attribute value of a lowered op: a number, a list of integers, or a dtype name.
 * @public
 */
export type LoweringAttribute = number | readonly number[] | 'float32' | 'float64' | 'bool';

/**
 * A value in a lowered graph: a graph input, a constant, a parameter, a value
 * the forward saved for the backward, or an op applied to values.
 *
 * @remarks
 * Plain data, JSON-serialisable (constants that JSON cannot hold are written
 * as the strings of {@link ActivationJSON}): an adapter walks it and emits its
 * engine's ops. Constants take the dtype of x.
 * @public
 */
export type LoweredValue =
  | {
      /** A graph input: `x`; in a backward also `y` (the forward's output) and `dy`. */
      readonly input: 'x' | 'y' | 'dy';
    }
  | {
      /** A scalar constant in x's dtype. */
      readonly constant: number | 'NaN' | 'Infinity' | '-Infinity' | '-0';
    }
  | {
      /** A learnable parameter of the activation, by name (PReLU's `weight`). */
      readonly parameter: string;
      /**
       * The shape to read it as, so that it broadcasts against x (PReLU
       * along the channel axis: `[C, 1, 1]` for `[N, C, H, W]`). Absent: its own shape.
       */
      readonly shape?: readonly number[];
    }
  | {
      /** A value named in {@link Lowering.saved}, computed once in the forward. */
      readonly saved: string;
    }
  | LoweredNode;

/**
 * An op applied to values.
 * @public
 */
export interface LoweredNode {
  /** The op; see {@link LOWERING_OPS}. */
  readonly op: LoweringOp;
  /** Its inputs, in the op's order. */
  readonly inputs: readonly LoweredValue[];
  /** Its attributes, by ONNX name. */
  readonly attributes?: Readonly<Record<string, LoweringAttribute>>;
  /** For a native op: the same values computed with the other ops. */
  readonly fallback?: LoweredValue;
}

/**
 * How an activation is computed in another engine's ops, for one config and
 * input shape: plain data that the TensorFlow.js and ONNX adapters (and any
 * other) translate.
 *
 * @remarks
 * `backward` is given where an engine's automatic gradient of `forward`
 * would differ from PyTorch's (relu′ at NaN, relu6′ at 6, the gradient at a
 * tie of Maxout); an adapter uses it as the custom gradient. Where it is
 * absent, the engine's own gradient of `forward` is PyTorch's.
 * @public
 */
export interface Lowering {
  /** Values computed once in the forward and read by `forward` and `backward` (RReLU's noise). */
  readonly saved?: Readonly<Record<string, LoweredValue>>;
  /** y, from the input `x`. */
  readonly forward: LoweredValue;
  /** dx, from the inputs `x`, `y` and `dy`. */
  readonly backward?: LoweredValue;
  /** Each learnable parameter's gradient, from `x`, `y` and `dy`, summed over the input as PyTorch sums it. */
  readonly parameterGradients?: Readonly<Record<string, LoweredValue>>;
}

/**
 * Builders that keep lowerings short: `L.where(L.greater(L.x, L.c(0)), L.x, L.c(0))`.
 * Each returns plain data.
 * @public
 */
export const L = {
  /** The input x. */
  x: { input: 'x' } as LoweredValue,
  /** The forward's output y (backward only). */
  y: { input: 'y' } as LoweredValue,
  /** The output gradient dy (backward only). */
  dy: { input: 'dy' } as LoweredValue,
  /**
   * A scalar constant in x's dtype.
   * @param value - The number; NaN, ±Infinity and −0 are kept.
   */
  c(value: number): LoweredValue {
    if (Number.isNaN(value)) return { constant: 'NaN' };
    if (value === Infinity) return { constant: 'Infinity' };
    if (value === -Infinity) return { constant: '-Infinity' };
    if (Object.is(value, -0)) return { constant: '-0' };
    return { constant: value };
  },
  /**
   * An op node.
   * @param op - The op.
   * @param inputs - Its inputs.
   * @param attributes - Its attributes, if any.
   */
  op(op: LoweringOp, inputs: readonly LoweredValue[], attributes?: Readonly<Record<string, LoweringAttribute>>): LoweredNode {
    return attributes === undefined ? { op, inputs } : { op, inputs, attributes };
  },
  /**
   * A native op with its fallback.
   * @param op - The native op (`Relu`, `LeakyRelu`, `PRelu`).
   * @param inputs - Its inputs.
   * @param attributes - Its attributes.
   * @param fallback - The same values in the basic ops.
   */
  native(op: 'Relu' | 'LeakyRelu' | 'PRelu', inputs: readonly LoweredValue[], attributes: Readonly<Record<string, LoweringAttribute>> | undefined, fallback: LoweredValue): LoweredNode {
    return attributes === undefined ? { op, inputs, fallback } : { op, inputs, attributes, fallback };
  },
  /**
   * `Where(condition, then, else)`.
   * @param condition - A boolean value.
   * @param then - Where the condition holds.
   * @param otherwise - Elsewhere.
   */
  where(condition: LoweredValue, then: LoweredValue, otherwise: LoweredValue): LoweredNode {
    return { op: 'Where', inputs: [condition, then, otherwise] };
  },
  /** `Greater(a, b)`. @param a - Left. @param b - Right. */
  greater(a: LoweredValue, b: LoweredValue): LoweredNode {
    return { op: 'Greater', inputs: [a, b] };
  },
  /** `Mul(a, b)`. @param a - Left. @param b - Right. */
  mul(a: LoweredValue, b: LoweredValue): LoweredNode {
    return { op: 'Mul', inputs: [a, b] };
  },
};

/**
 * A `Reshape` target shape that leaves the first size to the engine: −1 in
 * place of it, which `Reshape` infers, so that one lowered graph serves any
 * batch size (a symbolic batch in an ONNX export). Only where that is
 * possible: when `inferFirst` holds (a lowering that reshapes around its
 * first axis keeps that size) and every other size is non-zero (−1 cannot be
 * inferred beside a 0).
 *
 * @example
 * ```ts
 * reshapeTarget([8, 2, 3], true); // [-1, 2, 3]
 * reshapeTarget([8, 0, 3], true); // [8, 0, 3]
 * ```
 * @param shape - The sizes, as the lowering computed them for one input shape.
 * @param inferFirst - Whether the first size may be left to the engine.
 * @returns A new array: the shape, its first size −1 where that is allowed.
 * @public
 */
export function reshapeTarget(shape: readonly number[], inferFirst: boolean): number[] {
  return inferFirst && shape.length > 0 && shape.slice(1).every((d) => d > 0) ? [-1, ...shape.slice(1)] : [...shape];
}

/**
 * A numeric attribute of a lowered node.
 *
 * @param node - The node.
 * @param name - The attribute's name, such as `alpha`.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` when it is absent or not a number.
 * @public
 */
export function attributeNumber(node: LoweredNode, name: string): number {
  const value = node.attributes?.[name];
  if (typeof value !== 'number') {
    throw new RectifyError('INVALID_ARGUMENT', `${node.op}: attribute ${name} must be a number, got ${describeValue(value)}`, { field: `attributes.${name}`, value });
  }
  return value;
}

/**
 * dx for a lowering whose forward is one native op of x, with PyTorch's
 * gradient of that op, or the lowering's own `backward` when it has one;
 * `undefined` otherwise, where an engine's own gradient of the forward is
 * PyTorch's (the {@link Lowering} contract).
 *
 * @remarks
 * `Relu` gives `Where(LessOrEqual(x, 0), 0, dy)` (PyTorch's
 * `threshold_backward`: dy at NaN, +0 where x ≤ 0 whatever dy holds);
 * `LeakyRelu {alpha}` gives `Mul(dy, Where(Greater(x, 0), 1, alpha))` and
 * `PRelu(x, s)` gives `Mul(dy, Where(Greater(x, 0), 1, s))`
 * (`leaky_relu_backward`: slope·dy where x is not positive, NaN included).
 * The factor is selected rather than dy, because ONNX Runtime's `Where`
 * returns +0 where it selects a −0 from its second input; dy·1 keeps dy's
 * −0 and NaN.
 *
 * @param lowering - A plugin's lowering.
 * @returns dx over `x`, `y` and `dy`, or `undefined`.
 * @public
 */
export function nativeBackward(lowering: Lowering): LoweredValue | undefined {
  if (lowering.backward !== undefined) return lowering.backward;
  const forward = lowering.forward;
  if (!('op' in forward)) return undefined;
  const first = forward.inputs[0];
  if (first === undefined || !('input' in first) || first.input !== 'x') return undefined;
  const positive = L.greater(L.x, L.c(0));
  switch (forward.op) {
    case 'Relu':
      return L.where(L.op('LessOrEqual', [L.x, L.c(0)]), L.c(0), L.dy);
    case 'LeakyRelu':
      return L.mul(L.dy, L.where(positive, L.c(1), L.c(attributeNumber(forward, 'alpha'))));
    case 'PRelu':
      return forward.inputs[1] === undefined ? undefined : L.mul(L.dy, L.where(positive, L.c(1), forward.inputs[1]));
    default:
      return undefined;
  }
}
