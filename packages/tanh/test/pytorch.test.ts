import { readFileSync } from 'node:fs';
import { describeReference } from '@rectify/testing/vitest';
import { hardtanh, relu6, softsign, tanh } from '../src/index.js';

// PyTorch's values and gradients, from scripts/fixtures/pytorch.py: the clamps bit for bit, tanh and softsign within the kit's tolerance.
describeReference([tanh, softsign, hardtanh, relu6], JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')), {
  exact: ['hardtanh', 'relu6'],
});
