/**
 * RReLU, the randomized leaky rectifier, as a Rectify plugin.
 *
 * @packageDocumentation
 */
import {
  ActivationBase,
  RectifyError,
  definePlugin,
  describeValue,
  integerField,
  leakyBackward,
  leakyForward,
  leakyGain,
  numberField,
  parseConfig,
  plainKernels,
  type BackwardKernel,
  type ComputeContext,
  type ConfigSpec,
  type CreateContext,
  type FloatArray,
  type ForwardKernel,
  type GradientWriter,
  type Kernels,
  type RandomSource,
  type Tensor,
} from '@rectify/core';
import { rreluTrainBackward, rreluTrainRounded, type RreluTrainBackwardKernel, type RreluTrainForwardKernel } from './kernels.js';
import { rreluLowering } from './lowering.js';

export type { RreluTrainBackwardKernel, RreluTrainForwardKernel } from './kernels.js';

/**
 * Hyperparameters of RReLU.
 *
 * @remarks
 * `lower` and `upper` are PyTorch's `lower` and `upper`: any finite numbers
 * with `lower ≤ upper` (equal bounds give a fixed slope; negative bounds are
 * allowed). `seed` is a Rectify addition: PyTorch draws from its global
 * generator, whereas each Rectify activation owns a seeded one.
 * @public
 */
export interface RreluConfig {
  /**
   * Lower bound of the negative-side slope drawn in training mode.
   * @defaultValue `1/8` (0.125), as in PyTorch
   */
  readonly lower: number;
  /**
   * Upper bound of the negative-side slope drawn in training mode; at least `lower`.
   * @defaultValue `1/3`, as in PyTorch
   */
  readonly upper: number;
  /**
   * Seed of the activation's own generator, used in training mode when a call
   * passes no `rng`. A 32-bit signed integer, from −2^31 to 2^31 − 1, so that
   * no two accepted seeds give the same generator.
   * @defaultValue `0`
   */
  readonly seed: number;
}

const fields: ConfigSpec<RreluConfig> = {
  lower: numberField(1 / 8, 'Lower bound of the random negative-side slope drawn in training mode.'),
  upper: numberField(1 / 3, 'Upper bound of the random negative-side slope drawn in training mode; at least lower.'),
  seed: integerField(0, 'Seed of the generator the activation owns, used in training mode when a call passes no rng.', {
    min: -(2 ** 31),
    max: 2 ** 31 - 1,
  }),
};

/**
 * Checks an RReLU config field by field, then that `lower ≤ upper`.
 * @param input - Untrusted config; `undefined` means all defaults.
 */
function parseRreluConfig(input: unknown): Readonly<RreluConfig> {
  const config = parseConfig('rrelu', fields, input);
  if (config.lower > config.upper) {
    throw new RectifyError(
      'INVALID_CONFIG',
      `rrelu: config.lower must be ≤ config.upper, got lower = ${describeValue(config.lower)} and upper = ${describeValue(config.upper)}`,
      { field: 'lower', value: config.lower },
    );
  }
  return config;
}

