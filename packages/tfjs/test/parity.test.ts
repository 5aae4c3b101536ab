import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { PARITY_CASES } from '../../../scripts/parity/cases.js';
import { columnFacts, engineColumn } from '../../../scripts/parity/report.js';
import { renderParity } from '../../../scripts/parity/render.js';
import { committedColumn, committedResults, fragmentDirectory, TABLE_PATH, writeFragment } from '../../../scripts/parity/results-file.js';
import { columnOfRun } from './browser/chromium-run.js';
import { loweringHasNativeNodes, runTfjsCase } from './browser/tfjs-engine.js';

setWasmPaths(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');

const out = fragmentDirectory();

describe.each(['cpu', 'wasm'] as const)('the parity table\'s tfjs-%s column (docs/parity.md)', (backend) => {
  it('should be what this run measures: each case\'s status and disagreements', async () => {
    // Arrange
    await tf.setBackend(backend);
    await tf.ready();
    // Act
    const column = await engineColumn(`tfjs-${backend}`, `@tensorflow/tfjs-backend-${backend} ${tf.version_core} in Node.js ${process.version}`, runTfjsCase, loweringHasNativeNodes);
    // Assert
    expect(column.cases.map((c) => c.name)).toEqual(PARITY_CASES.map((c) => c.name));
    if (out !== undefined) writeFragment(out, column);
    else expect(columnFacts(column)).toEqual(columnFacts(committedColumn(`tfjs-${backend}`)));
  });
});

describe('docs/parity.md', () => {
  // A generator run (RECTIFY_PARITY_OUT set) rewrites both files afterwards.
  it.skipIf(out !== undefined)('should be the table that docs/parity/results.json renders to (regenerate both with pnpm parity)', () => {
    expect(readFileSync(TABLE_PATH, 'utf8')).toBe(renderParity(committedResults()));
  });
});

describe('a browser without a WebGPU adapter', () => {
  it('should leave the tfjs-webgpu column unavailable, with the reason, in the results and the table', async () => {
    // Arrange
    const run = { backend: 'webgpu', available: false, device: 'navigator.gpu.requestAdapter() gave no adapter', outputs: {}, milliseconds: 0 } as const;
    // Act
    const column = await columnOfRun(run, '1.2.3');
    const committed = committedResults();
    const page = renderParity({ ...committed, engines: committed.engines.map((e) => (e.id === 'tfjs-webgpu' ? column : e)) });
    // Assert
    expect(column).toMatchObject({ id: 'tfjs-webgpu', available: false, cases: [] });
    expect(page).toMatch(/^\| relu \|.*\| unavailable \|$/m);
    expect(page).toContain('tfjs-webgpu did not run (@tensorflow/tfjs-backend-webgpu in headless Chromium 1.2.3: unavailable (navigator.gpu.requestAdapter() gave no adapter))');
  });
});
