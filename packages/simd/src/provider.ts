import { RectifyError, describeValue, eluCoefficients, type DType, type FloatArray, type Kernel, type KernelKey, type KernelProvider, type RandomSource } from '@rectify/core';
import { allocateBeside, isWasmResident } from './arena.js';
import { leaky, leakyBackward, multiply, relu, reluBackward } from './ops/elementwise.js';
import { maxoutBackward, maxoutForward } from './ops/maxout.js';
import { preluBackward, preluForward } from './ops/prelu.js';
import { rreluTrain } from './ops/rrelu.js';
import { smooth } from './ops/smooth.js';
import { softmaxRows, type SoftmaxKind } from './ops/softmax.js';
import { KERNEL_PATHS, type KernelPath } from './runtime.js';
import { simdSupported, type SmoothKernel } from './wasm.js';

/** Makes one op's kernel for a path, a dtype and an activation's config, or `undefined` when it has none for them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type KernelFactory = (path: KernelPath, dtype: DType, config: any) => Kernel | undefined;

/** The smooth activations' kernels: float32 only, where the activations' loops run core's float32 definitions. */
const forward32 = (name: SmoothKernel): KernelFactory => (path, dtype) => (dtype === 'float32' ? (x: FloatArray, y: FloatArray) => smooth(path, name, x, null, y) : undefined);
const backward32 = (name: SmoothKernel): KernelFactory => (path, dtype) =>
  dtype === 'float32' ? (x: FloatArray, dy: FloatArray, dx: FloatArray) => smooth(path, name, x, dy, dx) : undefined;

/** The ELU family's kernels, with PyTorch's coefficients for the activation's α in float32; CELU's forward with α \< 0 (e^z for z \> 0) stays in its loop. */
const eluFamily = (activation: 'elu' | 'celu' | 'selu', backward: boolean): KernelFactory => (path, dtype, { alpha }: { alpha?: number }) => {
  if (dtype !== 'float32') return undefined;
  const c = eluCoefficients(activation, alpha ?? 1, 'float32');
  if (backward) return (x: FloatArray, dy: FloatArray, dx: FloatArray) => smooth(path, 'elu_bwd_f32', x, dy, dx, c.positive, c.negative, c.gradientInputScale);
  if (!(c.inputScale > 0)) return undefined;
  return (x: FloatArray, y: FloatArray) => smooth(path, 'elu_f32', x, null, y, c.positive, c.negative, c.inputScale);
};

/** The softmax family's row kernels, both dtypes (last axis only; other layouts stay in the activation's loop). */
const softmaxForward = (kind: SoftmaxKind): KernelFactory => (path) => (x: FloatArray, y: FloatArray, outer: number, channels: number, inner: number) =>
  softmaxRows(path, kind, x, null, y, outer, channels, inner);
const softmaxBackward = (kind: SoftmaxKind): KernelFactory => (path) => (x: FloatArray, dy: FloatArray, dx: FloatArray, outer: number, channels: number, inner: number) =>
  softmaxRows(path, kind, x, dy, dx, outer, channels, inner);

/** GELU's kernels: the exact form's or the tanh form's by the config's `approximate`, none for another value. */
const geluForms = (exact: KernelFactory, tanh: KernelFactory): KernelFactory => (path, dtype, config: { approximate: 'none' | 'tanh' }) =>
  config.approximate === 'tanh' ? tanh(path, dtype, config) : config.approximate === 'none' ? exact(path, dtype, config) : undefined;

/** A slope rounded as the dtype holds it. */
const rounded = (slope: number, dtype: DType): number => (dtype === 'float32' ? Math.fround(slope) : slope);

/**
 * Every kernel this provider has, one entry per op, keyed
 * `activation.op`; the arguments are those each activation package
 * documents for the op.
 */
