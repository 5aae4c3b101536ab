/**
 * Activations that declare the optional traits (range, direction, symmetry,
 * asymptotes, distribution), for the kit's own tests: each correct unless an
 * option breaks it on purpose.
 */
import {
  ActivationBase,
  axisLayout,
  defineElementwise,
  definePlugin,
  integerField,
  numberField,
  parseConfig,
  type ComputeContext,
  type GradientWriter,
} from '@rectify/core';

/** The logistic sigmoid, computed without overflow on either side. */
function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** How {@link sigmoid} may be broken. */
export interface SigmoidBugs {
  /** Scales every output by 1 + 2⁻²⁰, so that it overshoots 1 as it saturates. */
  readonly overshoot?: boolean;
  /** Computes σ(x + 1e-4): still increasing, bounded and saturating, but no longer σ(−x) = 1 − σ(x). */
  readonly shifted?: boolean;
}

/** σ(x) = 1/(1 + e⁻ˣ): range [0, 1], increasing, odd about ½, lines 1 at +∞ and 0 at −∞. */
export function sigmoid(name: string, bugs: SigmoidBugs = {}) {
  const f = (x: number) => logistic(bugs.shifted ? x + 1e-4 : x) * (bugs.overshoot ? 1 + 2 ** -20 : 1);
  return defineElementwise({
    name,
    summary: name,
    fields: {},
    f,
    df: (x) => {
      const s = logistic(bugs.shifted ? x + 1e-4 : x);
      return s * (1 - s) * (bugs.overshoot ? 1 + 2 ** -20 : 1);
    },
    gain: 1,
    traits: {
      lipschitz: () => 0.25,
      range: () => [0, 1],
      monotonic: () => 'increasing',
      symmetry: () => ({ kind: 'odd', center: 0.5 }),
      asymptotes: () => ({ positive: { slope: 0, intercept: 1 }, negative: { slope: 0, intercept: 0 } }),
    },
  });
}

/** How {@link tanhLike} may be broken. */
export interface TanhBugs {
  /** Subtracts 1.5·x·e^(−x²): still odd, bounded and saturating, but decreasing near 0. */
  readonly dip?: boolean;
}

/** tanh: range [−1, 1], increasing, odd about 0, lines ±1. */
export function tanhLike(name: string, bugs: TanhBugs = {}) {
  const bump = (x: number) => (bugs.dip ? 1.5 * (x * Math.exp(-x * x)) : 0);
  return defineElementwise({
    name,
    summary: name,
    fields: {},
    f: (x) => Math.tanh(x) - bump(x),
    df: (x) => {
      const t = Math.tanh(x);
      return 1 - t * t - (bugs.dip ? 1.5 * (1 - 2 * x * x) * Math.exp(-x * x) : 0);
    },
    gain: 1,
    traits: {
      lipschitz: () => 2,
      range: () => [-1, 1],
      monotonic: () => 'increasing',
      symmetry: () => ({ kind: 'odd', center: 0 }),
      asymptotes: () => ({ positive: { slope: 0, intercept: 1 }, negative: { slope: 0, intercept: -1 } }),
    },
  });
}

/** softsign x/(1 + |x|): approaches ±1 only as 1/|x|, so float64 reaches its lines near 2⁵⁴. */
export const softsign = defineElementwise({
  name: 'softsign_t',
  summary: 'x / (1 + |x|)',
  fields: {},
  f: (x) => x / (1 + Math.abs(x)),
  df: (x) => 1 / (1 + Math.abs(x)) ** 2,
  gain: 1,
  traits: {
    lipschitz: () => 1,
    range: () => [-1, 1],
    monotonic: () => 'increasing',
    symmetry: () => ({ kind: 'odd', center: 0 }),
    asymptotes: () => ({ positive: { slope: 0, intercept: 1 }, negative: { slope: 0, intercept: -1 } }),
  },
});

/** e^(−x²): range [0, 1], even, line 0 on both sides, not monotonic. */
export const gaussian = defineElementwise({
  name: 'gaussian_t',
  summary: 'exp(−x²)',
  fields: {},
  f: (x) => Math.exp(-x * x),
  df: (x, y) => -2 * x * y,
  gain: 1,
  traits: {
    lipschitz: () => 1,
    range: () => [0, 1],
    symmetry: () => ({ kind: 'even' }),
    asymptotes: () => ({ positive: { slope: 0, intercept: 0 }, negative: { slope: 0, intercept: 0 } }),
  },
});

/** How {@link softplus} may be broken. */
export interface SoftplusBugs {
  /** Clamps its input at 50 before the exp, as a careless guard against overflow would: flat beyond 50. */
  readonly flattens?: boolean;
  /**
   * PyTorch's formula: log1p(e^(βx))/β up to βx = 20, then x, with a kink
   * declared at 20/β; in float64 f(20) = 20.000000002 \> f(20⁺) for β = 1.
   */
  readonly threshold?: boolean;
  /** Gives NaN for 1e3 \< |x| \< 1e5, short of where the lines are checked for closeness. */
  readonly nanWindow?: boolean;
  /** Computes log(1 + e^(βx))/β as written, so e^(βx) overflows to ∞ from βx ≈ 710. */
  readonly naive?: boolean;
}

/**
 * softplus log(1 + e^(βx))/β, as max(x, 0) + log1p(e^(−β|x|))/β (no
 * threshold, so monotonic to the last rounding): range [0, ∞], increasing,
 * lines x at +∞ and 0 at −∞, reached later the smaller β is.
 */
