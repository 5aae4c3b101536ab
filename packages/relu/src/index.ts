/**
 * ReLU, the rectified linear unit, as a Rectify plugin.
 *
 * @packageDocumentation
 */
import { ActivationBase, definePlugin, parseConfig, type ComputeContext, type ConfigSpec, type FloatArray, type Tensor } from '@rectify/core';
import { reluBackward, reluForward } from './kernels.js';

/**
 * ReLU takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReluConfig {}

const fields: ConfigSpec<ReluConfig> = {};

/**
 * A ReLU instance; create one with `relu.create()` or `registry.create('relu')`.
 *
 * @remarks
 * Forward: y = max(0, x), with relu(−0) = −0 and relu(NaN) = NaN.
 * Backward: dx = dy where x \> 0, else 0 (the gradient at 0 is 0); where x is
 * NaN, dx = dy. Both match `torch.relu` bit for bit in float32 and float64.
 * @public
 */
export class Relu extends ActivationBase<ReluConfig> {
  /** @param config - Must be empty; see {@link ReluConfig}. */
  constructor(config?: Partial<ReluConfig>) {
    super('relu', parseConfig('relu', fields, config));
  }

  /** √2, the gain `torch.nn.init.calculate_gain('relu')` gives (He et al. 2015). */
  gain(): number {
    return Math.SQRT2;
  }

  /** @internal */
  protected override computeInto({ x, y }: ComputeContext): void {
    reluForward(x.data, y);
  }

  /** @internal */
  protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    reluBackward(x.data, dy, dx);
  }
}

/**
 * The ReLU plugin: `relu(x) = max(0, x)`.
 *
 * @remarks
 * Canonical name `relu`; aliases `ReLU`, `rectifier`. Gain √2. Popularised
 * for deep networks by Nair & Hinton (2010) and Glorot, Bordes & Bengio (2011).
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
export const relu = definePlugin({
  name: 'relu',
  aliases: ['ReLU', 'rectifier'],
  summary: 'Rectified linear unit: max(0, x).',
  reference: 'Glorot, Bordes & Bengio, "Deep Sparse Rectifier Neural Networks", AISTATS 2011.',
  fields,
  traits: {
    elementwise: true,
    stochastic: false,
    propagatesNaN: true,
    lipschitz: () => 1,
    kinks: () => [0],
  },
  create: (config?: Partial<ReluConfig>) => new Relu(config),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    relu: ReluConfig;
  }
}
