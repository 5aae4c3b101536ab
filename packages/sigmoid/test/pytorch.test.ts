import { readFileSync } from 'node:fs';
import { describeReference } from '@rectify/testing/vitest';
import { hardsigmoid, hardswish, logsigmoid, sigmoid, silu } from '../src/index.js';

/** PyTorch 1.13's values and gradients, written by scripts/fixtures/pytorch.py. */
const fixture: unknown = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8'));

// Hardsigmoid and Hardswish repeat PyTorch's float32 and float64 arithmetic step by step: bit for bit.
describeReference([sigmoid, logsigmoid, hardsigmoid, silu, hardswish], fixture, { exact: ['hardsigmoid', 'hardswish'] });
