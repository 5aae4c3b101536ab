/**
 * ReLU, the rectified linear unit, as a Rectify plugin.
 *
 * @packageDocumentation
 */
import { L, defineElementwise, type ActivationPlugin } from '@rectify/core';

/**
 * ReLU takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReluConfig {}

/**
 * The ReLU plugin: `relu(x) = max(0, x)`.
 *
 * @remarks
 * Forward: y = max(0, x), with relu(−0) = −0 and relu(NaN) = NaN.
 * Backward: dx = dy where x \> 0, else +0 (the gradient at 0 is 0, whatever
 * dy holds); where x is NaN, dx = dy. Both match `torch.relu` bit for bit in
 * float32 and float64.
 *
 * Canonical name `relu`; aliases `ReLU`, `rectifier`. Gain √2, as
 * `torch.nn.init.calculate_gain('relu')` (He et al. 2015). Popularised for
 * deep networks by Nair & Hinton (2010) and Glorot, Bordes & Bengio (2011).
 *
 * Lowered to ONNX `Relu`; its backward is given too, since engines differ at
 * NaN (PyTorch passes dy through there).
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { relu } from '@rectify/relu';
 *
 * const act = createRegistry().use(relu).create('relu');
 * const { y, backward } = act.forward(tensor([1, -10, 0, 15, -20]));
 * const dx = backward(tensor([1, 1, 1, 1, 1])); // [1, 0, 0, 1, 0]
 * ```
 * @public
 */
export const relu: ActivationPlugin<'relu', ReluConfig> = defineElementwise({
  name: 'relu',
  displayName: 'ReLU',
  aliases: ['ReLU', 'rectifier'],
  summary: 'Rectified linear unit: max(0, x).',
  reference: 'Glorot, Bordes & Bengio, "Deep Sparse Rectifier Neural Networks", AISTATS 2011.',
  fields: {},
  // x < 0 is false for −0 and NaN, so both pass through unchanged.
  f: (x) => (x < 0 ? 0 : x),
  df: (x) => (x <= 0 ? 0 : 1),
  traits: { lipschitz: () => 1, kinks: () => [0] },
  gain: Math.SQRT2,
  loops: {
    forward: () => (x, y) => {
      const n = x.length;
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        y[i] = v < 0 ? 0 : v;
      }
    },
    // PyTorch's threshold_backward: +0 where x ≤ 0 (not dy·0, which is −0 or NaN for some dy).
    backward: () => (x, dy, dx) => {
      const n = x.length;
      for (let i = 0; i < n; i++) dx[i] = (x[i] as number) <= 0 ? 0 : (dy[i] as number);
    },
  },
  lowering: () => ({
    forward: L.native('Relu', [L.x], undefined, L.where(L.op('Less', [L.x, L.c(0)]), L.c(0), L.x)),
    backward: L.where(L.op('LessOrEqual', [L.x, L.c(0)]), L.c(0), L.dy),
  }),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    relu: ReluConfig;
  }
}
