import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  eluCoefficients,
  eluF32,
  eluGradF32,
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
import { bitEqual } from '@rectify/testing';
import { smooth } from '../src/ops/smooth.js';
import type { KernelPath } from '../src/runtime.js';
import type { SmoothKernel } from '../src/wasm.js';
import { blank, place, release } from './placement.js';

/** Values where the float32 definitions branch or saturate, besides any float32. */
const EDGES = [
  -0, 0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, 88.72, 88.73, -88.73, -103.9, -104.1, -18, -17.3, 0.5625, -0.5625,
  87.33654, -87.33654, 87.3366, -87.3366,
  0.56249994, 9.01, -9.01, -(2 ** -25), -(2 ** -25) * (1 + 2 ** -23), 1e-20, -1e-20,
  88.72283935546875, 88.7228317, 20, 20.000002, 8.664168357849121, 8.664167404174805, 10, 10.000001, -120, -120.00001, -110, 177.44568, 177.4456,
].map(Math.fround);

const values = fc.oneof(fc.float({ noDefaultInfinity: false }), fc.constantFrom(...EDGES), fc.float({ min: -20, max: 20, noNaN: true }));
const arrays = (length: fc.Arbitrary<number>) => length.chain((n) => fc.array(values, { minLength: n, maxLength: n })).map((a) => Float32Array.from(a));

/** Each kernel with its scalar definition from core: a forward f(x), a backward f′ from (x, dy). */
interface Case {
  readonly label: string;
  readonly kernel: SmoothKernel;
  readonly backward: boolean;
  readonly c: readonly [number, number, number];
  readonly scalar: (x: number, dy: number) => number;
}

const cases: Case[] = [
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
];
// Softplus with PyTorch's defaults, a sharper β with a low threshold, and a threshold past e^(βx)'s overflow (+∞ and NaN below it).
for (const [beta, threshold] of [[1, 20], [2, 20], [0.5, 100], [3.7, 0]].map((p) => p.map(Math.fround)) as [number, number][]) {
  const label = `softplus (β = ${beta}, threshold ${threshold})`;
  cases.push({ label, kernel: 'softplus_f32', backward: false, c: [beta, threshold, 0], scalar: (x) => softplusF32(x, beta, threshold) });
  cases.push({ label: `${label} backward`, kernel: 'softplus_bwd_f32', backward: true, c: [beta, threshold, 0], scalar: (x, g) => softplusGradF32(x, g, beta, threshold) });
}
// CELU with α < 0: its backward kernel runs (e^(x·s) may overflow, in both), its forward stays in the loop (the provider declines it).
{
  const c = eluCoefficients('celu', -1.5, 'float32');
  cases.push({
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
  cases.push({ label, kernel: 'elu_f32', backward: false, c: [c.positive, c.negative, c.inputScale], scalar: (x) => eluF32(x, c.positive, c.negative, c.inputScale) });
  cases.push({
    label: `${label} backward`,
    kernel: 'elu_bwd_f32',
    backward: true,
    c: [c.positive, c.negative, c.gradientInputScale],
    scalar: (x, g) => eluGradF32(x, g, c.positive, c.negative, c.gradientInputScale),
  });
}

describe.each([
  ['wasm', false],
  ['wasm', true],
  ['auto', false],
  ['auto', true],
] as const)('the smooth float32 kernels on the %s path (arena: %s)', (path: KernelPath, inArena: boolean) => {
  it.each(cases)('should give the bits of core’s float32 definition: $label', ({ kernel, backward, c, scalar }) => {
    // Lengths past a whole number of vectors reach the tail, where the last 1–3 elements run as lanes of one more vector.
    fc.assert(
      fc.property(arrays(fc.integer({ min: 0, max: 41 })), fc.float(), (x, dyValue) => {
        const dy = new Float32Array(x.length).map((_, i) => (i % 3 === 0 ? dyValue : 1 - i / 7));
        const a = place(x, inArena);
        const g = place(dy, inArena);
        const out = blank(x, x.length, inArena);
        const ran = smooth(path, kernel, a, backward ? g : null, out, ...c);
        const want = Float32Array.from(x, (v, i) => scalar(v, dy[i] as number));
        const got = Float32Array.from(out);
        release(a, g, out);
        // The auto path leaves inputs under 64 elements outside an arena to the activation's loop, having written nothing.
        if (!ran) return path === 'auto' && !inArena && x.length < 64 && got.every((v) => Object.is(v, 0));
        return bitEqual(got, want);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the smooth float32 kernels on large plain arrays', () => {
  it.each(cases)('should stream chunk after chunk with the bits of core’s definition: $label', ({ kernel, backward, c, scalar }) => {
    const n = 8192 * 2 + 37;
    const x = new Float32Array(n).map((_, i) => (i < EDGES.length ? (EDGES[i] as number) : Math.fround(Math.sin(i * 12.9898) * 60)));
    const dy = new Float32Array(n).map((_, i) => Math.fround(Math.cos(i)));
    const out = new Float32Array(n);
    expect(smooth('auto', kernel, x, backward ? dy : null, out, ...c)).toBe(true);
    expect(bitEqual(out, Float32Array.from(x, (v, i) => scalar(v, dy[i] as number)))).toBe(true);
  });

  it('should leave float64 arrays and the typescript path to the activation’s loop', () => {
    const x = new Float64Array(100);
    const y = new Float64Array(100);
    expect(smooth('auto', 'sigmoid_f32', x, null, y)).toBe(false);
    expect(smooth('typescript', 'sigmoid_f32', new Float32Array(100), null, new Float32Array(100))).toBe(false);
  });
});
