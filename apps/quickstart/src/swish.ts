import { defineElementwise, numberField } from '@rectify/core';

/** σ(v) = 1 / (1 + e^−v), evaluated without overflow on either side. */
function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/**
 * A custom activation defined in an app, registered exactly like the built-in
 * ones: Swish, y = x·σ(βx) (Ramachandran, Zoph & Le 2017), written as its
 * maths alone.
 */
export const swish = defineElementwise({
  name: 'swish',
  aliases: ['SiLU', 'Swish'],
  summary: 'Swish: x·σ(βx).',
  reference: 'Ramachandran, Zoph & Le, "Searching for Activation Functions", 2017.',
  fields: {
    beta: numberField(1, 'Sharpness β of x·σ(βx); β = 1 is SiLU.', { min: 0, max: 100 }),
  },
  f: (x, { beta }) => x * sigmoid(beta * x),
  df: (x, _y, { beta }) => {
    const s = sigmoid(beta * x);
    return s + beta * x * s * (1 - s);
  },
  // d/dx x·σ(βx) = s + βx·s(1 − s) peaks at about 1.0998 whatever β is.
  traits: { lipschitz: () => 1.1 },
  gain: 1,
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    swish: { readonly beta: number };
  }
}
