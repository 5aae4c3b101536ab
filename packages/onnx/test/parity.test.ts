import { describe, expect, it } from 'vitest';
import { PARITY_CASES } from '../../../scripts/parity/cases.js';
import { columnFacts, engineColumn } from '../../../scripts/parity/report.js';
import { committedColumn, fragmentDirectory, writeFragment } from '../../../scripts/parity/results-file.js';
import { onnxHasNativeOps, runOnnxCase } from './parity-engine.js';
import { createRequire } from 'node:module';

const ortVersion = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;
const out = fragmentDirectory();

describe.each([
  ['ort', false, 'graph optimisation off'],
  ['ort-optimized', true, 'graph optimisation at its default (all)'],
] as const)('the parity table\'s %s column (docs/parity.md)', (id, optimized, how) => {
  it('should be what this run measures: each case\'s status and disagreements', async () => {
    // Act
    const column = await engineColumn(id, `onnxruntime-node ${ortVersion}, CPU, float32, opset 17, ${how}`, (c, dy, native) => runOnnxCase(c, dy, native, optimized), onnxHasNativeOps);
    // Assert
    expect(column.cases.map((c) => c.name)).toEqual(PARITY_CASES.map((c) => c.name));
    if (out !== undefined) writeFragment(out, column);
    else expect(columnFacts(column)).toEqual(columnFacts(committedColumn(id)));
  });
});
