import { defineElementwise, type ActivationPlugin } from '@rectify/core';
import { clamp, clampBackward, clampForward, clampLowering, clampPasses } from './clamp.js';

/**
 * ReLU6 takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Relu6Config {}

/**
 * The ReLU6 plugin: `relu6(x) = min(max(x, 0), 6)`.
 *
 * @remarks
 * Hardtanh with bounds 0 and 6, as PyTorch computes it (`F.relu6` calls
 * `hardtanh(x, 0, 6)`). Forward: 0 where x \< 0, 6 where x \> 6, x itself
 * otherwise: relu6(−0) = −0 (only negative inputs are replaced), NaN stays
 * NaN. Backward: dx = dy strictly inside (0, 6), a selected +0 at 0, at 6 and
 * beyond, whatever dy holds; the gradient at both kinks is 0. At NaN PyTorch's
 * vectorised kernel gives 0 and its scalar one dy; Rectify gives dy, as
 * ReLU's backward does. Bit for bit PyTorch's in float32 and float64.
 *
 * Canonical name `relu6`; alias `ReLU6`. Gain ≈ 1.4142135651, the
 * variance-preserving 1/√E[relu6(z)²] for z ~ N(0, 1): √2, ReLU's, to nine
 * digits, since clipping at 6 removes almost nothing of a unit normal
 * (PyTorch's `calculate_gain` has no relu6). Lipschitz constant 1; kinks at 0
 * and 6; range [0, 6]; increasing; asymptotes y = 0 and y = 6. Lowered with
 * Where, and PyTorch's backward given.
 *
 * From Krizhevsky (2010), "Convolutional Deep Belief Networks on CIFAR-10";
 * the activation of MobileNet (Howard et al. 2017), whose bound keeps
 * activations small enough for low-precision arithmetic.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { relu6 } from '@rectify/tanh';
 *
 * const act = createRegistry().use(relu6).create('relu6');
 * const { y, backward } = act.forward(tensor([-1, 0, 3, 6, 8]));
 * // y: [0, 0, 3, 6, 6]
 * const dx = backward(tensor([1, 1, 1, 1, 1])); // [0, 0, 1, 0, 0]
 * ```
 * @public
 */
export const relu6: ActivationPlugin<'relu6', Relu6Config> = defineElementwise({
  name: 'relu6',
  displayName: 'ReLU6',
  aliases: ['ReLU6'],
  summary: 'ReLU capped at 6: min(max(x, 0), 6).',
  reference: 'Krizhevsky, "Convolutional Deep Belief Networks on CIFAR-10", unpublished manuscript, 2010.',
  fields: {},
  f: (x) => clamp(x, 0, 6),
  df: (x) => (clampPasses(x, 0, 6) ? 1 : 0),
  traits: {
    lipschitz: () => 1,
    kinks: () => [0, 6],
    range: () => [0, 6],
    monotonic: () => 'increasing',
    asymptotes: () => ({ positive: { slope: 0, intercept: 6 }, negative: { slope: 0, intercept: 0 } }),
  },
  loops: {
    forward: () => clampForward(0, 6),
    backward: () => clampBackward(0, 6),
  },
  lowering: () => clampLowering(0, 6),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    relu6: Relu6Config;
  }
}