/**
 * An RReLU instance; create one with `rrelu.create(config)` or
 * `registry.create('rrelu', config)`.
 *
 * @remarks
 * **Eval mode** (the default, `training: false`) is Leaky ReLU with the mean
 * slope s = (lower + upper)/2, computed in float64 and, for float32 data,
 * rounded to float32: y = x where x \> 0, else x·s; dx = dy where x \> 0, else
 * dy·s. So the gradient at ±0 is s, and where x is NaN, y is NaN and dx = dy·s,
 * as PyTorch's `leaky_relu_backward` gives them.
 *
 * **Training mode** (`training: true`) draws, for each element with x ≤ 0
 * (−0 included), its own slope r = lower + (upper − lower)·u, with u uniform
 * on [0, 1) (a multiple of 2^−53) from the call's `rng` or, when the call
 * passes none, from the activation's own generator; then y = x·r. Elements
 * with x \> 0 pass through, and so does NaN, which is not ≤ 0. The backward of
 * the call reuses that call's slopes: dx = dy·r where a slope was drawn (so the
 * gradient at ±0 is r), and exactly dy elsewhere (NaN included). Later forward
 * calls do not disturb it.
 *
 * The arithmetic is PyTorch's CPU `rrelu_with_noise` in float32 and float64:
 * for float32 data, `lower` and `upper` are first rounded to float32, r is
 * computed in float64 and rounded to float32, and y = x·r is a float32
 * product. Given the same uniform draws, values and gradients are PyTorch's bit
 * for bit; the draws themselves come from `pure-rand`'s xoroshiro128+, not
 * PyTorch's Mersenne Twister, so a PyTorch seed does not reproduce them. The
 * same Rectify seed gives the same slopes bit for bit on every platform.
 * Two consequences of that arithmetic, shared with PyTorch: with
 * lower = upper = −0 the drawn slope is +0 (u·0 + (−0)) while the eval slope
 * is −0; and bounds so far apart that upper − lower overflows give infinite
 * or NaN slopes in training.
 *
 * **Memory:** each training-mode `forward` allocates one typed array of the
 * input's dtype and length for the slopes (1 where none was drawn); the
 * returned `backward` holds it until it is dropped. `forwardInto` keeps the
 * slopes in one buffer that the activation reuses from call to call (made
 * again only when the dtype or length changes), so it allocates nothing. Eval
 * mode allocates nothing beyond `y`.
 *
 * **Own generator:** a training call without `rng` advances the activation's
 * generator, so successive calls draw fresh slopes. `toJSON` records `seed`,
 * not how far the generator has advanced: a restored activation starts again
 * from the seed. A call with `rng` leaves the own generator untouched.
 * @public
 */
export class Rrelu extends ActivationBase<RreluConfig> {
  /** The eval-mode slope (lower + upper)/2, in float64. */
  readonly evalSlope: number;

