import { readFileSync } from 'node:fs';
import { describeReference } from '@rectify/testing/vitest';
import { celu, elu, selu } from '../src/index.js';

// PyTorch's values and gradients, from scripts/fixtures/pytorch.py, within the kit's tolerance (PyTorch's exp is an approximation of its own).
describeReference([elu, celu, selu], JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')));
