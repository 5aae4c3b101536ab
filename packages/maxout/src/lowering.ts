import { L, reshapeTarget, sizeOf, type Lowering } from '@rectify/core';
import type { MaxoutConfig } from './index.js';
import { groupLayout } from './layout.js';

/** The piece axis of the grouped view `[outer·G, k]` or `[outer·G, k, inner]`. */
const PIECE_AXIS = 1;

/**
 * Maxout in the ops of other engines: a view that puts each group's pieces on
 * an axis of their own, the engine's `ReduceMax` over it for the forward, and
 * for the backward a mask of each group's winner.
 *
 * @remarks
 * With k = `pieces` and the grouped axis of size C split into G = C/k
 * groups, x is read as X = `Reshape(x) {shape: [outer·G, k, inner]}`
 * (outer and inner the products of the sizes before and after the axis;
 * `[outer·G, k]` when inner is 1, so that the pieces are the last axis,
 * which engines reduce fastest). Reductions are over the piece axis 1.
 * When the axis is not the first, the first size of every `Reshape` shape
 * (outer·G in the view, the first input size in the output and dx shapes)
 * is written −1, which Reshape infers, so that the same graph serves any
 * size of the leading axis (a symbolic batch in
 * `toOnnx(…, { inputShape: [null, 8] })`); only the first, since Reshape
 * infers one −1, so the sizes between it and the axis stay fixed. Where
 * another size of the shape is 0, −1 could not be inferred and the sizes
 * are written out.
 *
 * - forward: `ReduceMax(X) {axes: [1], keepdims: 0}`, reshaped to the output
 *   shape (the grouped axis divided by k). Where no group holds a NaN this
 *   is Rectify's y bit for bit in TensorFlow.js and ONNX Runtime, which both
 *   keep the first of −0 and +0; a group holding a NaN gives NaN in
 *   TensorFlow.js, while ONNX Runtime's `ReduceMax` skips a NaN that is not
 *   its group's first member (it gives max(1, NaN) = 1). The engine's own max
 *   is kept here, as its users compute maxout; the backward does not depend
 *   on how it treats NaN.
 * - backward: all of dy at each group's winner, +0 everywhere else, as
 *   `torch.max(x, dim)` routes its gradient (and Rectify). The winner is the
 *   group's first NaN if it has one, else its first member equal to the
 *   group's maximum (of −0 and +0 the first, since they are equal). As
 *   values of x's dtype, reductions with keepdims 1:
 *
 * ```text
 * nan      = Where(IsNaN(X), 1, 0)
 * hasNaN   = Greater(ReduceMax(nan), 0)
 * cand     = Where(hasNaN, nan, Where(GreaterOrEqual(X, ReduceMax(X)), 1, 0))
 * notFirst = LessOrEqual(cand, CumSum(cand) {axis: 1, exclusive: 1})
 * dx       = Reshape(Where(notFirst, 0, Reshape(dy) {shape: [outer·G, 1, inner]}))
 * ```
 *
 * `notFirst` is false at exactly one member per group, the winner: a
 * candidate with no candidate before it. The rule does not depend on what
 * the engine's `ReduceMax` gives for NaN or for ±0, since the NaN case is
 * decided by `hasNaN` and any zero equals the maximum. dy is taken from
 * `Where`'s third input, not its second, because ONNX Runtime's `Where`
 * returns +0 where it selects a −0 from its second.
 *
 * Uses `CumSum`, the one op of {@link @rectify/core!LOWERING_OPS} added for
 * this rule; the counts it adds are at most `pieces` (1024), exact in float32.
 *
 * @param config - A validated maxout config.
 * @param inputShape - The input's shape.
 * @returns The lowering, plain data.
 * @throws {@link @rectify/core!RectifyError} for the shapes `Maxout.outputShape`
 * refuses: `SHAPE_MISMATCH` for a scalar or an axis size that k does not
 * divide (field `inputShape[axis]`); `INVALID_ARGUMENT` for an axis out of
 * range (field `axis`) or a malformed shape.
 * @public
 */
export function maxoutLowering(config: Readonly<MaxoutConfig>, inputShape: readonly number[]): Lowering {
  sizeOf(inputShape, 'inputShape');
  const { pieces } = config;
  const { axis, outer, channels, inner } = groupLayout(inputShape, pieces, config.axis);
  const groups = channels / pieces;
  const outputShape = [...inputShape];
  outputShape[axis] = groups;
  // Reshape infers the first size (−1) where the axis is not the first, so the graph does not depend on a batch size.
  const infer = (shape: readonly number[]): number[] => reshapeTarget(shape, axis > 0);
  const view = (size: number): number[] => infer(inner === 1 ? [outer * groups, size] : [outer * groups, size, inner]);

  const grouped = L.op('Reshape', [L.x], { shape: view(pieces) });
  const perGroup = { axes: [PIECE_AXIS], keepdims: 1 };
  const nan = L.where(L.op('IsNaN', [grouped]), L.c(1), L.c(0));
  const hasNaN = L.greater(L.op('ReduceMax', [nan], perGroup), L.c(0));
  const atMaximum = L.op('GreaterOrEqual', [grouped, L.op('ReduceMax', [grouped], perGroup)]);
  const candidate = L.where(hasNaN, nan, L.where(atMaximum, L.c(1), L.c(0)));
  const notFirst = L.op('LessOrEqual', [candidate, L.op('CumSum', [candidate], { axis: PIECE_AXIS, exclusive: 1 })]);
  const dyPerGroup = L.op('Reshape', [L.dy], { shape: view(1) });
  return {
    forward: L.op('Reshape', [L.op('ReduceMax', [grouped], { axes: [PIECE_AXIS], keepdims: 0 })], { shape: infer(outputShape) }),
    backward: L.op('Reshape', [L.where(notFirst, L.c(0), dyPerGroup)], { shape: infer(inputShape) }),
  };
}
