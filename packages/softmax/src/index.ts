/**
 * Softmax, LogSoftmax and Softmin as Rectify plugins: each slice of the input
 * along an axis normalised into probabilities (or their logarithms), with
 * PyTorch's values and gradients in float32 and float64.
 *
 * @packageDocumentation
 */
import type { SoftmaxConfig } from './config.js';

export type { SoftmaxConfig } from './config.js';
export type { SoftmaxBackwardKernel, SoftmaxForwardKernel } from './kernels.js';
export { softmax } from './softmax.js';
export { logSoftmax } from './log-softmax.js';
export { softmin } from './softmin.js';

declare module '@rectify/core' {
  interface ActivationConfigMap {
    softmax: SoftmaxConfig;
    log_softmax: SoftmaxConfig;
    softmin: SoftmaxConfig;
  }
}
