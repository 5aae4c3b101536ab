/**
 * Activations and kernel providers for the kit's own tests, each correct
 * unless an option breaks it on purpose.
 */
import {
  ActivationBase,
  RectifyError,
  createParameter,
  defineElementwise,
  definePlugin,
  dtypeOf,
  numberField,
  parseConfig,
  plainKernels,
  uniform01,
  type BackwardKernel,
  type ComputeContext,
  type ConfigSpec,
  type FloatArray,
  type ForwardKernel,
  type GradientWriter,
  type Kernel,
  type KernelProvider,
  type Kernels,
  type RandomSource,
  type Tensor,
} from '@rectify/core';

/** How {@link leaky} may be broken. */
export interface LeakyBugs {
  /** Its backward uses slope 1 wherever the configured slope is above 1. */
  readonly ignoreSlopeAbove1?: boolean;
}

/** Leaky ReLU with its slope as a config field: x \> 0 ? x : slope·x. */
export function leaky(name: string, bugs: LeakyBugs = {}) {
  return defineElementwise({
    name,
    summary: name,
    fields: { slope: numberField(0.01, 'Slope of the negative side.') },
    f: (x, { slope }) => (x > 0 ? x : slope * x),
    df: (x, _y, { slope }) => (x > 0 ? 1 : bugs.ignoreSlopeAbove1 && slope > 1 ? 1 : slope),
    traits: { lipschitz: (activation) => Math.max(1, Math.abs(activation.config.slope)), kinks: () => [0] },
    gain: 1,
  });
}

/** How {@link leakyProvider}'s kernels may be broken. */
export interface LeakyKernelBugs {
  /** The forward flips the sign of y at this index. */
  readonly flipSignAt?: number;
  /** The backward passes dy through at x = 0, as if the gradient there were 1. */
  readonly gradientOneAtZero?: boolean;
  /** The forward writes 42 into y[0] when y lies in this buffer (an arena). */
  readonly wrongInArena?: ArrayBuffer;
}

/**
 * A provider of {@link leaky}'s forward and backward kernels, which decline
 * inputs under 64 elements as fast kernels may.
 */
export function leakyProvider(activation: string, bugs: LeakyKernelBugs = {}): KernelProvider {
  return {
    name: `leaky kernels${Object.keys(bugs).length > 0 ? ` (${Object.keys(bugs).join(', ')})` : ''}`,
    kernel(key, config): Kernel | undefined {
      if (key.activation !== activation) return undefined;
      const { slope } = config as { slope: number };
      if (key.op === 'forward') {
        const forward: ForwardKernel = (x, y) => {
          if (x.length < 64) return false;
          for (let i = 0; i < x.length; i++) y[i] = (x[i] as number) > 0 ? (x[i] as number) : slope * (x[i] as number);
          if (bugs.flipSignAt !== undefined && bugs.flipSignAt < y.length) y[bugs.flipSignAt] = -(y[bugs.flipSignAt] as number);
          if (bugs.wrongInArena !== undefined && y.buffer === bugs.wrongInArena) y[0] = 42;
          return true;
        };
        return forward;
      }
      if (key.op === 'backward') {
        const backward: BackwardKernel = (x, dy, dx) => {
          if (x.length < 64) return false;
          for (let i = 0; i < x.length; i++) {
            const v = x[i] as number;
            dx[i] = bugs.gradientOneAtZero && v === 0 ? (dy[i] as number) : (dy[i] as number) * (v > 0 ? 1 : slope);
          }
          return true;
        };
        return backward;
      }
      return undefined;
    },
  };
}

/**
 * A bump allocator over one buffer, standing in for a WebAssembly arena: the
 * `place` option of the kit copies tensors into it.
 */
export function createArena(bytes = 1 << 20) {
  const buffer = new ArrayBuffer(bytes);
  let offset = 0;
  const place = (data: FloatArray, shape: readonly number[]): Tensor => {
    const size = data.BYTES_PER_ELEMENT * data.length;
    if (offset + size > bytes) offset = 0;
    const placed = data instanceof Float32Array ? new Float32Array(buffer, offset, data.length) : new Float64Array(buffer, offset, data.length);
    placed.set(data);
    offset += Math.ceil(size / 8) * 8;
    return { data: placed, shape: [...shape] };
  };
  return { buffer, place };
}

/** RReLU-like bounds: the slope of training mode is drawn from [lower, upper]. */
interface NoisyConfig {
  readonly lower: number;
  readonly upper: number;
}

const noisyFields = {
  lower: numberField(0.5, 'Smallest slope drawn in training.'),
  upper: numberField(1.5, 'Largest slope drawn in training; at least lower.'),
};

/** The training forward as a kernel: y = s·x with one slope s per element drawn in order, the slopes written out. */
type TrainKernel = (x: FloatArray, y: FloatArray, slopes: Float64Array, rng: RandomSource) => boolean;

/** How {@link noisy} may be broken. */
export interface NoisyBugs {
  /** Its training backward uses the eval slope instead of the drawn ones. */
  readonly evalSlopeInTrainingBackward?: boolean;
}

/**
 * A stochastic activation: y = s·x, where s is (lower + upper)/2 in eval mode
 * and drawn per element from [lower, upper] in training; its training
 * forward runs a provider's `train-forward` kernel when there is one.
 */
