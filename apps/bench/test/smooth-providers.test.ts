import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRegistry, decodeNumber, type AnyActivationPlugin, type DType, type FloatArray, type KernelProvider } from '@rectify/core';
import { celu, elu, selu } from '@rectify/elu';
import { gelu, mish } from '@rectify/gelu';
import { logsigmoid, sigmoid, silu } from '@rectify/sigmoid';
import { allocateTensor, createSimd, simd } from '@rectify/simd';
import { softplus } from '@rectify/softplus';
import { tanh } from '@rectify/tanh';
import { bitEqual, parseReferenceFixture, type EncodedNumber } from '@rectify/testing';
import { describeConformance, describeReference } from '@rectify/testing/vitest';

// The smooth activations with the `simd` provider, through the public API, in float32 and float64. These live
// here, where every package is a dependency: @rectify/simd's own tests compare its kernels with core's float32
// and float64 definitions.

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

// The PyTorch fixtures' inputs on arena tensors, where the kernels run in place on every path, and tiled past
// 65,536 elements (a ragged length, so that the tails run too): the same bits as the activations' own loops,
// which the fixtures hold within PyTorch's tolerance, in float64 as in float32.
const FIXTURES: readonly [string, readonly AnyActivationPlugin[]][] = [
  ['sigmoid', [sigmoid, silu, logsigmoid]],
  ['tanh', [tanh]],
  ['elu', [elu, selu, celu]],
  ['softplus', [softplus]],
  ['gelu', [mish]],
];

/** An arena tensor of a dtype holding the values. */
const placed = (dtype: DType, values: readonly number[]) => {
  const t = allocateTensor([values.length], dtype);
  t.data.set(values);
  return t;
};

/** y and dx of an activation on arena tensors, through a registry with the given providers, as plain arrays. */
function run(plugin: AnyActivationPlugin, config: Readonly<Record<string, unknown>>, dtype: DType, x: readonly number[], dy: readonly number[], kernels: KernelProvider[]) {
  const activation = createRegistry({ kernels }).use(plugin).create(plugin.name, config);
  const { y, backward } = activation.forward(placed(dtype, x), { training: false });
  const dx = backward(placed(dtype, dy));
  return { y: Array.from(y.data), dx: Array.from(dx.data) };
}

for (const [dir, plugins] of FIXTURES) {
  const fixture = parseReferenceFixture(fixtureOf(dir));
  describe(`the ${dir} fixture's inputs on arena tensors with every provider`, () => {
    for (const plugin of plugins) {
      const cases = fixture.cases.filter((c) => c.name === plugin.name);
      it.each(cases.map((c, i) => ({ c, label: `${c.name} ${JSON.stringify(c.config)} ${c.dtype} (case ${i})` })))('should give the loops’ bits: $label', ({ c }) => {
        // The fixture parser has checked every entry, so each decodes to a number.
        const decode = (values: readonly EncodedNumber[]): number[] => values.map((v) => decodeNumber(v) as number);
        const x = decode(c.x);
        const dy = decode(c.dy);
        // The case itself, then tiled to 65,536 + 37 elements.
        const n = 65_536 + 37;
        const tiledX = Array.from({ length: n }, (_, i) => x[i % x.length] as number);
        const tiledDy = Array.from({ length: n }, (_, i) => dy[(i * 7) % dy.length] as number);
        for (const [xs, dys] of [
          [x, dy],
          [tiledX, tiledDy],
        ] as const) {
          const want = run(plugin, c.config, c.dtype, xs, dys, []);
          for (const provider of providers) {
            const got = run(plugin, c.config, c.dtype, xs, dys, [provider]);
            expect(bitEqual(got.y, want.y) && bitEqual(got.dx, want.dx), `${provider.name}, ${xs.length} elements`).toBe(true);
          }
        }
      });
    }
  });
}
