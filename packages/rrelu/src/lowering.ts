import { L, sizeOf, type Lowering } from '@rectify/core';
import type { RreluConfig } from './index.js';

/**
 * RReLU in the ops of other engines, in eval or training mode.
 *
 * @remarks
 * **Eval** (the default): Leaky ReLU with the mean slope s = (lower + upper)/2,
 * as Leaky ReLU's lowering writes it: `LeakyRelu {alpha: s}`, falling back to
 * `Where(Greater(x, 0), x, Mul(x, s))`; backward
 * `Mul(dy, Where(Greater(x, 0), 1, s))`, so s·dy at ±0 and at NaN. (The
 * constant s takes x's dtype; ONNX's `alpha` is a float32 attribute, which
 * is s rounded as Rectify rounds it for float32 data.)
 *
 * **Training**: one saved value, `r` = `RandomUniformLike(x) {low: lower,
 * high: upper}`, a slope per element drawn uniformly from [lower, upper);
 * then each element's factor f = `Where(LessOrEqual(x, 0), r, 1)`, and
 *
 * - forward: y = `Mul(x, f)`;
 * - backward: dx = `Mul(dy, f)`.
 *
 * This is Rectify's own arithmetic (it records f as its noise). The test is
 * x ≤ 0, not "not x \> 0": NaN is not ≤ 0, so a NaN input passes through
 * with the factor 1 (y = NaN, dx = dy exactly), as in Rectify's and PyTorch's
 * training mode, while ±0 takes its drawn slope (dx = r·dy). Given the same r
 * where x ≤ 0, y and dx are Rectify's bit for bit; the draws themselves are
 * the engine's, not Rectify's seeded generator's.
 *
 * Both modes select a factor and multiply, rather than select x or dy, since
 * ONNX Runtime's `Where` returns +0 where it selects a −0 from its second
 * input; a product by 1 keeps −0 and NaN exactly.
 *
 * @param config - A validated RReLU config.
 * @param inputShape - The input's shape (any shape; checked for form only).
 * @param options - `training: true` for training mode. Defaults to eval.
 * @returns The lowering, plain data.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for a malformed shape.
 * @public
 */
export function rreluLowering(config: Readonly<RreluConfig>, inputShape: readonly number[], options?: { readonly training?: boolean }): Lowering {
  sizeOf(inputShape, 'inputShape');
  const positive = L.greater(L.x, L.c(0));
  if (options?.training !== true) {
    const slope = (config.lower + config.upper) / 2;
    return {
      forward: L.native('LeakyRelu', [L.x], { alpha: slope }, L.where(positive, L.x, L.mul(L.x, L.c(slope)))),
      backward: L.mul(L.dy, L.where(positive, L.c(1), L.c(slope))),
    };
  }
  const factor = L.where(L.op('LessOrEqual', [L.x, L.c(0)]), { saved: 'r' }, L.c(1));
  return {
    saved: { r: L.op('RandomUniformLike', [L.x], { low: config.lower, high: config.upper }) },
    forward: L.mul(L.x, factor),
    backward: L.mul(L.dy, factor),
  };
}