const KERNELS: Readonly<Record<string, KernelFactory>> = {
  'relu.forward': (path) => (x: FloatArray, y: FloatArray) => relu(path, x, y),
  'relu.backward': (path) => (x: FloatArray, dy: FloatArray, dx: FloatArray) => reluBackward(path, x, dy, dx),
  'leaky_relu.forward': (path, dtype, { negativeSlope }: { negativeSlope: number }) => {
    const s = rounded(negativeSlope, dtype);
    return (x: FloatArray, y: FloatArray) => leaky(path, x, y, s, 0, x.length);
  },
  'leaky_relu.backward': (path, dtype, { negativeSlope }: { negativeSlope: number }) => {
    const s = rounded(negativeSlope, dtype);
    return (x: FloatArray, dy: FloatArray, dx: FloatArray) => leakyBackward(path, x, dy, dx, s, 0, x.length);
  },
  'prelu.forward': (path) => (x: FloatArray, y: FloatArray, slopes: Float64Array, outer: number, channels: number, inner: number) =>
    preluForward(path, x, y, slopes, outer, channels, inner),
  'prelu.backward':
    (path) =>
    (x: FloatArray, dy: FloatArray, dx: FloatArray, slopes: Float64Array, outer: number, channels: number, inner: number, sums: Float64Array) =>
      preluBackward(path, x, dy, dx, slopes, outer, channels, inner, sums),
  'rrelu.forward': (path, dtype, { lower, upper }: { lower: number; upper: number }) => {
    const s = rounded((lower + upper) / 2, dtype);
    return (x: FloatArray, y: FloatArray) => leaky(path, x, y, s, 0, x.length);
  },
  'rrelu.backward': (path, dtype, { lower, upper }: { lower: number; upper: number }) => {
    const s = rounded((lower + upper) / 2, dtype);
    return (x: FloatArray, dy: FloatArray, dx: FloatArray) => leakyBackward(path, x, dy, dx, s, 0, x.length);
  },
  'rrelu.train-forward': (path) => (x: FloatArray, y: FloatArray, noise: FloatArray, lo: number, range: number, rng: RandomSource) =>
    rreluTrain(path, x, y, noise, lo, range, rng),
  'rrelu.train-backward': (path) => (noise: FloatArray, dy: FloatArray, dx: FloatArray) => multiply(path, dy, noise, dx),
  'maxout.forward': (path) => (x: FloatArray, y: FloatArray, k: number, inner: number) => maxoutForward(path, x, y, k, inner),
  'maxout.backward': (path) => (x: FloatArray, dy: FloatArray, dx: FloatArray, k: number, inner: number) => maxoutBackward(path, x, dy, dx, k, inner),
  'sigmoid.forward': forward32('sigmoid_f32'),
  'sigmoid.backward': backward32('sigmoid_bwd_f32'),
  'silu.forward': forward32('silu_f32'),
  'silu.backward': backward32('silu_bwd_f32'),
  'logsigmoid.forward': forward32('logsigmoid_f32'),
  'logsigmoid.backward': backward32('logsigmoid_bwd_f32'),
  'tanh.forward': forward32('tanh_f32'),
  'tanh.backward': backward32('tanh_bwd_f32'),
  'elu.forward': eluFamily('elu', false),
  'elu.backward': eluFamily('elu', true),
  'celu.forward': eluFamily('celu', false),
  'celu.backward': eluFamily('celu', true),
  'selu.forward': eluFamily('selu', false),
  'selu.backward': eluFamily('selu', true),
  'softplus.forward': (path, dtype, { beta, threshold }: { beta: number; threshold: number }) =>
    dtype === 'float32' ? (x: FloatArray, y: FloatArray) => smooth(path, 'softplus_f32', x, null, y, Math.fround(beta), Math.fround(threshold)) : undefined,
  'softplus.backward': (path, dtype, { beta, threshold }: { beta: number; threshold: number }) =>
    dtype === 'float32' ? (x: FloatArray, dy: FloatArray, dx: FloatArray) => smooth(path, 'softplus_bwd_f32', x, dy, dx, Math.fround(beta), Math.fround(threshold)) : undefined,
  'mish.forward': forward32('mish_f32'),
  'mish.backward': backward32('mish_bwd_f32'),
  'softmax.forward': softmaxForward('softmax'),
  'softmax.backward': softmaxBackward('softmax'),
  'log_softmax.forward': softmaxForward('log_softmax'),
  'log_softmax.backward': softmaxBackward('log_softmax'),
  'softmin.forward': softmaxForward('softmin'),
  'softmin.backward': softmaxBackward('softmin'),
  'gelu.forward': geluForms(forward32('gelu_f32'), forward32('gelu_tanh_f32')),
  'gelu.backward': geluForms(backward32('gelu_bwd_f32'), backward32('gelu_tanh_bwd_f32')),
};

