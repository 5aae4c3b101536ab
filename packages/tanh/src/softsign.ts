import { L, defineElementwise, type ActivationPlugin } from '@rectify/core';
import { roundingOf } from '@rectify/core';

/**
 * Softsign takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SoftsignConfig {}

/**
 * softsign′ as PyTorch's autograd evaluates it, with each step rounded by
 * `round`: dy/d − dy·((|x|/d)/d) for d = 1 + |x|.
 *
 * @remarks
 * `F.softsign` is the Python expression `x / (x.abs() + 1)`, so its gradient
 * is the chain of `div`'s and `abs`'s: dy/d from the numerator and
 * −dy·((x/d)/d)·sgn(x) from the denominator. The sign function only moves
 * signs, and (x/d)/d is odd, so the second term is −dy·((|x|/d)/d) exactly.
 * At ±∞ it is ∞/∞ = NaN, as in PyTorch; where |x|/d rounds to 1 the two
 * terms cancel to +0.
 */
function softsignGradient(x: number, dy: number, round: (value: number) => number): number {
  const magnitude = Math.abs(x);
  const d = round(1 + magnitude);
  return round(round(dy / d) - round(dy * round(round(magnitude / d) / d)));
}

/** The identity rounding of float64, for the scalar derivative. */
const exact = (value: number): number => value;

/**
 * The Softsign plugin: `softsign(x) = x / (1 + |x|)`.
 *
 * @remarks
 * Forward: x / (1 + |x|), with 1 + |x| rounded to the dtype first, as
 * `torch.nn.functional.softsign` computes it (`x / (x.abs() + 1)`), so
 * values equal PyTorch's bit for bit in float32 and float64. softsign(−0) = −0;
 * softsign(±∞) = ∞/∞ = NaN, as in PyTorch (not ±1); NaN stays NaN.
 *
 * Backward: dy/d − dy·((|x|/d)/d) with d = 1 + |x|, each step rounded to the
 * dtype, which is the chain PyTorch's autograd runs through `div` and `abs`;
 * it is dy / (1 + |x|)² in exact arithmetic, and it matches PyTorch bit for
 * bit, including NaN at ±∞ and +0 where the two terms cancel exactly
 * (|x| ≥ 2^53 in float64, 2^24 in float32, where |x|/d rounds to 1).
 *
 * Canonical name `softsign`; alias `Softsign`. Gain ≈ 2.3375, the
 * variance-preserving 1/√E[softsign(z)²] for z ~ N(0, 1) (PyTorch's
 * `calculate_gain` has no softsign). Lipschitz constant 1 (the slope at 0);
 * range [−1, 1]; increasing; odd about 0; asymptotes y = ±1, reached only as
 * 1/|x| fades. Lowered to Div, Add and Abs, with PyTorch's backward chain.
 *
 * Introduced by Turian, Bergstra & Bengio (2009), "Quadratic Features and
 * Deep Architectures for Chunking", and studied as a tanh alternative by
 * Glorot & Bengio (2010).
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { softsign } from '@rectify/tanh';
 *
 * const act = createRegistry().use(softsign).create('softsign');
 * const { y, backward } = act.forward(tensor([-3, 0, 1]));
 * // y: [-0.75, 0, 0.5]
 * const dx = backward(tensor([1, 1, 1])); // [0.0625, 1, 0.25]
 * ```
 * @public
 */
export const softsign: ActivationPlugin<'softsign', SoftsignConfig> = defineElementwise({
  name: 'softsign',
  displayName: 'Softsign',
  aliases: ['Softsign'],
  summary: 'Softsign: x / (1 + |x|).',
  reference:
    'Turian, Bergstra & Bengio, "Quadratic Features and Deep Architectures for Chunking", NAACL-HLT 2009; Glorot & Bengio, "Understanding the Difficulty of Training Deep Feedforward Neural Networks", AISTATS 2010.',
  fields: {},
  f: (x) => x / (1 + Math.abs(x)),
  df: (x) => softsignGradient(x, 1, exact),
  traits: {
    lipschitz: () => 1,
    range: () => [-1, 1],
    monotonic: () => 'increasing',
    symmetry: () => ({ kind: 'odd', center: 0 }),
    asymptotes: () => ({ positive: { slope: 0, intercept: 1 }, negative: { slope: 0, intercept: -1 } }),
  },
  loops: {
    forward: (_config, dtype) => {
      const round = roundingOf(dtype);
      return (x, y) => {
        for (let i = 0; i < x.length; i++) {
          const v = x[i] as number;
          y[i] = v / round(1 + Math.abs(v));
        }
      };
    },
    backward: (_config, dtype) => {
      const round = roundingOf(dtype);
      return (x, dy, dx) => {
        for (let i = 0; i < x.length; i++) dx[i] = softsignGradient(x[i] as number, dy[i] as number, round);
      };
    },
  },
  lowering: () => {
    const magnitude = L.op('Abs', [L.x]);
    const d = L.op('Add', [L.c(1), magnitude]);
    return {
      forward: L.op('Div', [L.x, d]),
      backward: L.op('Sub', [L.op('Div', [L.dy, d]), L.mul(L.dy, L.op('Div', [L.op('Div', [magnitude, d]), d]))]),
    };
  },
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    softsign: SoftsignConfig;
  }
}
