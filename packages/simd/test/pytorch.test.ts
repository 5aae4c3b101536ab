import { readFileSync } from 'node:fs';
import { leakyRelu } from '@rectify/leaky-relu';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { describeReference } from '@rectify/testing/vitest';
import { createSimd, simd } from '../src/index.js';

/** A rectifier package's PyTorch fixture (written by scripts/fixtures/pytorch.py). */
const fixtureOf = (dir: string): unknown => JSON.parse(readFileSync(new URL(`../../${dir}/test/fixtures/pytorch.json`, import.meta.url), 'utf8'));

// Every path of the provider gives PyTorch's bits on the rectifiers' fixtures, as the plain loops do.
for (const provider of [simd, createSimd({ path: 'wasm' }), createSimd({ path: 'typescript' })]) {
  for (const [plugin, dir] of [
    [relu, 'relu'],
    [leakyRelu, 'leaky-relu'],
    [prelu, 'prelu'],
    [rrelu, 'rrelu'],
  ] as const) {
    describeReference([plugin], fixtureOf(dir), { exact: [plugin.name], providers: [provider] });
  }
}
