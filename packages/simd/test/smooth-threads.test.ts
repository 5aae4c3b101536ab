import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { createArena, startThreads, stopThreads, wakeThreads, type Arena } from '../src/index.js';
import { smooth } from '../src/ops/smooth.js';
import { splitCount } from '../src/thread-split.js';
import type { SmoothKernel } from '../src/wasm.js';

const EDGES = [-0, 0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38, 0.5625, -88.73, 88.73, 1, -1, 2, -2, 10, 20.000002, -120.00001].map(Math.fround);
const elu = eluCoefficients('selu', 1, 'float32');

/** Each kernel, its coefficients and its scalar definition in core. */
const CALLS: [SmoothKernel, boolean, readonly [number, number, number], (x: number, dy: number) => number][] = [
  ['sigmoid_f32', false, [0, 0, 0], (x) => sigmoidF32(x)],
  ['sigmoid_bwd_f32', true, [0, 0, 0], (x, g) => sigmoidGradF32(sigmoidF32(x), g)],
  ['silu_f32', false, [0, 0, 0], (x) => siluF32(x)],
  ['silu_bwd_f32', true, [0, 0, 0], (x, g) => siluGradF32(x, g)],
  ['logsigmoid_f32', false, [0, 0, 0], (x) => logsigmoidF32(x)],
  ['logsigmoid_bwd_f32', true, [0, 0, 0], (x, g) => logsigmoidGradF32(x, g)],
  ['tanh_f32', false, [0, 0, 0], (x) => tanhF32(x)],
  ['tanh_bwd_f32', true, [0, 0, 0], (x, g) => tanhGradF32(tanhF32(x), g)],
  ['elu_f32', false, [elu.positive, elu.negative, elu.inputScale], (x) => eluF32(x, elu.positive, elu.negative, elu.inputScale)],
  ['elu_bwd_f32', true, [elu.positive, elu.negative, elu.gradientInputScale], (x, g) => eluGradF32(x, g, elu.positive, elu.negative, elu.gradientInputScale)],
  ['softplus_f32', false, [2, 10, 0], (x) => softplusF32(x, 2, 10)],
  ['softplus_bwd_f32', true, [2, 10, 0], (x, g) => softplusGradF32(x, g, 2, 10)],
  ['mish_f32', false, [0, 0, 0], (x) => mishF32(x)],
  ['mish_bwd_f32', true, [0, 0, 0], (x, g) => mishGradF32(x, g)],
];

/** n float32 values from a pattern in a seeded order, in the arena. */
function filled(arena: Arena, pattern: readonly number[], seed: number, n: number): Float32Array {
  const t = arena.allocate([n], 'float32');
  if (t === undefined) throw new Error('arena full');
  let h = seed >>> 0;
  for (let i = 0; i < n; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    t.data[i] = pattern[h % pattern.length] as number;
  }
  return t.data as Float32Array;
}

describe('the smooth float32 kernels on kernel threads', () => {
  let shared: Arena;
  beforeAll(async () => {
    expect(await startThreads(2)).toBe(2);
    shared = createArena(8 * 2 ** 20, { shared: true });
  });
  afterAll(async () => {
    await stopThreads();
  });

  it.each(CALLS)('should split %s across the threads and give the bits of core’s definition', (kernel, backward, c, scalar) => {
    const before = splitCount();
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...EDGES), fc.float(), fc.float({ min: -12, max: 12, noNaN: true })), { minLength: 1, maxLength: 48 }),
        fc.integer(),
        // Ragged lengths above the size from which calls are split.
        fc.integer({ min: 70_000, max: 140_000 }),
        (pattern, seed, n) => {
          const values = pattern.map(Math.fround);
          const x = filled(shared, values, seed, n);
          const dy = filled(shared, values, seed + 1, n);
          const out = filled(shared, [0], 0, n);
          let ran = false;
          for (let tries = 0; tries < 20; tries++) {
            const splits = splitCount();
            wakeThreads();
            ran = smooth('auto', kernel, x, backward ? dy : null, out, ...c);
            if (!ran || splitCount() > splits) break;
          }
          const same = ran && bitEqual(out, Float32Array.from(x, (v, i) => scalar(v, dy[i] as number)));
          for (const a of [x, dy, out]) shared.release(a);
          return same;
        },
      ),
      { numRuns: 8 },
    );
    expect(splitCount() - before).toBeGreaterThan(0);
  });
});
