/**
 * The sigmoid family as Rectify plugins: Sigmoid, LogSigmoid, Hardsigmoid,
 * SiLU (Swish) and Hardswish, matching PyTorch 1.13's values and gradients.
 *
 * @packageDocumentation
 */
export { sigmoid, type SigmoidConfig } from './sigmoid.js';
export { logsigmoid, type LogsigmoidConfig } from './logsigmoid.js';
export { hardsigmoid, type HardsigmoidConfig } from './hardsigmoid.js';
export { silu, type SiluConfig } from './silu.js';
export { hardswish, type HardswishConfig } from './hardswish.js';
