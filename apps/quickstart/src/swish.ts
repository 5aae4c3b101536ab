import {
  ActivationBase,
  definePlugin,
  numberField,
  parseConfig,
  type ComputeContext,
  type ConfigSpec,
  type GradientWriter,
} from '@rectify/core';

/** Swish's hyperparameter. */
export interface SwishConfig {
  /** The sharpness β in x·σ(βx). */
  beta: number;
}

const fields: ConfigSpec<SwishConfig> = {
  beta: numberField(1, 'Sharpness β of x·σ(βx); β = 1 is SiLU.', { min: 0, max: 100 }),
};

/** σ(v) = 1 / (1 + e^−v), evaluated without overflow on either side. */
function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

class Swish extends ActivationBase<SwishConfig> {
  constructor(config?: Partial<SwishConfig>) {
    super('swish', parseConfig('swish', fields, config));
  }

  gain(): number {
    return 1;
  }

  protected override compute({ x, y }: ComputeContext): GradientWriter {
    const { beta } = this.config;
    for (let i = 0; i < y.length; i++) {
      const v = x.data[i] as number;
      y[i] = v * sigmoid(beta * v);
    }
    return (dy, dx) => {
      for (let i = 0; i < dx.length; i++) {
        const v = x.data[i] as number;
        const s = sigmoid(beta * v);
        dx[i] = (dy[i] as number) * (s + beta * v * s * (1 - s));
      }
    };
  }
}

/**
 * A custom activation defined in an app, registered exactly like the built-in
 * ones: Swish, y = x·σ(βx) (Ramachandran, Zoph & Le 2017).
 */
export const swish = definePlugin({
  name: 'swish',
  aliases: ['SiLU', 'Swish'],
  summary: 'Swish: x·σ(βx).',
  reference: 'Ramachandran, Zoph & Le, "Searching for Activation Functions", 2017.',
  fields,
  traits: {
    elementwise: true,
    stochastic: false,
    propagatesNaN: true,
    // d/dx x·σ(βx) = s + βx·s(1 − s) peaks at about 1.0998 whatever β is.
    lipschitz: () => 1.1,
    kinks: () => [],
  },
  create: (config?: Partial<SwishConfig>) => new Swish(config),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    swish: SwishConfig;
  }
}
