import { readFileSync } from 'node:fs';
import { describeReference } from '@rectify/testing/vitest';
import { softplus } from '../src/index.js';

/** PyTorch 1.13's values and gradients, written by scripts/fixtures/pytorch.py. */
const fixture: unknown = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8'));

describeReference([softplus], fixture);
