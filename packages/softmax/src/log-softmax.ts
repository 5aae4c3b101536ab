import { defineSoftmaxFamily } from './define.js';
import { BRIDLE_1990 } from './softmax.js';

/**
 * The log_softmax plugin: the logarithm of softmax along `axis`,
 * y = x − log Σ exp(x), as `torch.nn.functional.log_softmax(x, dim=axis)`.
 *
 * @remarks
 * Canonical name `log_softmax`; aliases `LogSoftmax`, `log-softmax`. Config
 * `axis`, default −1 (see {@link SoftmaxConfig}); the output has the input's
 * shape.
 *
 * Forward, along each slice, with m the slice's largest x:
 * y = (x − m) − log Σ exp(x − m), in that order as PyTorch computes it (so
 * that m + log Σ does not swallow the digits of x), in the dtype's
 * arithmetic (`@rectify/core`'s `logSoftmaxSliceF32` and
 * `logSoftmaxSliceF64`). Never log(softmax(x)): a probability that
 * underflows to 0 would give −∞ where this gives a finite log-probability.
 * Backward: dx = dy − exp(y)·Σ dy, recomputed from x, with exp(y) taken as
 * the forward's own probability e·(1/S) rather than the exponential of a
 * rounded y. NaN, +∞ and all-−∞ slices
 * are NaN, as for {@link softmax}; −∞ among finite values gives −∞.
 *
 * Traits: not elementwise; smooth; each slice the logarithm of a probability
 * distribution along `axis` (entries in [−∞, 0]); Lipschitz bound 2 in the
 * max norm. The Jacobian of one slice is I − 1·pᵀ, whose row i has absolute
 * sum (1 − p_i) + Σ_{j≠i} p_j = 2(1 − p_i) < 2, approaching 2 as p_i → 0; so
 * |y − y′|∞ ≤ 2·|x − x′|∞, and no smaller bound holds for every input.
 * Gain 1: PyTorch's `calculate_gain` defines none for log_softmax.
 *
 * The logarithm of Bridle's (1990) softmax; with the negative log-likelihood
 * it is the cross-entropy loss.
 *
 * @example
 * ```ts
 * import { tensor } from '@rectify/core';
 * import { logSoftmax } from '@rectify/softmax';
 *
 * const { y } = logSoftmax.create().forward(tensor([1e30, 0]));
 * console.log(Array.from(y.data)); // [0, -1e30]: no overflow, no NaN
 * ```
 * @public
 */
export const logSoftmax = defineSoftmaxFamily({
  variant: { name: 'log_softmax', negate: false, log: true },
  displayName: 'LogSoftmax',
  aliases: ['LogSoftmax', 'log-softmax'],
  summary: 'LogSoftmax: x − log Σ exp(x) along an axis, each slice the logarithm of a probability distribution.',
  reference: BRIDLE_1990,
  lipschitz: 2,
  range: [Number.NEGATIVE_INFINITY, 0],
  distribution: 'log-probabilities',
});
