import { L, axisLayout, sizeOf, type Lowering } from '@rectify/core';
import type { SoftmaxConfig } from './config.js';
import type { SoftmaxVariant } from './slices.js';

/**
 * Softmax, log_softmax or softmin in other engines' ops: reductions over the
 * axis with `keepdims: 1`, so that they broadcast back along it.
 *
 * @remarks
 * With v = x (softmin: `Neg(x)`), m = `ReduceMax(v) {axes: [axis], keepdims: 1}`
 * and s = `ReduceSum(Exp(Sub(v, m)))` over the same axis:
 *
 * ```text
 * softmax, softmin:  y  = Div(Exp(Sub(v, m)), s)
 *                    dx = Mul(Sub(dy, ReduceSum(Mul(dy, y))), y), under Neg for softmin
 * log_softmax:       y  = Sub(Sub(v, m), Log(s))
 *                    dx = Sub(dy, Mul(Exp(y), ReduceSum(dy)))
 * ```
 *
 * The max is subtracted first, as PyTorch and Rectify do, and the backward
 * is given (it reads y), so that an engine uses PyTorch's gradient rather
 * than differentiating through `ReduceMax`. A slice holding a NaN is NaN
 * whatever an engine's `ReduceMax` does with NaN (ONNX Runtime's may skip
 * it): the NaN term makes the sum NaN. The op set has no native `Softmax`
 * or `LogSoftmax` (ONNX has both), so these expressions are the lowering;
 * the axis is written resolved, from 0 to rank − 1.
 *
 * @param variant - Which of the three.
 * @param config - A validated config.
 * @param inputShape - The input's shape.
 * @returns The lowering, plain data.
 * @throws {@link @rectify/core!RectifyError} `SHAPE_MISMATCH` for a scalar or
 * an axis out of range (field `axis`); `INVALID_ARGUMENT` for a malformed shape.
 * @internal
 */
export function softmaxFamilyLowering(variant: SoftmaxVariant, config: Readonly<SoftmaxConfig>, inputShape: readonly number[]): Lowering {
  sizeOf(inputShape, 'inputShape');
  const along = { axes: [axisLayout(variant.name, inputShape, config.axis).axis], keepdims: 1 };
  const v = variant.negate ? L.op('Neg', [L.x]) : L.x;
  const shifted = L.op('Sub', [v, L.op('ReduceMax', [v], along)]);
  const exponentials = L.op('Exp', [shifted]);
  const sum = L.op('ReduceSum', [exponentials], along);
  if (variant.log) {
    return {
      forward: L.op('Sub', [shifted, L.op('Log', [sum])]),
      backward: L.op('Sub', [L.dy, L.mul(L.op('Exp', [L.y]), L.op('ReduceSum', [L.dy], along))]),
    };
  }
  const gradient = L.mul(L.op('Sub', [L.dy, L.op('ReduceSum', [L.mul(L.dy, L.y)], along)]), L.y);
  return {
    forward: L.op('Div', [exponentials, sum]),
    backward: variant.negate ? L.op('Neg', [gradient]) : gradient,
  };
}