  /**
   * @param config - `lower`, `upper` and `seed`; missing fields take their
   * defaults (1/8, 1/3, 0).
   * @param kernels - The kernels to run, from a registry's providers. Defaults
   * to this package's loops. A provider's `rrelu` kernels: `forward` and
   * `backward` (eval mode, as Leaky ReLU's), `train-forward` and
   * `train-backward` (see {@link RreluTrainForwardKernel}).
   * @throws `RectifyError` with code `INVALID_CONFIG`, naming the field for a
   * non-finite bound, a seed that is not a 32-bit integer, an unknown key, or
   * `lower > upper`.
   */
  constructor(config?: Partial<RreluConfig>, kernels: Kernels = plainKernels) {
    const parsed = parseRreluConfig(config);
    super('rrelu', parsed, [], parsed.seed, kernels);
    this.evalSlope = (parsed.lower + parsed.upper) / 2;
    this.#fast = {
      forward32: kernels.find<ForwardKernel>('rrelu', 'forward', 'float32', parsed),
      forward64: kernels.find<ForwardKernel>('rrelu', 'forward', 'float64', parsed),
      backward32: kernels.find<BackwardKernel>('rrelu', 'backward', 'float32', parsed),
      backward64: kernels.find<BackwardKernel>('rrelu', 'backward', 'float64', parsed),
      train32: kernels.find<RreluTrainForwardKernel>('rrelu', 'train-forward', 'float32', parsed),
      train64: kernels.find<RreluTrainForwardKernel>('rrelu', 'train-forward', 'float64', parsed),
      trainBackward32: kernels.find<RreluTrainBackwardKernel>('rrelu', 'train-backward', 'float32', parsed),
      trainBackward64: kernels.find<RreluTrainBackwardKernel>('rrelu', 'train-backward', 'float64', parsed),
    };
    this.#lo32 = Math.fround(parsed.lower);
    this.#range32 = Math.fround(parsed.upper) - this.#lo32;
    this.#lo64 = parsed.lower;
    this.#range64 = parsed.upper - parsed.lower;
  }

  /**
   * The Leaky ReLU gain for the eval slope s = (lower + upper)/2:
   * √(2 / (1 + s²)), as `torch.nn.init.calculate_gain('leaky_relu', s)` gives it.
   *
   * @remarks
   * PyTorch has no gain for RReLU; the mean slope is the one the network uses
   * at inference, so its Leaky ReLU gain is the natural choice. The defaults
   * give s = 11/48 and a gain of about 1.3785. Where s² overflows
   * (|s| \> 1.3·10^154), the gain is √2/|s|, equal to the formula to double
   * precision, rather than 0.
   */
  gain(): number {
    return leakyGain(this.evalSlope);
  }

  /** The slopes of the pending `forwardInto` call in training mode, or `undefined` after one in eval mode; reused while dtype and length stay. */
  #intoNoise: FloatArray | undefined = undefined;
  #noiseBuffer: FloatArray | undefined = undefined;

  /** The bounds rounded to float32 (lower, and upper minus lower in float64), then as float64. */
  readonly #lo32: number;
  readonly #range32: number;
  readonly #lo64: number;
  readonly #range64: number;

  /** A kernel provider's kernels, per dtype, where it has them. */
  readonly #fast: {
    readonly forward32: ForwardKernel | undefined;
    readonly forward64: ForwardKernel | undefined;
    readonly backward32: BackwardKernel | undefined;
    readonly backward64: BackwardKernel | undefined;
    readonly train32: RreluTrainForwardKernel | undefined;
    readonly train64: RreluTrainForwardKernel | undefined;
    readonly trainBackward32: RreluTrainBackwardKernel | undefined;
    readonly trainBackward64: RreluTrainBackwardKernel | undefined;
  };

  /** The training forward, with the bounds of the input's dtype read from fields: nothing to box per call. */
  #train(input: FloatArray, y: FloatArray, noise: FloatArray, rng: RandomSource): void {
    if (input instanceof Float32Array) {
      const kernel = this.#fast.train32;
      if (kernel === undefined || !kernel(input, y, noise, this.#lo32, this.#range32, rng)) rreluTrainRounded(input, y, noise, this.#lo32, this.#range32, rng);
    } else {
      const kernel = this.#fast.train64;
      if (kernel === undefined || !kernel(input, y, noise, this.#lo64, this.#range64, rng)) rreluTrainRounded(input, y, noise, this.#lo64, this.#range64, rng);
    }
  }

  /** The training backward, dx = dy·noise. */
  #trainBackward(noise: FloatArray, dy: FloatArray, dx: FloatArray): void {
    const kernel = noise instanceof Float32Array ? this.#fast.trainBackward32 : this.#fast.trainBackward64;
    if (kernel === undefined || !kernel(noise, dy, dx)) rreluTrainBackward(noise, dy, dx);
  }

  /** The eval forward: Leaky ReLU with the mean slope. */
  #evalForward(input: FloatArray, y: FloatArray): void {
    const kernel = input instanceof Float32Array ? this.#fast.forward32 : this.#fast.forward64;
    if (kernel === undefined || !kernel(input, y)) leakyForward(input, y, this.evalSlope);
  }

  /** The eval backward. */
  #evalBackward(input: FloatArray, dy: FloatArray, dx: FloatArray): void {
    const kernel = input instanceof Float32Array ? this.#fast.backward32 : this.#fast.backward64;
    if (kernel === undefined || !kernel(input, dy, dx)) leakyBackward(input, dy, dx, this.evalSlope);
  }

  /** @internal */
  protected override compute({ x, y, training, rng }: ComputeContext): GradientWriter {
    const input = x.data;
    if (!training) {
      this.#evalForward(input, y);
      return (dy, dx) => this.#evalBackward(input, dy, dx);
    }
    // Beside the input, where the kernels run best with it (in its arena, so that the backward runs there in place).
    const noise = this.kernels.allocateBeside(input, input.length);
    this.#train(input, y, noise, rng);
    return (dy, dx) => this.#trainBackward(noise, dy, dx);
  }

  /** @internal */
  protected override computeInto({ x, y, training, rng }: ComputeContext): void {
    const input = x.data;
    if (!training) {
      this.#intoNoise = undefined;
      this.#evalForward(input, y);
      return;
    }
    let noise = this.#noiseBuffer;
    // Made again when the input has moved to where the slopes are not beside it (another arena).
    if (noise === undefined || !this.kernels.canReuse(noise, input, input.length)) {
      noise = this.kernels.allocateBeside(input, input.length);
      this.#noiseBuffer = noise;
    }
    this.#train(input, y, noise, rng);
    this.#intoNoise = noise;
  }

  /** @internal */
  protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    const noise = this.#intoNoise;
    if (noise === undefined) this.#evalBackward(x.data, dy, dx);
    else this.#trainBackward(noise, dy, dx);
  }

}

