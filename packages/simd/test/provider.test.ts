import { describe, expect, it } from 'vitest';
import type { FloatArray } from '@rectify/core';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { describeConformance } from '@rectify/testing/vitest';
import { allocateTensor, createSimd, simd } from '../src/index.js';

/** Puts a tensor in WebAssembly memory, where the kernels run in place. */
const place = (data: FloatArray, shape: readonly number[]) => {
  const t = allocateTensor(shape, data instanceof Float32Array ? 'float32' : 'float64');
  t.data.set(data);
  return t;
};

// Every path of the provider gives each activation's own bits, proven through the public API with the kit.
const providers = [simd, createSimd({ path: 'wasm' }), createSimd({ path: 'typescript' })];
for (const plugin of [relu, leakyRelu, prelu, rrelu, maxout]) describeConformance(plugin, { providers, place });
describeConformance(prelu, { config: { numParameters: 3 }, providers, place });
describeConformance(prelu, { config: { numParameters: 4, axis: -1 }, providers, place });

describe('the provider’s GELU kernels', () => {
  it('should offer a kernel per form and dtype, and none for a form it does not know', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const op of ['forward', 'backward'] as const) {
        for (const approximate of ['none', 'tanh']) expect(typeof simd.kernel({ activation: 'gelu', op, dtype }, { approximate })).toBe('function');
        expect(simd.kernel({ activation: 'gelu', op, dtype }, { approximate: 'erf' })).toBeUndefined();
      }
    }
  });
});
