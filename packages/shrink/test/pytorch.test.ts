import { readFileSync } from 'node:fs';
import { describeReference } from '@rectify/testing/vitest';
import { hardshrink, softshrink, tanhshrink, threshold } from '../src/index.js';

// PyTorch's values and gradients, from scripts/fixtures/pytorch.py: the piecewise-linear ones bit for bit, tanhshrink within the kit's tolerance.
describeReference([hardshrink, softshrink, tanhshrink, threshold], JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')), {
  exact: ['hardshrink', 'softshrink', 'threshold'],
});
