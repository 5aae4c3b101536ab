import { readFileSync } from 'node:fs';
import { describeReference } from '@rectify/testing/vitest';
import { logSoftmax, softmax, softmin } from '../src/index.js';

// PyTorch 1.13's F.softmax, F.log_softmax and F.softmin along dim, written by scripts/fixtures/pytorch.py:
// rows with huge values, ±Infinity and NaN among random ones; y and dx within 6e-7 (float32) and 1e-15
// (float64) in mixed error, NaN, infinities and signs of zero exactly.
const fixture: unknown = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8'));

describeReference([softmax, logSoftmax, softmin], fixture);
