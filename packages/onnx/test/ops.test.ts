import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { L, type LoweredValue } from '@rectify/core';
import { loweringToOnnx } from '../src/index.js';

/** The error function, by its Maclaurin series (to about 1e-10 for |x| ≤ 4). */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const X = [-3, -0.5, 0, 0.25, 2, 3.5];
const rows = [X.slice(0, 3), X.slice(3)];
const elementwise = (f: (v: number) => number): number[] => X.map(f);
const matrix = L.op('Reshape', [L.x], { shape: [2, 3] });

/** Each op of LOWERING_OPS but the native ones and RandomUniformLike, applied to x, with the shape of its result and the values JavaScript computes. */
const TERMS: readonly { readonly name: string; readonly value: LoweredValue; readonly shape: readonly number[]; readonly want: readonly number[] }[] = [
  { name: 'Log1p, Exp, Neg, Abs', value: L.op('Log1p', [L.op('Exp', [L.op('Neg', [L.op('Abs', [L.x])])])]), shape: [6], want: elementwise((v) => Math.log1p(Math.exp(-Math.abs(v)))) },
  { name: 'Expm1, Div', value: L.op('Expm1', [L.op('Div', [L.x, L.c(4)])]), shape: [6], want: elementwise((v) => Math.expm1(v / 4)) },
  { name: 'Log, Add, Max', value: L.op('Log', [L.op('Add', [L.op('Max', [L.x, L.c(0), L.c(-1)]), L.c(1)])]), shape: [6], want: elementwise((v) => Math.log(Math.max(v, 0, -1) + 1)) },
  { name: 'Min, Sub, Mul', value: L.mul(L.op('Min', [L.x, L.c(1)]), L.op('Sub', [L.x, L.c(2)])), shape: [6], want: elementwise((v) => Math.min(v, 1) * (v - 2)) },
  { name: 'Tanh', value: L.op('Tanh', [L.x]), shape: [6], want: elementwise(Math.tanh) },
  { name: 'Sigmoid', value: L.op('Sigmoid', [L.x]), shape: [6], want: elementwise((v) => 1 / (1 + Math.exp(-v))) },
  { name: 'Erf', value: L.op('Erf', [L.op('Sub', [L.x, L.c(0.5)])]), shape: [6], want: elementwise((v) => erf(v - 0.5)) },
  { name: 'Cast, GreaterOrEqual', value: L.op('Cast', [L.op('GreaterOrEqual', [L.x, L.c(0)])], { to: 'float32' }), shape: [6], want: elementwise((v) => (v >= 0 ? 1 : 0)) },
  {
    name: 'Where, Less, LessOrEqual, Greater, IsNaN',
    value: L.where(L.op('Less', [L.x, L.c(-1)]), L.c(10), L.where(L.op('IsNaN', [L.x]), L.c(20), L.where(L.op('LessOrEqual', [L.x, L.c(0)]), L.c(1), L.where(L.greater(L.x, L.c(3)), L.c(3), L.c(0))))),
    shape: [6],
    want: elementwise((v) => (v < -1 ? 10 : v <= 0 ? 1 : v > 3 ? 3 : 0)),
  },
  { name: 'Reshape, ReduceSum', value: L.op('ReduceSum', [matrix], { axes: [1], keepdims: 1 }), shape: [2, 1], want: rows.map((r) => r.reduce((a, b) => a + b, 0)) },
  { name: 'ReduceMax', value: L.op('ReduceMax', [matrix], { axes: [1], keepdims: 1 }), shape: [2, 1], want: rows.map((r) => Math.max(...r)) },
  { name: 'CumSum (reverse)', value: L.op('CumSum', [matrix], { axis: 1, reverse: 1 }), shape: [2, 3], want: rows.flatMap((r) => r.map((_, i) => r.slice(i).reduce((a, b) => a + b, 0))) },
];

describe.each([13, 17, 18, 21])('the ops of a lowering at opset %i', (opset) => {
  it.each(TERMS)('should run $name in ONNX Runtime as JavaScript computes it', async ({ value, shape, want }) => {
    const session = await ort.InferenceSession.create(loweringToOnnx({ forward: value }, { dtype: 'float32', inputShape: [6], outputShape: shape, opset }).bytes);
    try {
      const got = (await session.run({ x: new ort.Tensor('float32', Float32Array.from(X), [6]) }))['y']?.data as Float32Array;
      expect(got.length).toBe(want.length);
      want.forEach((w, i) => expect(Math.abs((got[i] as number) - w)).toBeLessThan(1e-5 * (1 + Math.abs(w))));
    } finally {
      await session.release();
    }
  });
});
