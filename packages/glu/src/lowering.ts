import { L, reshapeTarget, sizeOf, type Lowering } from '@rectify/core';
import type { GluConfig } from './glu.js';
import { halvesLayout } from './layout.js';

/** The axis of the paired view `[outer, 2, half]` that holds a and b. */
const PAIR_AXIS = 1;

/**
 * GLU in other engines' ops: a view that puts a and b side by side on an
 * axis of two, each half taken out with a reduction over it, and the
 * gradient written back through the same view.
 *
 * @remarks
 * The op set has no slice, so the halves are taken with reductions. With
 * the split axis of size 2h, outer and inner the products of the sizes
 * before and after it, and half = h·inner, x is read as
 * X = `Reshape(x) {shape: [outer, 2, half]}`: X[o, 0, j] is a and X[o, 1, j]
 * is b. Reductions are over axis 1, keepdims 1:
 *
 * ```text
 * first = LessOrEqual(CumSum(Where(IsNaN(X), 1, 1)) {axis: 1, exclusive: 1}, 0)
 * a     = ReduceMax(Where(Greater(…the same CumSum…, 0), -Infinity, X))
 * b     = ReduceSum(Where(first, 0, X))
 * s     = Sigmoid(b)
 * y     = Reshape(Mul(a, s)) {shape: the output shape}
 * dx    = Reshape(Mul(Where(first, s, Mul(Mul(Sub(1, s), s), a)), Reshape(dy) {shape: [outer, 1, half]}))
 * ```
 *
 * `first` marks a's slot: the exclusive running count of a pair of ones is 0
 * there and 1 at b's. a is the maximum of itself and −∞, which is a itself,
 * bit for bit: −0 stays −0 and a NaN stays NaN, since it is its pair's first
 * member (ONNX Runtime's `ReduceMax` skips only a NaN that is not first). b
 * is 0 + b, which only turns −0 into +0, where σ is ½ either way. X and the
 * gradient that may be −0 are taken from `Where`'s third input, since ONNX
 * Runtime's `Where` turns a −0 from its second into +0; σ(b), the second
 * input of the last `Where`, is never −0. The backward is given, in
 * PyTorch's order of operations (da = σ(b)·dy, db = (1 − σ(b))·σ(b)·a·dy),
 * so that no engine differentiates through the reductions. When the axis is
 * not the first, the first size of every `Reshape` shape is written −1,
 * which Reshape infers, so that one graph serves any batch size (a symbolic
 * batch in `toOnnx`).
 *
 * @param config - A validated GLU config.
 * @param inputShape - The input's shape.
 * @returns The lowering, plain data.
 * @throws {@link @rectify/core!RectifyError} for the shapes `Glu.outputShape`
 * refuses: `SHAPE_MISMATCH` for a scalar or an axis of odd size (field
 * `inputShape[axis]`); `INVALID_ARGUMENT` for an axis out of range (field
 * `axis`) or a malformed shape.
 * @internal
 */
export function gluLowering(config: Readonly<GluConfig>, inputShape: readonly number[]): Lowering {
  sizeOf(inputShape, 'inputShape');
  const { axis, outer, channels, inner } = halvesLayout(inputShape, config.axis);
  const half = (channels / 2) * inner;
  const outputShape = [...inputShape];
  outputShape[axis] = channels / 2;

  // Reshape infers the first size (−1) where the axis is not the first, so the graph does not depend on a batch size.
  const infer = (shape: readonly number[]): number[] => reshapeTarget(shape, axis > 0);

  const paired = L.op('Reshape', [L.x], { shape: infer([outer, 2, half]) });
  const perPair = { axes: [PAIR_AXIS], keepdims: 1 };
  const slot = L.op('CumSum', [L.where(L.op('IsNaN', [paired]), L.c(1), L.c(1))], { axis: PAIR_AXIS, exclusive: 1 });
  const first = L.op('LessOrEqual', [slot, L.c(0)]);
  const a = L.op('ReduceMax', [L.where(L.greater(slot, L.c(0)), L.c(Number.NEGATIVE_INFINITY), paired)], perPair);
  const b = L.op('ReduceSum', [L.where(first, L.c(0), paired)], perPair);
  const s = L.op('Sigmoid', [b]);
  const gradientOfB = L.mul(L.mul(L.op('Sub', [L.c(1), s]), s), a);
  const dyPerPair = L.op('Reshape', [L.dy], { shape: infer([outer, 1, half]) });
  return {
    forward: L.op('Reshape', [L.mul(a, s)], { shape: infer(outputShape) }),
    backward: L.op('Reshape', [L.mul(L.where(first, s, gradientOfB), dyPerPair)], { shape: infer(inputShape) }),
  };
}