export function softplus(name: string, bugs: SoftplusBugs = {}) {
  const clamp = (x: number) => (bugs.flattens ? Math.min(x, 50) : x);
  return defineElementwise({
    name,
    summary: name,
    fields: { beta: numberField(1, 'Sharpness.', { min: 1 / 64, max: 64 }) },
    f: (x, { beta }) => {
      if (bugs.nanWindow && Math.abs(x) > 1e3 && Math.abs(x) < 1e5) return Number.NaN;
      if (bugs.threshold) return beta * x > 20 ? x : Math.log1p(Math.exp(beta * x)) / beta;
      if (bugs.naive) return Math.log(1 + Math.exp(beta * x)) / beta;
      const v = clamp(x);
      return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(beta * v))) / beta;
    },
    df: (x, _y, { beta }) => (bugs.flattens && x > 50 ? 0 : logistic(beta * x)),
    gain: 1,
    traits: {
      lipschitz: () => 1,
      kinks: ({ config }) => (bugs.threshold ? [20 / config.beta] : []),
      range: () => [0, Infinity],
      monotonic: () => 'increasing',
      asymptotes: () => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: 0 } }),
    },
  });
}

/**
 * hardswish x·min(max(x + 3, 0), 6)/6, in the order PyTorch computes it: x·6
 * overflows before the division for x above a sixth of the largest value, so
 * hardswish(1.7e308) is ∞ in float64 (PyTorch's is in both dtypes) although
 * its line is y = x.
 */
export const hardswish = defineElementwise({
  name: 'hardswish_t',
  summary: 'x·relu6(x + 3)/6',
  fields: {},
  f: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
  df: (x) => (x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6),
  gain: 1,
  traits: {
    lipschitz: () => 1.5,
    kinks: () => [-3, 3],
    range: () => [-0.375, Infinity],
    asymptotes: () => ({ positive: { slope: 1, intercept: 0 }, negative: { slope: 0, intercept: 0 } }),
  },
});

/**
 * A clamp to [−1, maxVal] whose float32 path clamps at fround(maxVal), as
 * PyTorch's hardtanh does: above maxVal when float32 cannot hold it (0.1).
 */
export const clamp = defineElementwise({
  name: 'clamp_t',
  summary: 'min(max(x, −1), maxVal)',
  fields: { maxVal: numberField(0.1, 'Upper bound.', { min: 0, max: 64 }) },
  f: (x, { maxVal }) => (Number.isNaN(x) ? x : Math.min(Math.max(x, -1), maxVal)),
  df: (x, _y, { maxVal }) => (x > -1 && x < maxVal ? 1 : 0),
  float32: ({ maxVal }) => ({ maxVal: Math.fround(maxVal) }),
  gain: 1,
  traits: {
    lipschitz: () => 1,
    kinks: ({ config }) => [-1, config.maxVal],
    range: ({ config }) => [-1, config.maxVal],
    monotonic: () => 'increasing',
  },
});

/** How {@link softmax} may be broken. */
export interface SoftmaxBugs {
  /** Leaves out the division by the sum (the subtraction of its log, for log-probabilities). */
  readonly unnormalised?: boolean;
}

interface SoftmaxConfig {
  readonly axis: number;
}

const softmaxFields = { axis: integerField(-1, 'The axis each distribution lies along.', { min: -4, max: 3 }) };

/** softmax (or log_softmax) along an axis: each slice a probability vector (or its log). */
export function softmax(name: string, kind: 'probabilities' | 'log-probabilities', bugs: SoftmaxBugs = {}) {
  const log = kind === 'log-probabilities';
  class Softmax extends ActivationBase<SoftmaxConfig> {
    constructor(config: Readonly<SoftmaxConfig>) {
      super(name, config);
    }
    gain() {
      return 1;
    }
    override outputShape(inputShape: readonly number[]): number[] {
      axisLayout(name, inputShape, this.config.axis);
      return [...inputShape];
    }
    protected override compute({ x, y }: ComputeContext): GradientWriter {
      const { outer, channels, inner } = axisLayout(name, x.shape, this.config.axis);
      const at = (o: number, c: number, i: number) => (o * channels + c) * inner + i;
      // Each slice in float64, stored once in the dtype; p holds the probabilities for the backward.
      const p = new Float64Array(x.data.length);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let max = -Infinity;
          for (let c = 0; c < channels; c++) max = Math.max(max, x.data[at(o, c, i)] as number);
          let sum = 0;
          for (let c = 0; c < channels; c++) sum += Math.exp((x.data[at(o, c, i)] as number) - max);
          const scale = bugs.unnormalised ? 1 : sum;
          for (let c = 0; c < channels; c++) {
            const j = at(o, c, i);
            const shifted = (x.data[j] as number) - max;
            p[j] = Math.exp(shifted) / scale;
            y[j] = log ? shifted - (bugs.unnormalised ? 0 : Math.log(sum)) : (p[j] as number);
          }
        }
      }
      return (dy, dx) => {
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < inner; i++) {
            let dot = 0;
            for (let c = 0; c < channels; c++) dot += (dy[at(o, c, i)] as number) * (log ? 1 : (p[at(o, c, i)] as number));
            for (let c = 0; c < channels; c++) {
              const j = at(o, c, i);
              const pj = p[j] as number;
              dx[j] = log ? (dy[j] as number) - (bugs.unnormalised ? 0 : pj * dot) : pj * ((dy[j] as number) - (bugs.unnormalised ? 0 : dot));
            }
          }
        }
      };
    }
  }
  return definePlugin({
    name,
    aliases: [],
    summary: name,
    fields: softmaxFields,
    traits: {
      elementwise: false,
      stochastic: false,
      propagatesNaN: true,
      lipschitz: () => (log ? 2 : 1),
      kinks: () => [],
      distribution: (activation) => ({ kind, axis: activation.config.axis }),
    },
    create: (config?: Partial<SoftmaxConfig>) => new Softmax(parseConfig(name, softmaxFields, config)),
  });
}