/** The smooth activations' float64 kernels, where the activations' float64 loops run core's float64 definitions (`sigmoidF64`, …). */
const forward64 = (name: SmoothKernel): KernelFactory => (path) => (x: FloatArray, y: FloatArray) => smooth(path, name, x, null, y);
const backward64 = (name: SmoothKernel): KernelFactory => (path) => (x: FloatArray, dy: FloatArray, dx: FloatArray) => smooth(path, name, x, dy, dx);

/** The ELU family's float64 kernels, with PyTorch's float64 coefficients; CELU's forward with α \< 0 (e^z for z \> 0) stays in its loop. */
const eluFamily64 = (activation: 'elu' | 'celu' | 'selu', backward: boolean): KernelFactory => (path, _dtype, { alpha }: { alpha?: number }) => {
  const c = eluCoefficients(activation, alpha ?? 1, 'float64');
  if (backward) return (x: FloatArray, dy: FloatArray, dx: FloatArray) => smooth(path, 'elu_bwd_f64', x, dy, dx, c.positive, c.negative, c.gradientInputScale);
  if (!(c.inputScale > 0)) return undefined;
  return (x: FloatArray, y: FloatArray) => smooth(path, 'elu_f64', x, null, y, c.positive, c.negative, c.inputScale);
};

/** The float64 kernels, by `activation.op`: looked up first for float64, before {@link KERNELS}. */
const KERNELS64: Readonly<Record<string, KernelFactory>> = {
  'sigmoid.forward': forward64('sigmoid_f64'),
  'sigmoid.backward': backward64('sigmoid_bwd_f64'),
  'silu.forward': forward64('silu_f64'),
  'silu.backward': backward64('silu_bwd_f64'),
  'logsigmoid.forward': forward64('logsigmoid_f64'),
  'logsigmoid.backward': backward64('logsigmoid_bwd_f64'),
  'tanh.forward': forward64('tanh_f64'),
  'tanh.backward': backward64('tanh_bwd_f64'),
  'elu.forward': eluFamily64('elu', false),
  'elu.backward': eluFamily64('elu', true),
  'celu.forward': eluFamily64('celu', false),
  'celu.backward': eluFamily64('celu', true),
  'selu.forward': eluFamily64('selu', false),
  'selu.backward': eluFamily64('selu', true),
  'softplus.forward': (path, _dtype, { beta, threshold }: { beta: number; threshold: number }) => (x: FloatArray, y: FloatArray) => smooth(path, 'softplus_f64', x, null, y, beta, threshold),
  'softplus.backward': (path, _dtype, { beta, threshold }: { beta: number; threshold: number }) => (x: FloatArray, dy: FloatArray, dx: FloatArray) =>
    smooth(path, 'softplus_bwd_f64', x, dy, dx, beta, threshold),
  'mish.forward': forward64('mish_f64'),
  'mish.backward': backward64('mish_bwd_f64'),
  'gelu.forward': geluForms(forward64('gelu_f64'), forward64('gelu_tanh_f64')),
  'gelu.backward': geluForms(backward64('gelu_bwd_f64'), backward64('gelu_tanh_bwd_f64')),
};

/**
 * Options for {@link createSimd}.
 * @public
 */
export interface SimdOptions {
  /**
   * Which kernels to run; see {@link KernelPath}. Every path gives the same bits.
   * @defaultValue `'auto'`
   */
  readonly path?: KernelPath;
}