/**
 * The RReLU plugin: the randomized leaky rectifier of Xu, Wang, Chen & Li
 * (2015), "Empirical Evaluation of Rectified Activations in Convolutional
 * Network".
 *
 * @remarks
 * Canonical name `rrelu`; aliases `RReLU`, `randomized_leaky_relu`.
 *
 * - Training: y = x where x \> 0, else x·r with r ~ Uniform(lower, upper)
 *   drawn afresh for every element and call; dx = dy·r there, dy elsewhere.
 * - Eval (the default): y = x where x \> 0, else x·(lower + upper)/2, exactly
 *   Leaky ReLU with that slope.
 *
 * Defaults `lower = 1/8`, `upper = 1/3`, as in PyTorch; `seed = 0` seeds the
 * activation's own generator (a Rectify addition, see {@link RreluConfig}).
 * Gain: the Leaky ReLU gain of the eval slope, √(2 / (1 + s²)) (PyTorch
 * defines none for RReLU). Lipschitz bound max(1, |lower|, |upper|); one kink,
 * at 0. See {@link Rrelu} for NaN, −0, float32 rounding and memory.
 *
 * The slopes are uniform, not Gaussian, whatever some descriptions of RReLU
 * say. RReLU was first proposed and used in the Kaggle National Data Science
 * Bowl (NDSB) competition, and the paper takes its range from the NDSB winner's
 * suggestion: a factor a ~ U(3, 8) that divides x, with x / ((3 + 8)/2) at test
 * time. PyTorch, and Rectify, draw the slope itself between 1/8 and 1/3 and
 * use the mean of the bounds, 11/48, at test time.
 *
 * @example
 * ```ts
 * import { createRegistry, createRng, tensor } from '@rectify/core';
 * import { rrelu } from '@rectify/rrelu';
 *
 * const act = createRegistry().use(rrelu).create('rrelu', { lower: 0.1, upper: 0.3 });
 * const x = tensor([2, -1, 0, -4]);
 *
 * act.forward(x).y; // eval, slope 0.2: [2, -0.2, 0, -0.8]
 *
 * const { y, backward } = act.forward(x, { training: true, rng: createRng(42) });
 * const dx = backward(tensor([1, 1, 1, 1])); // [1, r1, r2, r3], each r in [0.1, 0.3]
 * // y = [2, -r1, 0, -4·r3]
 * ```
 * @public
 */
export const rrelu = definePlugin({
  name: 'rrelu',
  displayName: 'RReLU',
  aliases: ['RReLU', 'randomized_leaky_relu'],
  summary: 'Randomized leaky rectifier: x where x > 0, else x·r, r ~ U(lower, upper) in training and (lower + upper)/2 in eval.',
  reference: 'Xu, Wang, Chen & Li, "Empirical Evaluation of Rectified Activations in Convolutional Network", arXiv:1505.00853, 2015.',
  fields,
  traits: {
    elementwise: true,
    stochastic: true,
    propagatesNaN: true,
    lipschitz: (activation) => Math.max(1, Math.abs(activation.config.lower), Math.abs(activation.config.upper)),
    kinks: () => [0],
  },
  validate: parseRreluConfig,
  lowering: rreluLowering,
  create: (config?: Partial<RreluConfig>, context?: CreateContext) => new Rrelu(config, context?.kernels),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    rrelu: RreluConfig;
  }
}
