/**
 * The exponential linear units as Rectify plugins: ELU, CELU and SELU,
 * matching PyTorch 1.13's values and gradients.
 *
 * @packageDocumentation
 */
export { elu, type EluConfig } from './elu.js';
export { celu, type CeluConfig } from './celu.js';
export { selu, type SeluConfig } from './selu.js';
