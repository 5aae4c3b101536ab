/**
 * The smooth float64 kernels and the scalar definition of each in core, with
 * the coefficient sets worth running, and the inputs where the definitions
 * branch, clamp or saturate: shared by the float64 kernel tests on every
 * path and on threads.
 */
import {
  eluCoefficients,
  eluF64,
  eluGradF64,
  logsigmoidF64,
  logsigmoidGradF64,
  geluF64,
  geluGradF64,
  geluTanhF64,
  geluTanhGradF64,
  mishF64,
  mishGradF64,
  sigmoidF64,
  sigmoidGradF64,
  siluF64,
  siluGradF64,
  softplusF64,
  softplusGradF64,
  tanhF64,
  tanhGradF64,
} from '@rectify/core';
import type { SmoothKernel } from '../src/wasm.js';

/** Values where the float64 definitions branch, clamp or saturate, besides any float64. */
export const EDGES64 = [
  -0, 0, Number.NaN, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308, 1e-300, -1e-300, 1.7976931348623157e308, -1.7976931348623157e308,
  0.5625, -0.5625, 0.5624999999999999, -0.5624999999999999, 18.7, -18.7, 19.1, 20, -20, 20.000000000000004, 36, -36, 37.5, 40, -40, -40.00000000000001, -(2 ** -54),
  -(2 ** -54) * (1 + 2 ** -52), 1e-20, -1e-20, 708.39, -708.39, 709, -709, 709.7827128933841, 709.782712893384, -709.7827128933841, 710, -710, 710.0000000000001, 745.1, -745.1,
  1.3e154, -1.3e154, 1.4e154, -1.4e154, -27, -27.5, 4.88, -4.88, 38.6, -38.6, -38.7, 40, -40, 40.00000000000001, -37.7, -36.55066560547526,
  745.2, -745.2, -746, -746.0000000000001, -751, -752, 760, -760, -760.0000000000001, 761, -761, 1e30, -1e30, 354.9, 354.891356446692, -1.278464542761074, 0.6931471805599453,
];

/** Each kernel with its scalar definition from core: a forward f(x), a backward f′ from (x, dy). */
export interface SmoothCase64 {
  readonly label: string;
  readonly kernel: SmoothKernel;
  readonly backward: boolean;
  readonly c: readonly [number, number, number];
  readonly scalar: (x: number, dy: number) => number;
}

export const SMOOTH64_CASES: SmoothCase64[] = [
  { label: 'sigmoid', kernel: 'sigmoid_f64', backward: false, c: [0, 0, 0], scalar: (x) => sigmoidF64(x) },
  { label: 'sigmoid backward', kernel: 'sigmoid_bwd_f64', backward: true, c: [0, 0, 0], scalar: (x, g) => sigmoidGradF64(sigmoidF64(x), g) },
  { label: 'silu', kernel: 'silu_f64', backward: false, c: [0, 0, 0], scalar: (x) => siluF64(x) },
  { label: 'silu backward', kernel: 'silu_bwd_f64', backward: true, c: [0, 0, 0], scalar: (x, g) => siluGradF64(x, g) },
  { label: 'logsigmoid', kernel: 'logsigmoid_f64', backward: false, c: [0, 0, 0], scalar: (x) => logsigmoidF64(x) },
  { label: 'logsigmoid backward', kernel: 'logsigmoid_bwd_f64', backward: true, c: [0, 0, 0], scalar: (x, g) => logsigmoidGradF64(x, g) },
  { label: 'tanh', kernel: 'tanh_f64', backward: false, c: [0, 0, 0], scalar: (x) => tanhF64(x) },
  { label: 'tanh backward', kernel: 'tanh_bwd_f64', backward: true, c: [0, 0, 0], scalar: (x, g) => tanhGradF64(tanhF64(x), g) },
  { label: 'mish', kernel: 'mish_f64', backward: false, c: [0, 0, 0], scalar: (x) => mishF64(x) },
  { label: 'mish backward', kernel: 'mish_bwd_f64', backward: true, c: [0, 0, 0], scalar: (x, g) => mishGradF64(x, g) },
  { label: 'gelu', kernel: 'gelu_f64', backward: false, c: [0, 0, 0], scalar: (x) => geluF64(x) },
  { label: 'gelu backward', kernel: 'gelu_bwd_f64', backward: true, c: [0, 0, 0], scalar: (x, g) => geluGradF64(x, g) },
  { label: 'gelu (tanh)', kernel: 'gelu_tanh_f64', backward: false, c: [0, 0, 0], scalar: (x) => geluTanhF64(x) },
  { label: 'gelu (tanh) backward', kernel: 'gelu_tanh_bwd_f64', backward: true, c: [0, 0, 0], scalar: (x, g) => geluTanhGradF64(x, g) },
];
// Softplus with PyTorch's defaults, a sharper β with a low threshold, and a threshold past e^(βx)'s overflow (+∞ and NaN below it).
for (const [beta, threshold] of [
  [1, 20],
  [2, 20],
  [0.5, 2000],
  [3.7, 0],
] as const) {
  const label = `softplus (β = ${beta}, threshold ${threshold})`;
  SMOOTH64_CASES.push({ label, kernel: 'softplus_f64', backward: false, c: [beta, threshold, 0], scalar: (x) => softplusF64(x, beta, threshold) });
  SMOOTH64_CASES.push({ label: `${label} backward`, kernel: 'softplus_bwd_f64', backward: true, c: [beta, threshold, 0], scalar: (x, g) => softplusGradF64(x, g, beta, threshold) });
}
// CELU with α < 0: its backward kernel runs (e^(x·s) may overflow, in both), its forward stays in the loop (the provider declines it).
{
  const c = eluCoefficients('celu', -1.5, 'float64');
  SMOOTH64_CASES.push({
    label: 'celu (α = −1.5) backward',
    kernel: 'elu_bwd_f64',
    backward: true,
    c: [c.positive, c.negative, c.gradientInputScale],
    scalar: (x, g) => eluGradF64(x, g, c.positive, c.negative, c.gradientInputScale),
  });
}
for (const [name, alpha] of [['elu', 1], ['elu', 0.25], ['elu', -1.5], ['elu', 2 ** -1040], ['celu', 2], ['celu', 0.1], ['selu', 1]] as const) {
  const c = eluCoefficients(name, alpha, 'float64');
  const label = `${name} (α = ${alpha})`;
  SMOOTH64_CASES.push({ label, kernel: 'elu_f64', backward: false, c: [c.positive, c.negative, c.inputScale], scalar: (x) => eluF64(x, c.positive, c.negative, c.inputScale) });
  SMOOTH64_CASES.push({
    label: `${label} backward`,
    kernel: 'elu_bwd_f64',
    backward: true,
    c: [c.positive, c.negative, c.gradientInputScale],
    scalar: (x, g) => eluGradF64(x, g, c.positive, c.negative, c.gradientInputScale),
  });
}
