/**
 * The Rectify contract: tensors, the {@link Activation} interface, plugins,
 * the explicit {@link Registry}, and the one error class.
 *
 * @packageDocumentation
 */
export { RectifyError, describeValue, type RectifyErrorCode, type RectifyErrorDetails } from './errors.js';
export { tensor, assertTensor, sizeOf, sameShape, dtypeOf, allocate, type Tensor, type DType, type FloatArray } from './tensor.js';
export {
  outputBuffer,
  type Activation,
  type ActivationConfig,
  type ActivationJSON,
  type SerializedParameter,
  type Parameter,
  type ForwardOptions,
  type ForwardIntoOptions,
  type BackwardOptions,
  type ForwardResult,
  type Backward,
  type ComputeContext,
  type GradientWriter,
} from './activation.js';
export { ActivationBase, createParameter } from './base.js';
export { parseConfig, defaultsOf, numberField, integerField, choiceField, type ConfigField, type ConfigSpec, type Bounds } from './config.js';
export {
  definePlugin,
  type PluginDefinition,
  type ActivationPlugin,
  type AnyActivationPlugin,
  type ActivationTraits,
  type Symmetry,
  type Line,
  type Asymptotes,
  type Distribution,
  type ActivationConfigMap,
  type KnownActivationName,
} from './plugin.js';
export { pluginOf, recordOrigin, findPlugin, type PluginSource } from './origin.js';
export { createRegistry, type Registry, type RegistryOptions, type UseOptions } from './registry.js';
export { createKernels, plainKernels, type Kernel, type KernelKey, type KernelProvider, type Kernels, type CreateContext } from './provider.js';
export {
  defineElementwise,
  type ElementwiseDefinition,
  type ConfigOf,
  type ForwardLoop,
  type BackwardLoop,
  type ForwardKernel,
  type BackwardKernel,
} from './elementwise.js';
export { L, LOWERING_OPS, attributeNumber, nativeBackward, reshapeTarget, type Lowering, type LoweredValue, type LoweredNode, type LoweringOp, type LoweringAttribute } from './lowering.js';
export { normalizeName, suggestName } from './names.js';
export { encodeNumber, decodeNumber } from './json.js';
export { createRng, uniform01, isRandomSource, SeededRandom, type RandomSource } from './random.js';
export { leakyForward, leakyBackward, slopeGradient, roundTo, roundingOf, leakyGain } from './kernels.js';
export { axisLayout, type AxisLayout } from './layout.js';
export { EXP32, expF32, expm1F32, expWide } from './exp32.js';
export { EXP64, expF64, expm1F64 } from './exp64.js';
export { SMOOTH64, sigmoidF64, sigmoidGradF64, siluF64, siluGradF64, tanhF64, tanhGradF64, eluF64, eluGradF64, oneMinusSquareF64 } from './smooth64.js';
export { log1pUnitF64, logsigmoidF64, logsigmoidGradF64 } from './log64.js';
export { softplusF64, softplusGradF64 } from './softplus64.js';
export { mishF64, mishGradF64 } from './mish64.js';
export { eluCoefficients, SELU_ALPHA, SELU_SCALE, type EluCoefficients } from './elu-family.js';
export { LOG1P32_POLY, log1pUnitF32, logsigmoidF32, logsigmoidGradF32 } from './log32.js';
export { sigmoidF32, sigmoidGradF32, siluF32, siluGradF32, tanhF32, tanhGradF32, TANH32_SMALL, TANH32_POLY, eluF32, eluGradF32 } from './smooth32.js';
export { SOFTPLUS32, softplusF32, softplusGradF32 } from './softplus32.js';
export { MISH32, mishF32, mishGradF32 } from './mish32.js';
export { softmaxSliceF32, logSoftmaxSliceF32, softmaxSliceGradF32, logSoftmaxSliceGradF32 } from './softmax-rows.js';
export { softmaxSliceF64, logSoftmaxSliceF64, softmaxSliceGradF64, logSoftmaxSliceGradF64 } from './softmax-rows64.js';
export { GELU32, geluF32, geluGradF32, geluTanhF32, geluTanhGradF32 } from './gelu32.js';
export { GELU64, geluF64, geluGradF64, geluTanhF64, geluTanhGradF64 } from './gelu64.js';
