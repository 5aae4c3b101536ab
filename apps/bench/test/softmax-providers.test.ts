import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRegistry, tensor, type FloatArray, type Tensor } from '@rectify/core';
import { allocateTensor, createSimd, simd } from '@rectify/simd';
import { logSoftmax, softmax, softmin } from '@rectify/softmax';
import { bitEqual } from '@rectify/testing';
import { describeConformance, describeReference } from '@rectify/testing/vitest';

// Softmax, log_softmax and softmin with the `simd` provider, through the public API. These live here, where every
// package is a dependency: @rectify/simd's own tests compare its row kernels with core's float32 slice definitions.

/** Puts a tensor in WebAssembly memory, where the kernels run in place. */
const place = (data: FloatArray, shape: readonly number[]) => {
  const t = allocateTensor(shape, data instanceof Float32Array ? 'float32' : 'float64');
  t.data.set(data);
  return t;
};

const fixture: unknown = JSON.parse(readFileSync(new URL('../../../packages/softmax/test/fixtures/pytorch.json', import.meta.url), 'utf8'));

const providers = [simd, createSimd({ path: 'wasm' }), createSimd({ path: 'typescript' })];
const PLUGINS = [softmax, logSoftmax, softmin] as const;

// Every path gives each activation's own bits (y and dx, forward and forwardInto, plain arrays and arena tensors).
for (const plugin of PLUGINS) {
  describeConformance(plugin, { config: { axis: -1 }, providers, place });
  describeConformance(plugin, { config: { axis: 0 }, providers, place });
}

// Every path stays within the kit's tolerance of PyTorch's values and gradients, with its NaN, ±∞ and signs of zero.
for (const provider of providers) describeReference([...PLUGINS], fixture, { providers: [provider] });

/** Seeded values of a dtype with a spread that makes rows from flat to nearly one-hot, and some special values. */
function values(n: number, seed: number, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = ((s / 2147483648) * 2 - 1) * (i % 7 === 0 ? 40 : 6);
  }
  if (n > 40) out.set([Number.NaN, 1, 2], 20);
  if (n > 80) out.set([Infinity, -Infinity, -0, 0], 60);
  return out;
}

describe('the softmax family with and without the simd provider', () => {
  const plainRegistry = createRegistry().use(softmax).use(logSoftmax).use(softmin);
  const simdRegistry = createRegistry({ kernels: [simd] }).use(softmax).use(logSoftmax).use(softmin);
  const shapes: [readonly number[], number][] = [
    [[64, 37], -1],
    [[3, 1000], -1],
    [[2, 9000], -1],
    [[256], -1],
    [[16, 24, 3], 1],
    [[40, 5], 0],
  ];
  it.each((['float32', 'float64'] as const).flatMap((dtype) => PLUGINS.flatMap((plugin) => shapes.map(([shape, axis]) => [dtype, plugin.name, shape, axis] as const))))(
    'should give %s %s of shape %o along axis %d the same bits, forward and backward, on plain arrays and arena tensors',
    (dtype, name, shape, axis) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = values(n, 7, dtype);
      const dy = values(n, 11, dtype).map((v) => v / 4);
      const want = plainRegistry.create(name, { axis });
      const got = simdRegistry.create(name, { axis });
      for (const inArena of [false, true]) {
        const at = (data: Float32Array | Float64Array): Tensor => (inArena ? place(data, shape) : tensor(data.slice(), shape));
        const a = want.forward(tensor(x.slice(), shape));
        const b = got.forward(at(x));
        expect(bitEqual(b.y.data, a.y.data)).toBe(true);
        expect(bitEqual(b.backward(at(dy)).data, a.backward(tensor(dy.slice(), shape)).data)).toBe(true);
      }
    },
  );
});
