/**
 * `@rectify/onnx`: exports a Rectify activation to ONNX, its forward
 * `x → y` and its backward `(x, dy) → dx` with PyTorch's gradients, from the
 * plugin's lowering; and a whole feed-forward network of dense layers and
 * activations as one model.
 *
 * @packageDocumentation
 */
export { toOnnx, toOnnxBackward, type ToOnnxOptions } from './export.js';
export { loweringToOnnx, loweringToOnnxBackward, type LoweringToOnnxOptions, type OnnxModel } from './lowering-model.js';
export { toOnnxSequential, type OnnxDense, type OnnxLayer, type ToOnnxSequentialOptions } from './sequential.js';
export { DIFFERENTIABLE_OPS, attributeNumber, derivedBackward, isDeterministic, loweredBackward } from './gradient.js';
export { DEFAULT_OPSET, IR_VERSIONS, irVersionOf } from './model.js';
export type { Attribute, OnnxDType, OnnxDim, OnnxNative, OnnxParameter, OnnxValueInfo } from './graph.js';
export { NATIVE_OPS, type OnnxNativeMapping, type OnnxNativeNode } from './native.js';

