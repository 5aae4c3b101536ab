import { readFileSync } from 'node:fs';
import type { FloatArray } from '@rectify/core';
import { celu, elu, selu } from '@rectify/elu';
import { gelu, mish } from '@rectify/gelu';
import { logsigmoid, sigmoid, silu } from '@rectify/sigmoid';
import { allocateTensor, createSimd, simd } from '@rectify/simd';
import { softplus } from '@rectify/softplus';
import { tanh } from '@rectify/tanh';
import { describeConformance, describeReference } from '@rectify/testing/vitest';

// The smooth activations with the `simd` provider, through the public API. These live here, where every
// package is a dependency: @rectify/simd's own tests compare its kernels with core's float32 definitions.

/** Puts a tensor in WebAssembly memory, where the kernels run in place. */
const place = (data: FloatArray, shape: readonly number[]) => {
  const t = allocateTensor(shape, data instanceof Float32Array ? 'float32' : 'float64');
  t.data.set(data);
  return t;
};

/** An activation package's PyTorch fixture (written by scripts/fixtures/pytorch.py). */
const fixtureOf = (dir: string): unknown => JSON.parse(readFileSync(new URL(`../../../packages/${dir}/test/fixtures/pytorch.json`, import.meta.url), 'utf8'));

const providers = [simd, createSimd({ path: 'wasm' }), createSimd({ path: 'typescript' })];

// Every path gives each activation's own bits (y and dx, forward and forwardInto, plain arrays and arena tensors).
for (const plugin of [sigmoid, silu, logsigmoid, tanh, elu, selu, mish, gelu]) describeConformance(plugin, { providers, place });
describeConformance(gelu, { config: { approximate: 'tanh' }, providers, place });
// Softplus with PyTorch's defaults and with a sharper β, as its own tests pin them.
describeConformance(softplus, { config: { beta: 1, threshold: 20 }, providers, place });
describeConformance(softplus, { config: { beta: 2, threshold: 40 }, providers, place });
// CELU's configs pinned to α > 0, as its own tests pin them (for α < 0 it has no finite Lipschitz constant); the
// PyTorch fixture below covers α = −0.5, whose forward the provider leaves to CELU's loop.
describeConformance(celu, { config: { alpha: 1 }, providers, place });
describeConformance(celu, { config: { alpha: 0.3 }, providers, place });

// Every path stays within the kit's tolerance of PyTorch's values and gradients, with its NaN, ±∞ and signs of zero.
for (const provider of providers) {
  describeReference([sigmoid, silu, logsigmoid], fixtureOf('sigmoid'), { providers: [provider] });
  describeReference([tanh], fixtureOf('tanh'), { providers: [provider] });
  describeReference([elu, selu, celu], fixtureOf('elu'), { providers: [provider] });
  describeReference([softplus], fixtureOf('softplus'), { providers: [provider] });
  describeReference([mish, gelu], fixtureOf('gelu'), { providers: [provider] });
}
