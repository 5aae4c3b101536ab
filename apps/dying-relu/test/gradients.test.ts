import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, type FloatArray } from '@rectify/core';
import { gemm } from '../src/gemm.js';
import { softmaxCrossEntropy } from '../src/loss.js';
import { Mlp } from '../src/mlp.js';
import { fillNormal } from '../src/random.js';
import { activationSpec, createStudyRegistry } from '../src/registry.js';

const registry = createStudyRegistry();
const INPUTS = 5;
const CLASSES = 3;
const BATCH = 6;
const STEP = 1e-6;

/** A tiny float64 network with random weights, biases, PReLU slopes and inputs. */
function tinyProblem(name: string, seed: number) {
  const model = new Mlp(registry, { inputs: INPUTS, hidden: [4, 3], classes: CLASSES, activation: activationSpec(name), maxBatch: BATCH, dtype: 'float64' });
  const rng = createRng(seed);
  model.init(rng);
  // Non-zero biases and slopes away from their defaults, so every gradient is exercised.
  for (const layer of model.layers) fillNormal(layer.bias.data, 0.5, rng);
  for (const activation of model.activations) for (const p of activation.parameters) fillNormal(p.data, 0.3, rng);
  const x = new Float64Array(BATCH * INPUTS);
  fillNormal(x, 1, rng);
  const labels = Uint8Array.from({ length: BATCH }, (_, b) => (b * 7 + seed) % CLASSES);
  // RReLU runs in training mode with a generator reset for every evaluation, so each sees the same slopes.
  const loss = (dLogits?: FloatArray): number =>
    softmaxCrossEntropy(model.forward(x, BATCH, { training: true, rng: createRng(99) }), labels, BATCH, CLASSES, dLogits);
  return { model, x, loss };
}

/**
 * The smallest distance, over the last forward call, of any pre-activation
 * from a kink: from 0, and (for Maxout) between the two pieces of a unit.
 * Finite differences are only meaningful away from kinks.
 */
function distanceToKink(model: Mlp): number {
  let nearest = Infinity;
  model.preWidths.forEach((_, l) => {
    const pre = model.preActivation(l);
    for (let i = 0; i < pre.length; i++) nearest = Math.min(nearest, Math.abs(pre[i] as number));
    for (let i = 0; i + 1 < pre.length; i += 2) nearest = Math.min(nearest, Math.abs((pre[i] as number) - (pre[i + 1] as number)));
  });
  return nearest;
}

/** The largest violation of |analytic − numeric| ≤ 1e-7 + 1e-6·|numeric| over every entry of `values`. */
function worstMismatch(values: FloatArray, analytic: ArrayLike<number>, loss: () => number): number {
  let worst = 0;
  for (let i = 0; i < values.length; i++) {
    const saved = values[i] as number;
    values[i] = saved + STEP;
    const up = loss();
    values[i] = saved - STEP;
    const down = loss();
    values[i] = saved;
    const numeric = (up - down) / (2 * STEP);
    const error = Math.abs((analytic[i] as number) - numeric) - (1e-7 + 1e-6 * Math.abs(numeric));
    worst = Math.max(worst, error);
  }
  return worst;
}

describe.each(['relu', 'leaky_relu', 'prelu', 'rrelu', 'maxout', 'sigmoid', 'tanh', 'gelu', 'silu'])('the gradients of an MLP with %s', (name) => {
  it('should match central finite differences for weights, biases, inputs and activation parameters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const { model, x, loss } = tinyProblem(name, seed);
        const dLogits = new Float64Array(BATCH * CLASSES);
        const dx = new Float64Array(BATCH * INPUTS);
        model.zeroGrad();
        loss(dLogits);
        fc.pre(distanceToKink(model) > 1e-3);
        model.backward(x, dLogits, BATCH, dx);
        const mismatches = [
          ...model.layers.flatMap((layer) => [
            worstMismatch(layer.weight.data, layer.weight.grad, loss),
            worstMismatch(layer.bias.data, layer.bias.grad, loss),
          ]),
          worstMismatch(x, dx, loss),
          ...model.activations.flatMap((activation) => activation.parameters.map((p) => worstMismatch(p.data, p.grad.data, loss))),
        ];
        expect(Math.max(...mismatches)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 15 },
    );
  });
});

describe('the PReLU gradient check', () => {
  it('should cover a learnable slope per hidden layer', () => {
    const { model } = tinyProblem('prelu', 1);
    expect(model.activations.map((a) => a.parameters.map((p) => p.name))).toEqual([['weight'], ['weight']]);
    expect(model.trainables()).toHaveLength(3 * 2 + 2);
  });
});

describe('gemm', () => {
  const matrix = (rows: number, cols: number) =>
    fc.array(fc.oneof(fc.constant(0), fc.double({ min: -4, max: 4, noNaN: true })), { minLength: rows * cols, maxLength: rows * cols });

  it('should equal the plain triple loop for any sizes, transposes and accumulation', () => {
    fc.assert(
      fc.property(
        fc.record({ m: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 9 }) }).chain((size) =>
          fc.record({
            size: fc.constant(size),
            a: matrix(size.m, size.k),
            b: matrix(size.k, size.n),
            c: matrix(size.m, size.n),
            transposeA: fc.boolean(),
            transposeB: fc.boolean(),
            accumulate: fc.boolean(),
          }),
        ),
        ({ size: { m, n, k }, a, b, c, transposeA, transposeB, accumulate }) => {
          // Store A (m×k) and B (k×n) either row-major or transposed, and read them back through strides.
          const aData = new Float64Array(m * k);
          const bData = new Float64Array(k * n);
          for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) aData[transposeA ? p * m + i : i * k + p] = a[i * k + p] as number;
          for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bData[transposeB ? j * k + p : p * n + j] = b[p * n + j] as number;
          const out = Float64Array.from(c);
          gemm(
            m,
            n,
            k,
            { data: aData, rowStride: transposeA ? 1 : k, colStride: transposeA ? m : 1 },
            { data: bData, rowStride: transposeB ? 1 : n, colStride: transposeB ? k : 1 },
            out,
            accumulate,
          );
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let sum = 0;
              for (let p = 0; p < k; p++) sum += (a[i * k + p] as number) * (b[p * n + j] as number);
              const expected = (accumulate ? (c[i * n + j] as number) : 0) + sum;
              expect(out[i * n + j]).toBeCloseTo(expected, 12);
            }
          }
        },
      ),
    );
  });
});
