import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RectifyError } from '@rectify/core';
import { chartSvg } from '../src/chart.js';
import { loadDigits, type Digits } from '../src/data.js';
import { gradientCell, jsonReport, magnitude, markdownReport, markdownTable, pooledShare } from '../src/report.js';
import { DEFAULT_OPTIONS, QUICK_OPTIONS, runStudy, type StudyOptions, type StudyResult } from '../src/study.js';

const TINY: StudyOptions = { ...QUICK_OPTIONS, train: 200, test: 100, hidden: [8, 8], epochs: 2, batchSize: 20 };

let digits: Digits;
let tiny: StudyResult;
beforeAll(() => {
  digits = loadDigits();
  tiny = runStudy(TINY, {}, digits);
});

describe('runStudy', () => {
  it('should run every activation at every learning rate, rates outermost', () => {
    expect(tiny.runs.map((run) => `${run.activation}@${run.learningRate}`)).toEqual(
      TINY.learningRates.flatMap((rate) => TINY.activations.map((name) => `${name}@${rate}`)),
    );
  });

  it('should give the same table and JSON from the same seed, and another table from another seed', () => {
    const again = runStudy(TINY, {}, digits);
    expect(markdownTable(again)).toBe(markdownTable(tiny));
    expect(JSON.stringify(jsonReport(again))).toBe(JSON.stringify(jsonReport(tiny)));
    const other = runStudy({ ...TINY, seed: 2 }, {}, digits);
    expect(markdownTable(other)).not.toBe(markdownTable(tiny));
  });

  it('should accept aliases and report canonical names, once each', () => {
    const result = runStudy({ ...TINY, epochs: 1, learningRates: [0.05], activations: ['LeakyReLU', 'leaky-relu', 'ReLU'] }, {}, digits);
    expect(result.options.activations).toEqual(['leaky_relu', 'relu']);
    expect(result.runs.map((run) => run.activation)).toEqual(['leaky_relu', 'relu']);
  });

  it('should report progress: a start and an end per run, epoch 0 and every epoch, every step', () => {
    const events: string[] = [];
    let steps = 0;
    runStudy({ ...TINY, epochs: 1, learningRates: [0.05], activations: ['relu'] }, {
      runStart: (run) => events.push(`start ${run.index}/${run.total} ${run.activation} ${run.steps}`),
      epoch: (record) => events.push(`epoch ${record.epoch}`),
      step: () => steps++,
      runEnd: (run) => events.push(`end ${run.activation}`),
    }, digits);
    expect(events).toEqual(['start 1/1 relu 10', 'epoch 0', 'epoch 1', 'end relu']);
    expect(steps).toBe(10);
  });

  it('should reject bad options with the field named, and suggest the nearest activation', () => {
    const cases: [Partial<StudyOptions>, string][] = [
      [{ epochs: 0 }, 'epochs'],
      [{ seed: -1 }, 'seed'],
      [{ learningRates: [0.1, Number.NaN] }, 'learningRates'],
      [{ learningRates: [] }, 'learningRates'],
      [{ hidden: [8, 0] }, 'hidden[1]'],
      [{ activations: [] }, 'activations'],
      [{ train: 9999, test: 2 }, 'test'],
    ];
    for (const [change, field] of cases) {
      expect(() => runStudy({ ...TINY, ...change }, {}, digits)).toThrow(expect.objectContaining({ field }) as RectifyError);
    }
    expect(() => runStudy({ ...TINY, activations: ['reul'] }, {}, digits)).toThrow(/Did you mean "relu"/);
  });
});

