/**
 * The walk along an axis that softmax, log_softmax and softmin share: each
 * slice of the input along the axis handed to `@rectify/core`'s slice
 * functions of its dtype (`softmaxSliceF32`, `softmaxSliceF64`, …), which
 * define the arithmetic that `@rectify/simd`'s kernels repeat on vector
 * lanes, so every path gives the same bits.
 *
 * @packageDocumentation
 * @internal
 */
import {
  logSoftmaxSliceF32,
  logSoftmaxSliceF64,
  logSoftmaxSliceGradF32,
  logSoftmaxSliceGradF64,
  softmaxSliceF32,
  softmaxSliceF64,
  softmaxSliceGradF32,
  softmaxSliceGradF64,
  type AxisLayout,
  type FloatArray,
} from '@rectify/core';

/**
 * What sets the three activations apart, as data.
 * @internal
 */
export interface SoftmaxVariant {
  /** The canonical name, for errors and lowerings. */
  readonly name: 'softmax' | 'log_softmax' | 'softmin';
  /** Normalise −x instead of x (softmin), and negate the gradient that comes back through it. */
  readonly negate: boolean;
  /** Output log-probabilities (log_softmax) instead of probabilities. */
  readonly log: boolean;
}

/** The slice functions of one dtype. */
interface SliceMaths {
  readonly softmax: typeof softmaxSliceF32;
  readonly logSoftmax: typeof logSoftmaxSliceF32;
  readonly softmaxGrad: typeof softmaxSliceGradF32;
  readonly logSoftmaxGrad: typeof logSoftmaxSliceGradF32;
}

const FLOAT32: SliceMaths = { softmax: softmaxSliceF32, logSoftmax: logSoftmaxSliceF32, softmaxGrad: softmaxSliceGradF32, logSoftmaxGrad: logSoftmaxSliceGradF32 };
const FLOAT64: SliceMaths = { softmax: softmaxSliceF64, logSoftmax: logSoftmaxSliceF64, softmaxGrad: softmaxSliceGradF64, logSoftmaxGrad: logSoftmaxSliceGradF64 };

/**
 * The forward of one of the three: every slice of `x` along `layout`'s axis
 * written to `y` by core's slice function of x's dtype (softmax, softmin on
 * −x, or log_softmax).
 *
 * @param variant - Which of the three.
 * @param x - The input, laid out as `layout` describes.
 * @param y - The output, of x's dtype and length, not overlapping x.
 * @param layout - The split of the input around the axis.
 * @internal
 */
export function forwardSlices(variant: SoftmaxVariant, x: FloatArray, y: FloatArray, layout: AxisLayout): void {
  const { outer, channels, inner } = layout;
  const maths = x instanceof Float32Array ? FLOAT32 : FLOAT64;
  const block = channels * inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0, start = o * block; i < inner; i++, start++) {
      if (variant.log) maths.logSoftmax(x, y, start, inner, channels);
      else maths.softmax(x, y, start, inner, channels, variant.negate);
    }
  }
}

/**
 * The backward of {@link forwardSlices}, from x alone: core's gradient
 * slice function of x's dtype along every slice (negated for softmin), each
 * computing its y again as the forward does, with PyTorch's formulas
 * dx = (dy − Σ dy·y)·y and dx = dy − exp(y)·Σ dy (exp(y) taken as the
 * probability).
 *
 * @param variant - Which of the three.
 * @param x - The forward's input, unchanged since.
 * @param dy - The output gradient.
 * @param dx - The input gradient to write, not overlapping x or dy; it holds
 * each slice's intermediate values while the slice is in flight.
 * @param layout - The forward's layout.
 * @internal
 */
export function backwardSlices(variant: SoftmaxVariant, x: FloatArray, dy: FloatArray, dx: FloatArray, layout: AxisLayout): void {
  const { outer, channels, inner } = layout;
  const maths = x instanceof Float32Array ? FLOAT32 : FLOAT64;
  const block = channels * inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0, start = o * block; i < inner; i++, start++) {
      if (variant.log) maths.logSoftmaxGrad(x, dy, dx, start, inner, channels);
      else maths.softmaxGrad(x, dy, dx, start, inner, channels, variant.negate);
    }
  }
}
