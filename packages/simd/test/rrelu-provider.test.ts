import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegistry, createRng, tensor, type DType, type FloatArray, type Tensor } from '@rectify/core';
import { rrelu } from '@rectify/rrelu';
import { bitEqual, toArray } from '@rectify/testing';
import { allocateTensor, createArena, createSimd, releaseTensor, simd, type KernelPath } from '../src/index.js';

const DTYPES: readonly DType[] = ['float32', 'float64'];
const round = (dtype: DType) => (v: number) => (dtype === 'float32' ? Math.fround(v) : v);
const MAX = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };
const TINY = { float32: 1.401298464324817e-45, float64: 5e-324 };

/** Inputs of any length up to a few chunks (the fast kernel works in chunks of 4,096 elements), built from a small pool of values that includes every edge. */
function longInput(dtype: DType): fc.Arbitrary<number[]> {
  const edge = fc.constantFrom(0, -0, Infinity, -Infinity, Number.NaN, MAX[dtype], -MAX[dtype], TINY[dtype], -TINY[dtype]);
  const value = fc.oneof({ weight: 4, arbitrary: fc.double({ min: -8, max: 8, noNaN: true }) }, { weight: 1, arbitrary: edge }).map(round(dtype));
  const length = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom(4095, 4096, 4097, 8192, 8193, 9001));
  return fc.tuple(length, fc.array(value, { minLength: 1, maxLength: 29 })).map(([n, pool]) => Array.from({ length: n }, (_, i) => pool[(i * 5 + (i >> 6)) % pool.length] as number));
}

const bounds = fc
  .tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }))
  .map(([a, b]) => ({ lower: Math.min(a, b), upper: Math.max(a, b) }));

interface Run {
  readonly y: number[];
  readonly dx: number[];
  readonly state: readonly number[];
}

/** One training forward and its backward, through a registry with the given providers, on plain arrays or arena tensors. */
function run(path: KernelPath | undefined, dtype: DType, values: number[], config: { lower: number; upper: number }, seed: number, inWasm: boolean): Run {
  const registry = createRegistry({ kernels: path === undefined ? [] : [createSimd({ path })] }).use(rrelu);
  const place = (a: number[]): Tensor => {
    if (!inWasm) return tensor(toArray(dtype, a), [a.length]);
    const t = allocateTensor([a.length], dtype);
    t.data.set(a);
    return t;
  };
  const x = place(values);
  const dy = place(values.map((_, i) => (i % 7) - 3.25));
  const rng = createRng(seed);
  const { y, backward } = registry.create('rrelu', config).forward(x, { training: true, rng });
  const dx = backward(dy);
  const result = { y: Array.from(y.data), dx: Array.from(dx.data), state: rng.getState() };
  if (inWasm) for (const t of [x, dy]) releaseTensor(t);
  return result;
}

describe.each(DTYPES)('RReLU training through the simd provider in %s', (dtype) => {
  it('should give the plain loop’s y, dx and final generator state bit for bit on every path, plain arrays and arena tensors', () => {
    fc.assert(
      fc.property(longInput(dtype), bounds, fc.integer(), fc.boolean(), (values, config, seed, inWasm) => {
        const want = run(undefined, dtype, values, config, seed, false);
        for (const path of ['wasm', 'auto', 'typescript'] as const) {
          const got = run(path, dtype, values, config, seed, inWasm);
          expect(bitEqual(got.y, want.y), `y on ${path}`).toBe(true);
          expect(bitEqual(got.dx, want.dx), `dx on ${path}`).toBe(true);
          expect(got.state, `generator state on ${path}`).toEqual(want.state);
        }
      }),
      { numRuns: 30 },
    );
  });
});

it('should draw two integers per element ≤ 0 on the wasm path, none for positive or NaN elements', () => {
  const act = createRegistry({ kernels: [createSimd({ path: 'wasm' })] }).use(rrelu).create('rrelu', { lower: 0.1, upper: 0.3 });
  const rng = createRng(4);
  const { backward } = act.forward(tensor(new Float32Array([-1, 2, Number.NaN, -0, -3])), { training: true, rng });
  const twin = createRng(4);
  for (let i = 0; i < 6; i++) twin.next();
  expect(rng.getState()).toEqual(twin.getState());
  const dx = backward(tensor(new Float32Array(5).fill(1)));
  expect([dx.data[1], dx.data[2]]).toEqual([1, 1]);
});

describe('slopes beside arena tensors', () => {
  it.each(DTYPES)('should keep the training slopes in the input’s arena and give plain arrays’ bits, forward and backward (%s)', (dtype: DType) => {
    const arena = createArena(4 * 2 ** 20);
    const n = 3000;
    const values = Array.from({ length: n }, (_, i) => ((i * 37) % 11) - 5.5);
    const onArena = (a: number[]): { data: FloatArray; shape: readonly number[] } => {
      const t = arena.allocate([n], dtype) as { data: FloatArray; shape: readonly number[] };
      t.data.set(a);
      return t;
    };
    const plain = rrelu.create({ seed: 3 });
    const resident = createRegistry({ kernels: [simd] }).use(rrelu).create('rrelu', { seed: 3 });
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
