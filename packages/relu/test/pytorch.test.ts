import { readFileSync } from 'node:fs';
import { describeReference } from '@rectify/testing/vitest';
import { relu } from '../src/index.js';

// PyTorch's values and gradients, from scripts/fixtures/pytorch.py: every case bit for bit.
describeReference([relu], JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')), { exact: ['relu'] });