/**
 * The kernel provider with its settings: what {@link createSimd} returns.
 * @public
 */
export interface SimdProvider extends KernelProvider {
  /** The path its kernels take. */
  readonly path: KernelPath;
}

/**
 * Creates a kernel provider of WebAssembly SIMD and branchless kernels for the
 * five rectifiers and, in float32, sigmoid, SiLU, LogSigmoid, tanh, ELU, CELU, SELU,
 * Softplus, Mish and GELU (both forms), bit-identical to their own loops. Most programs use
 * {@link simd}; create another to force one path, for tests or comparisons.
 *
 * @remarks
 * In float64 it has kernels for sigmoid, SiLU, LogSigmoid, tanh, ELU, CELU,
 * SELU, Softplus, Mish and GELU (both forms) too, bit-identical to their
 * float64 loops.
 * Softmax, log_softmax and softmin have row kernels for the last axis in
 * both dtypes (the other axes run the activations' loops), in place on arena
 * tensors and on the calling thread (rows are not split across threads).
 * Each provider holds its path; nothing is process-wide, so two registries
 * with two providers run two paths side by side. Tensors from
 * {@link allocateTensor} or an {@link Arena} are processed in place (and
 * split across the kernel threads once {@link startThreads} has started
 * them, for shared arenas); plain typed arrays are streamed through a small
 * buffer. Activations the provider does not know run their own loops.
 *
 * @example
 * ```ts
 * import { createRegistry } from '@rectify/core';
 * import { relu } from '@rectify/relu';
 * import { createSimd } from '@rectify/simd';
 *
 * const wasmOnly = createRegistry({ kernels: [createSimd({ path: 'wasm' })] }).use(relu);
 * ```
 *
 * @param options - The path. Defaults to `'auto'`.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for an unknown
 * option or path, or `'wasm'` where WebAssembly SIMD is missing.
 * @public
 */
export function createSimd(options: SimdOptions = {}): SimdProvider {
  if (typeof options !== 'object' || options === null) {
    throw new RectifyError('INVALID_ARGUMENT', `options must be an object such as { path: 'wasm' }, got ${describeValue(options)}`, { field: 'options', value: options });
  }
  for (const key of Object.keys(options)) {
    if (key !== 'path') throw new RectifyError('INVALID_ARGUMENT', `unknown option ${JSON.stringify(key)}; known options: path`, { field: `options.${key}`, value: (options as Record<string, unknown>)[key] });
  }
  const path = options.path ?? 'auto';
  if (!KERNEL_PATHS.includes(path)) {
    throw new RectifyError('INVALID_ARGUMENT', `options.path must be one of ${KERNEL_PATHS.join(', ')}, got ${describeValue(path)}`, { field: 'options.path', value: path });
  }
  if (path === 'wasm' && !simdSupported()) {
    throw new RectifyError('INVALID_ARGUMENT', 'WebAssembly SIMD is not available in this runtime', { field: 'options.path', value: path });
  }
  return Object.freeze({
    name: path === 'auto' ? 'simd' : `simd (${path})`,
    path,
    kernel({ activation, op, dtype }: KernelKey, config: Readonly<object>): Kernel | undefined {
      if (path === 'scalar') return undefined;
      const key = `${activation}.${op}`;
      const factory = (dtype === 'float64' ? KERNELS64[key] : undefined) ?? KERNELS[key];
      return factory === undefined ? undefined : factory(path, dtype, config);
    },
    allocateBeside(like: FloatArray, length: number): FloatArray | undefined {
      return isWasmResident(like) ? allocateBeside(like, length) : undefined;
    },
    isBeside(array: FloatArray, like: FloatArray): boolean {
      return array.buffer === like.buffer || !isWasmResident(like);
    },
  });
}

/**
 * The kernel provider most programs want: {@link createSimd} on the `'auto'`
 * path. Turn it on for every activation of a registry with
 * `createRegistry({ kernels: [simd] })`.
 * @public
 */
export const simd: SimdProvider = createSimd();
