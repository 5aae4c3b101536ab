/**
 * GELU (exact and tanh approximation) and Mish as Rectify plugins, matching
 * PyTorch 1.13's values and gradients.
 *
 * @packageDocumentation
 */
export { gelu, type GeluConfig } from './gelu.js';
export { mish, type MishConfig } from './mish.js';
