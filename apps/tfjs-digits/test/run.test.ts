import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import * as tfl from '@tensorflow/tfjs-layers';
import { onnxLayersOf } from '../src/export.js';
import { main } from '../src/cli.js';
import { runDigits, type DigitsReport } from '../src/run.js';

const folder = mkdtempSync(join(tmpdir(), 'tfjs-digits-'));
let report: DigitsReport;
beforeAll(async () => {
  report = await runDigits({ train: 600, test: 200, epochs: 2, hidden: 16, seed: 3, learningRate: 0.005, out: folder });
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('training in TensorFlow.js with Rectify layers, then ONNX', () => {
  it('should give the same test accuracy in TensorFlow.js, after a save and reload, and in ONNX Runtime', () => {
    expect(report.losses.length).toBe(2);
    expect(report.losses[1]).toBeLessThan(report.losses[0] as number);
    expect(report.tfjsAccuracy).toBeGreaterThan(0.5); // far above chance (0.1)
    expect(report.reloadedIdentical).toBe(true);
    expect(report.reloadedAccuracy).toBe(report.tfjsAccuracy);
    expect(report.agreeing).toBe(200);
    expect(report.onnxAccuracy).toBe(report.tfjsAccuracy);
    expect(report.largestDifference).toBeLessThan(1e-5);
    for (const file of report.files) expect(existsSync(file)).toBe(true);
  });

  it('should write the trained activations as Rectify JSON that a registry reads back, PReLU\'s slopes trained', () => {
    const registry = createRegistry().use(builtInPlugins);
    const documents = Object.values(JSON.parse(readFileSync(join(folder, 'activations.json'), 'utf8')) as Record<string, unknown>);
    const activations = documents.map((d) => registry.fromJSON(d));
    expect(activations.map((a) => a.name)).toEqual(['maxout', 'prelu', 'rrelu', 'softmax']);
    const slopes = Array.from(activations[1]!.parameters[0]!.data);
    expect(slopes.length).toBe(16);
    expect(slopes.some((s) => s !== 0.25)).toBe(true);
  });

  it('should refuse to export a dense layer with a built-in tfjs activation, naming the layer', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3], activation: 'relu' })] });
    expect(() => onnxLayersOf(model)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'layers[0]', value: 'relu' }));
    model.dispose();
    const dropout = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] }), tfl.layers.dropout({ rate: 0.5 })] });
    expect(() => onnxLayersOf(dropout)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'layers[1]', value: 'Dropout' }));
    dropout.dispose();
  });

  it('should exit with 2 on a bad option, running nothing', async () => {
    const errors: string[] = [];
    expect(await main(['--epochs', 'many'], () => undefined, (t) => errors.push(t))).toBe(2);
    expect(errors.join('')).toContain('expected a positive integer, got "many"');
  });
});
