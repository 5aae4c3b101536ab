import { defineSoftmaxFamily } from './define.js';

/**
 * Bridle's paper, where the name "softmax" comes from.
 * @internal
 */
export const BRIDLE_1990 =
  'Bridle, "Probabilistic Interpretation of Feedforward Classification Network Outputs, with Relationships to Statistical Pattern Recognition", in Neurocomputing, NATO ASI Series F68, Springer 1990, pp. 227–236.';

/**
 * The softmax plugin: each slice along `axis` mapped to probabilities,
 * y = exp(x) / Σ exp(x), as `torch.nn.functional.softmax(x, dim=axis)`.
 *
 * @remarks
 * Canonical name `softmax`; alias `Softmax`. Config `axis`, default −1 (see
 * {@link SoftmaxConfig}); the output has the input's shape.
 *
 * Forward, along each slice, with m the slice's largest x:
 * y = exp(x − m) / Σ exp(x − m), as PyTorch's steps in the dtype's
 * arithmetic: y = e·(1/S) with e = `expF32`(x − m) (`expF64` for float64)
 * and S their float64 sum (`@rectify/core`'s `softmaxSliceF32` and
 * `softmaxSliceF64`, which the `simd` provider's kernels match bit for
 * bit). Backward: dx = (dy − Σ dy·y)·y, with y recomputed from x as the
 * forward computes it.
 * Subtracting m first, as PyTorch does, keeps huge values from overflowing:
 * a slice [1e308, 0] gives [1, 0]. A NaN makes its whole slice NaN, and so
 * does +∞ (∞ − ∞ = NaN in its own term, as in PyTorch) or a slice of −∞
 * only; −∞ among finite values gets probability 0.
 *
 * Traits: not elementwise; smooth (no kinks); each slice a probability
 * distribution along `axis` (entries in [0, 1] that sum to 1); Lipschitz
 * bound ½ in the max norm. The Jacobian of one slice is diag(p) − p·pᵀ,
 * whose row i has absolute sum p_i(1 − p_i) + p_i·Σ_{j≠i} p_j = 2p_i(1 − p_i)
 * ≤ ½; the largest row sum is the Jacobian's norm in the max norm, so
 * |y − y′|∞ ≤ ½·|x − x′|∞, with equality approached by two equal inputs.
 * Gain 1: PyTorch's `calculate_gain` defines none for softmax.
 *
 * The softmax (normalised exponential) is named in Bridle (1990),
 * "Probabilistic Interpretation of Feedforward Classification Network
 * Outputs, with Relationships to Statistical Pattern Recognition".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { softmax } from '@rectify/softmax';
 *
 * const act = createRegistry().use(softmax).create('softmax'); // axis −1
 * const { y, backward } = act.forward(tensor([1, 1, 0, -Infinity], [2, 2]));
 * console.log(Array.from(y.data)); // [0.5, 0.5, 1, 0]
 * const dx = backward(tensor([1, 0, 1, 0], [2, 2]));
 * console.log(Array.from(dx.data)); // [0.25, -0.25, 0, -0]
 * ```
 * @public
 */
export const softmax = defineSoftmaxFamily({
  variant: { name: 'softmax', negate: false, log: false },
  displayName: 'Softmax',
  aliases: ['Softmax'],
  summary: 'Softmax: exp(x) / Σ exp(x) along an axis, each slice a probability distribution.',
  reference: BRIDLE_1990,
  lipschitz: 0.5,
  range: [0, 1],
  distribution: 'probabilities',
});
