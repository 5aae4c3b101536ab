/**
 * Softplus as a Rectify plugin: log(1 + exp(βx))/β with PyTorch's switch to
 * x above a threshold, matching PyTorch 1.13's values and gradients.
 *
 * @packageDocumentation
 */
export { softplus, type SoftplusConfig } from './softplus.js';
