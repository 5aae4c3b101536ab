import { describe, expect, it } from 'vitest';
import { PLAIN_PLUGINS, measurePlain, plainRegistry, plainShape, plainTable, type PlainRow } from '../src/plain.js';

describe('the plain-path mode', () => {
  it('should register every activation of the workspace once', () => {
    const names = plainRegistry().names();
    expect(names).toHaveLength(PLAIN_PLUGINS.length);
    expect(names).toEqual(expect.arrayContaining(['relu', 'maxout', 'sigmoid', 'hardswish', 'tanh', 'relu6', 'selu', 'gelu', 'mish', 'softplus', 'threshold', 'log_softmax', 'softmin', 'glu']));
  });

  it('should give the axis activations [N/64, 64], glu [N/64, 128] and the others [N]', () => {
    const shapes = Object.fromEntries(PLAIN_PLUGINS.map((p) => [p.name, plainShape(p, 256)]));
    expect(shapes['glu']).toEqual([4, 128]);
    for (const name of ['prelu', 'maxout', 'softmax', 'log_softmax', 'softmin']) expect(shapes[name]).toEqual([4, 64]);
    expect(shapes['relu']).toEqual([256]);
    expect(shapes['gelu']).toEqual([256]);
  });

  it('should time forwardInto and backwardInto of every activation in both dtypes on tiny inputs, and tabulate them', async () => {
    const rows = await measurePlain([128], { sampleSeconds: 0.0005, samples: 3, maxSeconds: 0.02 });
    expect(rows).toHaveLength(2 * PLAIN_PLUGINS.length);
    expect(new Set(rows.map((r) => `${r.activation} ${r.dtype}`)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.n).toBe(128);
      for (const speed of [r.forwardGElementsPerSecond, r.backwardGElementsPerSecond]) {
        expect(Number.isFinite(speed)).toBe(true);
        expect(speed).toBeGreaterThan(0);
      }
    }
    const table = plainTable(rows).split('\n');
    expect(table).toHaveLength(rows.length + 3);
    expect(table[0]).toBe('| activation | dtype | forward G elements/s | backward G elements/s |');
    expect(table[2]).toMatch(/^\| relu \| float32 \| [\d.]+ \| [\d.]+ \|$/);
  });

  it('should measure each dtype in a worker thread of its own, as --plain does (the built worker: turbo builds before testing)', async () => {
    const rows = await measurePlain([64], { sampleSeconds: 0.0005, samples: 3, maxSeconds: 0.02 }, { isolate: true, workerUrl: new URL('../dist/plain-worker.js', import.meta.url) });
    expect(rows.map((r) => `${r.activation} ${r.dtype}`)).toEqual([...PLAIN_PLUGINS.map((p) => `${p.name} float32`), ...PLAIN_PLUGINS.map((p) => `${p.name} float64`)]);
    for (const r of rows) expect(r.forwardGElementsPerSecond).toBeGreaterThan(0);
  });

  it('should write speeds with three significant digits below 1 and two decimals from 1 on', () => {
    const row = (forward: number, backward: number): PlainRow => ({ activation: 'gelu', dtype: 'float64', n: 1024, shape: [1024], forwardSeconds: 1024 / forward / 1e9, backwardSeconds: 1024 / backward / 1e9, forwardGElementsPerSecond: forward, backwardGElementsPerSecond: backward });
    expect(plainTable([row(0.012345, 2.3456)]).split('\n')[2]).toBe('| gelu | float64 | 0.0123 | 2.35 |');
  });

  it('should refuse a size that is not a multiple of 64', async () => {
    await expect(measurePlain([1000], { sampleSeconds: 0.001, samples: 3, maxSeconds: 0.01 })).rejects.toThrow(/positive multiple of 64 .*, got 1000$/);
  });
});
