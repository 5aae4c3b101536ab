import { defineSoftmaxFamily } from './define.js';

/**
 * The softmin plugin: softmax of −x along `axis`, y = exp(−x) / Σ exp(−x),
 * as `torch.nn.functional.softmin(x, dim=axis)`.
 *
 * @remarks
 * Canonical name `softmin`; alias `Softmin`. Config `axis`, default −1 (see
 * {@link SoftmaxConfig}); the output has the input's shape. The smallest
 * input gets the largest probability.
 *
 * Exactly PyTorch's definition, `softmax(−x)`: forward is {@link softmax}
 * of −x (its largest −x subtracted first), and backward is the negated
 * softmax gradient, dx = −((dy − Σ dy·y)·y). So −∞ in a slice makes it NaN
 * and +∞ gets probability 0, the mirror of softmax.
 *
 * Traits: not elementwise; smooth; each slice a probability distribution
 * along `axis`; Lipschitz bound ½ in the max norm, softmax's, since negating
 * x changes no distance. Gain 1: PyTorch's `calculate_gain` defines none for
 * softmin.
 *
 * No paper of its own: PyTorch's `nn.Softmin`, softmax (Bridle 1990) of −x.
 *
 * @example
 * ```ts
 * import { tensor } from '@rectify/core';
 * import { softmin } from '@rectify/softmax';
 *
 * const { y } = softmin.create().forward(tensor([0, Infinity]));
 * console.log(Array.from(y.data)); // [1, 0]
 * ```
 * @public
 */
export const softmin = defineSoftmaxFamily({
  variant: { name: 'softmin', negate: true, log: false },
  displayName: 'Softmin',
  aliases: ['Softmin'],
  summary: 'Softmin: softmax of −x along an axis, the smallest input the most probable.',
  lipschitz: 0.5,
  range: [0, 1],
  distribution: 'probabilities',
});
