/**
 * Rectify's activations in TensorFlow.js: each plugin's lowering (plain data,
 * see `Lowering` in `@rectify/core`) evaluated with tfjs ops, so that it runs
 * on every backend and differentiates with PyTorch's gradients; and as tfjs
 * layers that `model.save` and `tf.loadLayersModel` round-trip.
 *
 * @packageDocumentation
 */
export { toTfjs, tfjsParameters, type TfjsActivation, type TfjsGradients, type ToTfjsOptions } from './to-tfjs.js';
export { registerTfjsLayers, tfjsLayer, toRectify, type LayerRegistry, type TfjsLayerArgs } from './layer.js';
