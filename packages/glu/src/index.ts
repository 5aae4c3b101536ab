/**
 * GLU, the gated linear unit, as a Rectify plugin: the two halves a and b of
 * an axis give a·σ(b) (Dauphin, Fan, Auli & Grangier 2017), with PyTorch's
 * values and gradients in float32 and float64.
 *
 * @packageDocumentation
 */
import { definePlugin, type CreateContext } from '@rectify/core';
import { Glu, gluFields, type GluConfig } from './glu.js';
import { gluLowering } from './lowering.js';

export { Glu, type GluConfig } from './glu.js';

/**
 * The largest |x| for which GLU's declared Lipschitz bound holds: 2²⁰.
 *
 * @remarks
 * GLU has no global Lipschitz bound: the slope of a·σ(b) in b is a·σ′(b),
 * up to |a|/4, which grows without limit with |a|. On inputs with
 * |x|∞ ≤ A the largest absolute row sum of its Jacobian,
 * σ(b) + |a|·σ(b)(1 − σ(b)), is at most 1 + A/4, so that is the bound the
 * plugin declares, for A = 2²⁰ ≈ 1.05·10⁶. That covers the inputs the
 * conformance kit draws (|x| ≤ 10⁶, each moved by at most 10⁻³); for
 * larger inputs the trait does not hold.
 * @public
 */
export const GLU_LIPSCHITZ_DOMAIN = 2 ** 20;

/**
 * The GLU plugin: the split axis's first half a gated by its second half b,
 * y = a·σ(b), as `torch.nn.functional.glu(x, dim=axis)`.
 *
 * @remarks
 * Canonical name `glu`; alias `GLU`. Config `axis` (default −1; see
 * {@link GluConfig}): the axis, of even size 2h, becomes one of size h. An
 * odd size throws `SHAPE_MISMATCH` naming the field `inputShape[axis]` and
 * the size; an axis out of range for the input's rank throws
 * `INVALID_ARGUMENT` naming the field `axis`, as `@rectify/core`'s
 * `axisLayout` does for every activation with an axis.
 *
 * ```text
 * y  = a·σ(b),  σ(b) = 1 / (1 + exp(−b))
 * da = σ(b)·dy
 * db = (1 − σ(b))·σ(b)·a·dy
 * ```
 *
 * See {@link Glu} for the special values and float32.
 *
 * From Dauphin, Fan, Auli & Grangier, "Language Modeling with Gated
 * Convolutional Networks" (ICML 2017): h(X) = (X·W + b) ⊗ σ(X·V + c), a
 * linear projection gated by a sigmoid one. As with maxout, the projections
 * are the job of the layer before: one with twice the outputs, whose first
 * half is X·W + b and whose second is X·V + c, followed by GLU on that
 * axis, is the paper's unit.
 *
 * Traits: not elementwise; smooth (no kinks: `distanceToKink` is +∞);
 * propagates NaN. Lipschitz bound 1 + {@link GLU_LIPSCHITZ_DOMAIN}/4 in the
 * max norm, valid for inputs with |x|∞ up to that domain: GLU has no global
 * bound. Gain 1: PyTorch's `calculate_gain` defines none for GLU. Lowering:
 * `Reshape` to `[outer, 2, half]`, each half taken out with a reduction over
 * the pair axis, `Sigmoid`, and PyTorch's backward; written so that a −0,
 * a NaN or an infinity in a comes through ONNX Runtime's `Where` and
 * `ReduceMax` unchanged.
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { glu } from '@rectify/glu';
 *
 * const act = createRegistry().use(glu).create('glu'); // axis −1
 * // One row: a = [3, -2], b = [Infinity, 0].
 * const { y, backward } = act.forward(tensor([3, -2, Infinity, 0], [1, 4]));
 * console.log(Array.from(y.data), y.shape); // [3, -1] [1, 2]
 * const dx = backward(tensor([1, 1], [1, 2]));
 * console.log(Array.from(dx.data)); // [1, 0.5, 0, -0.5]
 * ```
 * @public
 */
export const glu = definePlugin({
  name: 'glu',
  displayName: 'GLU',
  aliases: ['GLU'],
  summary: 'Gated linear unit: a·σ(b), with a and b the two halves of an axis.',
  reference: 'Dauphin, Fan, Auli & Grangier, "Language Modeling with Gated Convolutional Networks", ICML 2017.',
  fields: gluFields,
  traits: {
    elementwise: false,
    stochastic: false,
    propagatesNaN: true,
    lipschitz: () => 1 + GLU_LIPSCHITZ_DOMAIN / 4,
    kinks: () => [],
    distanceToKink: () => Number.POSITIVE_INFINITY,
  },
  lowering: gluLowering,
  create: (config?: Partial<GluConfig>, context?: CreateContext) => new Glu(config, context?.kernels),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    glu: GluConfig;
  }
}
