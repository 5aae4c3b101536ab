/**
 * The smooth float32 kernels and the scalar definition of each in core, with
 * the coefficient sets worth running, and the inputs where the definitions
 * branch or saturate: shared by the kernel tests on every path and on
 * threads.
 */
import {
  eluCoefficients,
  eluF32,
  eluGradF32,
  geluF32,
  geluGradF32,
  geluTanhF32,
  geluTanhGradF32,
  logsigmoidF32,
  logsigmoidGradF32,
  mishF32,
  mishGradF32,
  sigmoidF32,
  sigmoidGradF32,
  siluF32,
  siluGradF32,
  softplusF32,
  softplusGradF32,
  tanhF32,
  tanhGradF32,
} from '@rectify/core';
import type { SmoothKernel } from '../src/wasm.js';

/** Values where the float32 definitions branch or saturate, besides any float32. */
export const EDGES = [
  -0, 0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, 88.72, 88.73, -88.73, -103.9, -104.1, -18, -17.3, 0.5625, -0.5625,
  87.33654, -87.33654, 87.3366, -87.3366,
  0.56249994, 9.01, -9.01, -(2 ** -25), -(2 ** -25) * (1 + 2 ** -23), 1e-20, -1e-20,
  88.72283935546875, 88.7228317, 20, 20.000002, 8.664168357849121, 8.664167404174805, 10, 10.000001, -120, -120.00001, -110, 177.44568, 177.4456,
  16, -16, 16.000002, -14.42, -14.43, -13.1, 1.8e19, -1.8e19, 2e19, -2e19, -10.04, -10.05, 4.88,
].map(Math.fround);

/** Each kernel with its scalar definition from core: a forward f(x), a backward f′ from (x, dy). */
export interface SmoothCase {
  readonly label: string;
  readonly kernel: SmoothKernel;
  readonly backward: boolean;
  readonly c: readonly [number, number, number];
  readonly scalar: (x: number, dy: number) => number;
}

export const SMOOTH_CASES: SmoothCase[] = [
  { label: 'sigmoid', kernel: 'sigmoid_f32', backward: false, c: [0, 0, 0], scalar: (x) => sigmoidF32(x) },
  { label: 'sigmoid backward', kernel: 'sigmoid_bwd_f32', backward: true, c: [0, 0, 0], scalar: (x, g) => sigmoidGradF32(sigmoidF32(x), g) },
  { label: 'silu', kernel: 'silu_f32', backward: false, c: [0, 0, 0], scalar: (x) => siluF32(x) },
  { label: 'silu backward', kernel: 'silu_bwd_f32', backward: true, c: [0, 0, 0], scalar: (x, g) => siluGradF32(x, g) },
  { label: 'logsigmoid', kernel: 'logsigmoid_f32', backward: false, c: [0, 0, 0], scalar: (x) => logsigmoidF32(x) },
  { label: 'logsigmoid backward', kernel: 'logsigmoid_bwd_f32', backward: true, c: [0, 0, 0], scalar: (x, g) => logsigmoidGradF32(x, g) },
  { label: 'tanh', kernel: 'tanh_f32', backward: false, c: [0, 0, 0], scalar: (x) => tanhF32(x) },
  { label: 'tanh backward', kernel: 'tanh_bwd_f32', backward: true, c: [0, 0, 0], scalar: (x, g) => tanhGradF32(tanhF32(x), g) },
  { label: 'mish', kernel: 'mish_f32', backward: false, c: [0, 0, 0], scalar: (x) => mishF32(x) },
  { label: 'mish backward', kernel: 'mish_bwd_f32', backward: true, c: [0, 0, 0], scalar: (x, g) => mishGradF32(x, g) },
  { label: 'gelu', kernel: 'gelu_f32', backward: false, c: [0, 0, 0], scalar: (x) => geluF32(x) },
  { label: 'gelu backward', kernel: 'gelu_bwd_f32', backward: true, c: [0, 0, 0], scalar: (x, g) => geluGradF32(x, g) },
  { label: 'gelu (tanh)', kernel: 'gelu_tanh_f32', backward: false, c: [0, 0, 0], scalar: (x) => geluTanhF32(x) },
  { label: 'gelu (tanh) backward', kernel: 'gelu_tanh_bwd_f32', backward: true, c: [0, 0, 0], scalar: (x, g) => geluTanhGradF32(x, g) },
];
// Softplus with PyTorch's defaults, a sharper β with a low threshold, and a threshold past e^(βx)'s overflow (+∞ and NaN below it).
for (const [beta, threshold] of [[1, 20], [2, 20], [0.5, 100], [3.7, 0]].map((p) => p.map(Math.fround)) as [number, number][]) {
  const label = `softplus (β = ${beta}, threshold ${threshold})`;
  SMOOTH_CASES.push({ label, kernel: 'softplus_f32', backward: false, c: [beta, threshold, 0], scalar: (x) => softplusF32(x, beta, threshold) });
  SMOOTH_CASES.push({ label: `${label} backward`, kernel: 'softplus_bwd_f32', backward: true, c: [beta, threshold, 0], scalar: (x, g) => softplusGradF32(x, g, beta, threshold) });
}
// CELU with α < 0: its backward kernel runs (e^(x·s) may overflow, in both), its forward stays in the loop (the provider declines it).
{
  const c = eluCoefficients('celu', -1.5, 'float32');
  SMOOTH_CASES.push({
    label: 'celu (α = −1.5) backward',
    kernel: 'elu_bwd_f32',
    backward: true,
    c: [c.positive, c.negative, c.gradientInputScale],
    scalar: (x, g) => eluGradF32(x, g, c.positive, c.negative, c.gradientInputScale),
  });
}
for (const [name, alpha] of [['elu', 1], ['elu', 0.25], ['elu', -1.5], ['elu', 2 ** -140], ['celu', 2], ['celu', 0.1], ['selu', 1]] as const) {
  const c = eluCoefficients(name, alpha, 'float32');
  const label = `${name} (α = ${alpha})`;
  SMOOTH_CASES.push({ label, kernel: 'elu_f32', backward: false, c: [c.positive, c.negative, c.inputScale], scalar: (x) => eluF32(x, c.positive, c.negative, c.inputScale) });
  SMOOTH_CASES.push({
    label: `${label} backward`,
    kernel: 'elu_bwd_f32',
    backward: true,
    c: [c.positive, c.negative, c.gradientInputScale],
    scalar: (x, g) => eluGradF32(x, g, c.positive, c.negative, c.gradientInputScale),
  });
}

