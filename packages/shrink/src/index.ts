/**
 * The shrinkage functions as Rectify plugins: Hardshrink, Softshrink,
 * Tanhshrink and Threshold, matching PyTorch 1.13's values and gradients.
 *
 * @packageDocumentation
 */
export { hardshrink, type HardshrinkConfig } from './hardshrink.js';
export { softshrink, type SoftshrinkConfig } from './softshrink.js';
export { tanhshrink, type TanhshrinkConfig } from './tanhshrink.js';
export { threshold, type ThresholdConfig } from './threshold.js';
