import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng, tensor, type DType, type FloatArray } from '@rectify/core';
import { allocateTensor, createArena, getKernelPath, releaseTensor, setKernelPath, type KernelPath } from '@rectify/simd';
import { bitEqual, toArray } from '@rectify/testing';
import { rrelu } from '../src/index.js';
import { rreluTrainForward } from '../src/kernels.js';
import { boundsArbitrary, DTYPES, maxOf, minSubnormalOf, rounder, seedArbitrary } from './helpers.js';

const initial = getKernelPath();
afterEach(() => void setKernelPath(initial));

/** Inputs of any length up to a few chunks (the fast kernel works in chunks of 4,096 elements), built from a small pool of values that includes every edge. */
function longInputArbitrary(dtype: DType): fc.Arbitrary<number[]> {
  const edge = fc.constantFrom(0, -0, Infinity, -Infinity, Number.NaN, maxOf(dtype), -maxOf(dtype), minSubnormalOf(dtype), -minSubnormalOf(dtype));
  const value = fc.oneof({ weight: 4, arbitrary: fc.double({ min: -8, max: 8, noNaN: true }) }, { weight: 1, arbitrary: edge }).map(rounder(dtype));
  const length = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom(4095, 4096, 4097, 8192, 8193, 9001));
  return fc.tuple(length, fc.array(value, { minLength: 1, maxLength: 29 })).map(([n, pool]) => Array.from({ length: n }, (_, i) => pool[(i * 5 + (i >> 6)) % pool.length] as number));
}

interface Run {
  y: number[];
  noise: number[];
  state: readonly number[];
}

/** One call of the training kernel on a path, with plain arrays or with x, y and noise in WebAssembly memory. */
function run(path: KernelPath, dtype: DType, values: number[], bounds: { lower: number; upper: number }, seed: number, inWasm: boolean): Run {
  setKernelPath(path);
  const make = (): FloatArray => (inWasm ? allocateTensor([values.length], dtype).data : toArray(dtype, new Array<number>(values.length).fill(0)));
  const x = make();
  x.set(values);
  const y = make();
  const noise = make();
  const rng = createRng(seed);
  rreluTrainForward(x, y, noise, bounds.lower, bounds.upper, rng);
  const result = { y: Array.from(y), noise: Array.from(noise), state: rng.getState() };
  if (inWasm) for (const a of [x, y, noise]) releaseTensor(a);
  return result;
}

describe.each(DTYPES)('rreluTrainForward on every kernel path in %s', (dtype: DType) => {
  it('should give the scalar loop’s y, noise and final generator state bit for bit, on plain arrays and in WebAssembly memory', () => {
    fc.assert(
      fc.property(longInputArbitrary(dtype), boundsArbitrary, seedArbitrary, fc.boolean(), (values, bounds, seed, inWasm) => {
        const want = run('scalar', dtype, values, bounds, seed, false);
        for (const path of ['wasm', 'auto', 'typescript'] as const) {
          const got = run(path, dtype, values, bounds, seed, inWasm);
          expect(bitEqual(got.y, want.y), `y on ${path}`).toBe(true);
          expect(bitEqual(got.noise, want.noise), `noise on ${path}`).toBe(true);
          expect(got.state, `generator state on ${path}`).toEqual(want.state);
        }
      }),
      { numRuns: 40 },
    );
  });
});

it('should draw two integers per element ≤ 0 on the wasm path, none for positive or NaN elements', () => {
  setKernelPath('wasm');
  const x = new Float32Array([-1, 2, Number.NaN, -0, -3]);
  const y = new Float32Array(5);
  const noise = new Float32Array(5);
  const rng = createRng(4);
  rreluTrainForward(x, y, noise, 0.1, 0.3, rng);
  const twin = createRng(4);
  for (let i = 0; i < 6; i++) twin.next();
  expect(rng.getState()).toEqual(twin.getState());
  expect(Array.from(noise.filter((_, i) => i === 1 || i === 2))).toEqual([1, 1]);
});

describe('slopes beside arena tensors', () => {
  it.each(DTYPES)('should keep the training slopes in the input’s arena and give plain arrays’ bits, forward and backward (%s)', (dtype: DType) => {
    const arena = createArena(4 * 2 ** 20);
    const n = 3000;
    const values = Array.from({ length: n }, (_, i) => ((i * 37) % 11) - 5.5);
    const onArena = (a: number[]) => {
      const t = arena.allocate([n], dtype) as { data: FloatArray; shape: readonly number[] };
      t.data.set(a);
      return t;
    };
    const plain = rrelu.create({ seed: 3 });
    const resident = rrelu.create({ seed: 3 });
    const want = plain.forward(tensor(toArray(dtype, values)), { training: true, rng: createRng(9) });
    const x = onArena(values);
    const before = arena.used;
    const got = resident.forward(x, { training: true, rng: createRng(9) });
    expect(arena.used - before, 'the slopes were allocated in the arena').toBeGreaterThanOrEqual(n * (dtype === 'float32' ? 4 : 8));
    expect(bitEqual(Array.from(got.y.data), Array.from(want.y.data))).toBe(true);
    const dy = values.map((v, i) => v * 0.5 - (i % 3));
    const dxPlain = want.backward(tensor(toArray(dtype, dy)));
    const dxArena = got.backward(onArena(dy), { out: (arena.allocate([n], dtype) as { data: FloatArray }).data });
    expect(bitEqual(Array.from(dxArena.data), Array.from(dxPlain.data))).toBe(true);
  });
});
