/**
 * The tanh family as Rectify plugins: Tanh, Softsign, Hardtanh and ReLU6,
 * matching PyTorch 1.13's values and gradients.
 *
 * @packageDocumentation
 */
export { tanh, type TanhConfig } from './tanh.js';
export { softsign, type SoftsignConfig } from './softsign.js';
export { hardtanh, type HardtanhConfig } from './hardtanh.js';
export { relu6, type Relu6Config } from './relu6.js';
