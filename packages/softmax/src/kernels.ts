import type { FloatArray } from '@rectify/core';

/**
 * The signature of a provider's `forward` kernel for `softmax`,
 * `log_softmax` or `softmin` (the activation's canonical name is the
 * kernel key's `activation`): every slice of `x` along the axis normalised
 * into `y`, with the bits of the package's own loop in that dtype (the
 * slice functions of `@rectify/core`, such as `softmaxSliceF32` and
 * `softmaxSliceF64`).
 *
 * @remarks
 * The input is `outer · channels · inner` elements, row-major, the axis of
 * length `channels` between the `outer` and `inner` blocks: slice (o, i)
 * holds the elements o·channels·inner + i + k·inner for k \< channels.
 * `channels` ≥ 1. A kernel returns `false`, having written nothing, where it
 * declines (a layout or a size it has no kernel for); the activation then
 * runs its own loop.
 *
 * @param x - The input.
 * @param y - The output, of x's dtype and length, not overlapping x.
 * @param outer - Product of the sizes before the axis.
 * @param channels - Size of the axis.
 * @param inner - Product of the sizes after it.
 * @returns Whether it wrote y.
 * @public
 */
export type SoftmaxForwardKernel = (x: FloatArray, y: FloatArray, outer: number, channels: number, inner: number) => boolean;

/**
 * The signature of a provider's `backward` kernel for `softmax`,
 * `log_softmax` or `softmin`: dx from the forward's input x and the output
 * gradient dy, each slice's y computed again, with the bits of the
 * package's own loop in that dtype (`softmaxSliceGradF32`,
 * `logSoftmaxSliceGradF32` and their float64 forms); the layout as for
 * {@link SoftmaxForwardKernel}. `false`, having written nothing, where it
 * declines.
 *
 * @param x - The forward's input.
 * @param dy - The output gradient.
 * @param dx - The input gradient to write, not overlapping x or dy.
 * @param outer - Product of the sizes before the axis.
 * @param channels - Size of the axis.
 * @param inner - Product of the sizes after it.
 * @returns Whether it wrote dx.
 * @public
 */
export type SoftmaxBackwardKernel = (x: FloatArray, dy: FloatArray, dx: FloatArray, outer: number, channels: number, inner: number) => boolean;