describe('the reports', () => {
  it('should have one table row per run, with a share per hidden layer', () => {
    const lines = markdownTable(tiny).trimEnd().split('\n');
    expect(lines).toHaveLength(2 + tiny.runs.length);
    expect(lines[0]).toContain('Never active (L1 / L2 / all)');
    expect(lines[0]).toContain('Weight gradient RMS (L1 / L2, ratio)');
    for (const row of lines.slice(2)) expect(row.split('|')).toHaveLength(11);
  });

  it('should pool the shares of all layers weighted by their widths', () => {
    expect(pooledShare([0.5, 0], [128, 128])).toBe(0.25);
    expect(pooledShare([0.25, 1], [300, 100])).toBe(0.4375);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 512 })), { minLength: 1, maxLength: 4 }), (layers) => {
        const shares = layers.map(([share]) => share);
        const pooled = pooledShare(shares, layers.map(([, width]) => width));
        expect(pooled).toBeGreaterThanOrEqual(Math.min(...shares) - 1e-12);
        expect(pooled).toBeLessThanOrEqual(Math.max(...shares) + 1e-12);
      }),
    );
  });

  it('should show the weight gradient RMS of the first and last hidden layer with their ratio', () => {
    expect(magnitude(0.008571)).toBe('8.6e-3');
    expect(magnitude(1234)).toBe('1.2e3');
    expect(magnitude(null)).toBe('–');
    expect(gradientCell([0.008571, 0.5, 0.02214])).toBe('8.6e-3 / 2.2e-2 (0.39)');
    expect(gradientCell([0.004])).toBe('4.0e-3');
    expect(gradientCell([4.3e-6, 1, 2.6e-3])).toBe('4.3e-6 / 2.6e-3 (1.7e-3)');
    expect(gradientCell([null, 0.02])).toBe('– / 2.0e-2 (–)');
    expect(gradientCell(null)).toBe('–');
  });

  it('should accept every elementwise activation, and refuse the softmax family and glu naming the value', () => {
    const result = runStudy({ ...TINY, epochs: 1, learningRates: [0.1], activations: ['sigmoid', 'tanh', 'gelu', 'silu', 'elu', 'softplus', 'hardtanh'] }, {}, digits);
    expect(result.runs.map((run) => run.activation)).toEqual(['sigmoid', 'tanh', 'gelu', 'silu', 'elu', 'softplus', 'hardtanh']);
    for (const name of ['softmax', 'log_softmax', 'softmin', 'glu']) {
      expect(() => runStudy({ ...TINY, activations: ['relu', name] }, {}, digits)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'activations', value: name }) as RectifyError,
      );
    }
  });

  it('should state the three definitions and the settings in the Markdown report', () => {
    const report = markdownReport(tiny);
    expect(report).toContain('never active: a hidden unit whose pre-activations are all ≤ 0 on every test example');
    expect(report).toContain('zero gradient:');
    expect(report).toContain('weight gradient RMS: for each hidden layer, the root mean square');
    expect(report).toContain('200 training and 100 test digits');
  });

  it('should write a JSON document with the full history of every run', () => {
    const json = JSON.parse(JSON.stringify(jsonReport(tiny))) as { format: string; runs: { history: unknown[] }[] };
    expect(json.format).toBe('rectify.dying-relu');
    expect(json.runs).toHaveLength(tiny.runs.length);
    for (const run of json.runs) expect(run.history.length).toBeGreaterThanOrEqual(2);
  });

  it('should draw two panels with a line per run in the SVG chart', () => {
    const svg = chartSvg(tiny);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const lines = svg.match(/<path d="M[^"]*" fill="none"/g) ?? [];
    // Never active: a line per run from epoch 0. Accuracy: from epoch 1, so not for runs that diverged in epoch 1.
    const trained = tiny.runs.filter((run) => run.history.length - (run.diverged ? 1 : 0) > 1).length;
    expect(trained).toBeGreaterThan(0);
    expect(lines).toHaveLength(tiny.runs.length + trained);
    expect(svg).toContain('Test accuracy after each epoch');
    expect(svg).toContain('Hidden units never active on the test set');
    for (const name of TINY.activations) expect(svg).toContain(`>${name}</text>`);
  });

  it('should end a diverged run before its last epoch and mark it in the chart and the table', () => {
    const result = runStudy({ ...TINY, epochs: 1, learningRates: [1e6], activations: ['leaky_relu'] }, {}, digits);
    expect(result.runs[0]?.diverged).toBe(true);
    expect(markdownTable(result)).toContain('diverged: training loss not finite in epoch 1');
    expect(chartSvg(result)).toContain('× diverged');
  });
});

describe('the presets', () => {
  it('should keep the quick study a smaller version of the default one', () => {
    expect(QUICK_OPTIONS.activations).toEqual(DEFAULT_OPTIONS.activations);
    expect(QUICK_OPTIONS.learningRates).toEqual(DEFAULT_OPTIONS.learningRates);
    expect(QUICK_OPTIONS.train * QUICK_OPTIONS.epochs).toBeLessThan(DEFAULT_OPTIONS.train * DEFAULT_OPTIONS.epochs);
  });
});