export function noisy(name: string, bugs: NoisyBugs = {}) {
  const validate = (input: unknown): Readonly<NoisyConfig> => {
    const config = parseConfig(name, noisyFields, input);
    if (config.lower > config.upper) throw new RectifyError('INVALID_CONFIG', `${name}: lower must be ≤ upper`, { field: 'lower', value: config.lower });
    return config;
  };
  class Noisy extends ActivationBase<NoisyConfig> {
    constructor(config: Readonly<NoisyConfig>, kernels: Kernels) {
      super(name, config, [], 0, kernels);
    }
    gain() {
      return 1;
    }
    protected override compute({ x, y, training, rng }: ComputeContext): GradientWriter {
      const { lower, upper } = this.config;
      const mid = (lower + upper) / 2;
      const slopes = new Float64Array(x.data.length).fill(mid);
      if (training) {
        const kernel = this.kernels.find<TrainKernel>(name, 'train-forward', dtypeOf(x.data), this.config);
        if (kernel === undefined || !kernel(x.data, y, slopes, rng)) {
          for (let i = 0; i < x.data.length; i++) slopes[i] = lower + (upper - lower) * uniform01(rng);
          for (let i = 0; i < x.data.length; i++) y[i] = (slopes[i] as number) * (x.data[i] as number);
        }
      } else {
        for (let i = 0; i < x.data.length; i++) y[i] = mid * (x.data[i] as number);
      }
      return (dy, dx) => {
        for (let i = 0; i < dy.length; i++) dx[i] = (dy[i] as number) * (bugs.evalSlopeInTrainingBackward ? mid : (slopes[i] as number));
      };
    }
  }
  return definePlugin({
    name,
    aliases: [],
    summary: name,
    fields: noisyFields,
    traits: {
      elementwise: true,
      stochastic: true,
      propagatesNaN: true,
      lipschitz: (activation) => Math.max(Math.abs(activation.config.lower), Math.abs(activation.config.upper)),
      kinks: () => [],
    },
    validate,
    create: (config?: Partial<NoisyConfig>, context?) => new Noisy(validate(config), context?.kernels ?? plainKernels),
  });
}

/** How {@link noisyProvider}'s kernel may be broken. */
export interface NoisyKernelBugs {
  /** Draws one number more than it uses, so the generator is left elsewhere. */
  readonly extraDraw?: boolean;
  /** Hands the slopes out from the last element to the first. */
  readonly reversed?: boolean;
}

/** A provider of {@link noisy}'s training forward. */
export function noisyProvider(activation: string, bugs: NoisyKernelBugs = {}): KernelProvider {
  return {
    name: `noisy kernels${Object.keys(bugs).length > 0 ? ` (${Object.keys(bugs).join(', ')})` : ''}`,
    kernel(key, config): Kernel | undefined {
      if (key.activation !== activation || key.op !== 'train-forward') return undefined;
      const { lower, upper } = config as NoisyConfig;
      const train: TrainKernel = (x, y, slopes, rng) => {
        if (x.length < 64) return false;
        const n = x.length;
        for (let i = 0; i < n; i++) slopes[bugs.reversed ? n - 1 - i : i] = lower + (upper - lower) * uniform01(rng);
        if (bugs.extraDraw) rng.next();
        for (let i = 0; i < n; i++) y[i] = (slopes[i] as number) * (x[i] as number);
        return true;
      };
      return train;
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoConfig = {};
const noFields: ConfigSpec<NoConfig> = {};

/** The weight gradient as a kernel: writes Σ dy·x into sum[0]. */
type SumKernel = (x: FloatArray, dy: FloatArray, sum: Float64Array) => boolean;

/**
 * y = a·x with one learnable scalar a, whose weight gradient Σ dy·x runs a
 * provider's `weight-gradient` kernel when there is one.
 */
export function scale(name: string) {
  class Scale extends ActivationBase<NoConfig> {
    readonly #sum = new Float64Array(1);
    constructor(kernels: Kernels) {
      super(name, parseConfig(name, noFields, {}), [createParameter('a', [1], 0.75)], 0, kernels);
    }
    gain() {
      return 1;
    }
    protected override compute({ x, y }: ComputeContext): GradientWriter {
      const a = this.parameters[0]!;
      for (let i = 0; i < y.length; i++) y[i] = (x.data[i] as number) * a.data[0]!;
      return (dy, dx) => {
        for (let i = 0; i < dy.length; i++) dx[i] = (dy[i] as number) * a.data[0]!;
        const kernel = this.kernels.find<SumKernel>(name, 'weight-gradient', dtypeOf(x.data), this.config);
        if (kernel === undefined || !kernel(x.data, dy, this.#sum)) {
          let sum = 0;
          for (let i = 0; i < dy.length; i++) sum += (dy[i] as number) * (x.data[i] as number);
          this.#sum[0] = sum;
        }
        a.grad.data[0] = a.grad.data[0]! + this.#sum[0]!;
      };
    }
  }
  return definePlugin({
    name,
    aliases: [],
    summary: name,
    fields: noFields,
    traits: { elementwise: true, stochastic: false, propagatesNaN: true, lipschitz: (activation) => Math.abs(activation.parameters[0]!.data[0]!), kinks: () => [] },
    parameterShapes: () => ({ a: [1] }),
    create: (_config?: Partial<NoConfig>, context?) => new Scale(context?.kernels ?? plainKernels),
  });
}

/** A provider of {@link scale}'s weight gradient; `reversed` sums from the last element, which rounds differently. */
export function scaleProvider(activation: string, reversed = false): KernelProvider {
  return {
    name: reversed ? 'scale kernels (reversed sum)' : 'scale kernels',
    kernel(key): Kernel | undefined {
      if (key.activation !== activation || key.op !== 'weight-gradient') return undefined;
      const kernel: SumKernel = (x, dy, sum) => {
        if (x.length < 64) return false;
        let total = 0;
        if (reversed) for (let i = x.length - 1; i >= 0; i--) total += (dy[i] as number) * (x[i] as number);
        else for (let i = 0; i < x.length; i++) total += (dy[i] as number) * (x[i] as number);
        sum[0] = total;
        return true;
      };
      return kernel;
    },
  };
}
