import { L, defineElementwise, tanhF32, tanhF64, tanhGradF32, tanhGradF64, type ActivationPlugin } from '@rectify/core';

/**
 * Tanh takes no hyperparameters.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TanhConfig {}

/**
 * The Tanh plugin: `tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)`.
 *
 * @remarks
 * Forward: core's `tanhF64` in float64 (below). In float32, core's `tanhF32`: an odd
 * polynomial below |x| = 0.5625, (1 − e)/(1 + e) from e = e^(−2|x|) above,
 * with the sign of x, within about an ulp, step for step what
 * `@rectify/simd`'s kernels compute, so they give the same bits.
 * tanh(−0) = −0, tanh(±∞) = ±1, NaN stays NaN.
 *
 * Backward: dx = dy·(1 − y²), from the output y as stored, which is what
 * `torch.tanh`'s backward (`tanh_backward`) computes. PyTorch's CPU kernel
 * rounds 1 − y² once (its compiler fuses the multiply and the subtraction);
 * in float32 Rectify does the same (y² of a float32 y is exact in float64),
 * so float32 gradients equal PyTorch's bit for bit wherever y does. In
 * float64 1 − y² is rounded once too (Dekker's exact y², then one
 * subtraction), so dx equals PyTorch's wherever y does. Once y is ±1 (|x| ≥ 9.01 in float32, about 19.1 in float64) the
 * gradient is dy·0, a zero with the sign of dy, as in PyTorch; at NaN it is NaN.
 *
 * Values differ from `torch.tanh`'s by an ulp or two in float64 (PyTorch
 * evaluates tanh with SLEEF's vectorised approximation, Rectify with
 * `tanhF64`) and by a few in float32 (`tanhF32`'s own error).
 *
 * In float64 the forward is core's `tanhF64` (an odd polynomial below
 * |x| = 0.5625, 1 − 2e/(1 + e) from e = e^(−2|x|) above, within 2 ulps and
 * correctly rounded but in rare ties near ±1, where the gradient cancels)
 * and the backward dy·(1 − y²) with 1 − y² rounded once, as PyTorch's fused
 * kernel rounds it (`tanhGradF64`), the bits of `@rectify/simd`'s float64
 * kernels.
 *
 * Canonical name `tanh`; alias `Tanh`. Gain 5/3, as
 * `torch.nn.init.calculate_gain('tanh')`. Lipschitz constant 1 (the slope
 * at 0); range [−1, 1]; increasing; odd about 0; asymptotes y = ±1.
 * Lowered to ONNX `Tanh`, with the backward dy·(1 − y²) (ONNX has no
 * gradients of its own).
 *
 * Recommended for hidden layers over the logistic sigmoid by LeCun, Bottou,
 * Orr & Müller (1998), "Efficient BackProp".
 *
 * @example
 * ```ts
 * import { createRegistry, tensor } from '@rectify/core';
 * import { tanh } from '@rectify/tanh';
 *
 * const act = createRegistry().use(tanh).create('tanh');
 * const { y, backward } = act.forward(tensor([-20, -0.5, 0, 0.5, 20]));
 * // y: [-1, -0.4621171572600098, 0, 0.4621171572600098, 1]
 * const dx = backward(tensor([1, 1, 1, 1, 1])); // [0, 0.7864477329659274, 1, 0.7864477329659274, 0]
 * ```
 * @public
 */
export const tanh: ActivationPlugin<'tanh', TanhConfig> = defineElementwise({
  name: 'tanh',
  displayName: 'Tanh',
  aliases: ['Tanh'],
  summary: 'Hyperbolic tangent: (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ).',
  reference: 'LeCun, Bottou, Orr & Müller, "Efficient BackProp", in Neural Networks: Tricks of the Trade, Springer 1998.',
  fields: {},
  f: (x) => Math.tanh(x),
  df: (_x, y) => 1 - y * y,
  traits: {
    lipschitz: () => 1,
    range: () => [-1, 1],
    monotonic: () => 'increasing',
    symmetry: () => ({ kind: 'odd', center: 0 }),
    asymptotes: () => ({ positive: { slope: 0, intercept: 1 }, negative: { slope: 0, intercept: -1 } }),
  },
  gain: 5 / 3,
  loops: {
    // core's tanhF32/tanhF64 and PyTorch's backward in each dtype, the bits of @rectify/simd's kernels.
    forward: (_config, dtype) =>
      dtype === 'float32'
        ? (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = tanhF32(x[i] as number);
          }
        : (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = tanhF64(x[i] as number);
          },
    // dy·(1 − y²) with 1 − y² rounded once to the dtype, as PyTorch's fused kernel rounds it; y as the forward stored it.
    backward: (_config, dtype) =>
      dtype === 'float32'
        ? (x, dy, dx) => {
            for (let i = 0; i < x.length; i++) dx[i] = tanhGradF32(tanhF32(x[i] as number), dy[i] as number);
          }
        : (x, dy, dx) => {
            for (let i = 0; i < x.length; i++) dx[i] = tanhGradF64(tanhF64(x[i] as number), dy[i] as number);
          },
  },
  lowering: () => ({
    forward: L.op('Tanh', [L.x]),
    backward: L.mul(L.dy, L.op('Sub', [L.c(1), L.mul(L.y, L.y)])),
  }),
});

declare module '@rectify/core' {
  interface ActivationConfigMap {
    tanh: TanhConfig;
  }
}
