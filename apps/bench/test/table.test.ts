import { describe, expect, it } from 'vitest';
import { markdownTable, type ResultRow } from '../src/table.js';

const row = (impl: string, n: number, g: number, extra: Partial<ResultRow> = {}): ResultRow => ({ op: 'leaky_relu', direction: 'forward', dtype: 'float32', n, impl, gElementsPerSecond: g, ...extra });

describe('markdownTable', () => {
  it('should give one line per operation and size, in first-seen order, with dashes for what was not measured', () => {
    const table = markdownTable([
      row('rectify', 65_536, 2.5, { toFastestPeer: 0.5, toCopyLimit: 0.25 }),
      row('copy limit', 65_536, 10),
      row('tfjs-wasm', 65_536, 5),
      row('rectify (wasm memory, 2 threads)', 65_536, 12.345, { toFastestPeer: 2.469, toCopyLimit: 1.2345 }),
      row('rectify', 1000, 1, { toFastestPeer: 3, toCopyLimit: 0.1 }),
    ]).split('\n');
    expect(table).toHaveLength(5);
    expect(table[2]).toBe('| leaky relu forward float32 | 65,536 | 2.50 | — | 12.35 | 10.00 | — | 5.00 | — | 0.50× / — / 2.47× | 0.25× / — / 1.23× |');
    expect(table[3]).toBe('| leaky relu forward float32 | 1,000 | 1.00 | — | — | — | — | — | — | 3.00× / — / — | 0.10× / — / — |');
    expect(table[4]).toBe('');
    // Heading and separator have as many cells as a row.
    expect(table[0]?.split('|')).toHaveLength(table[2]?.split('|').length as number);
    expect(table[1]?.split('|')).toHaveLength(table[2]?.split('|').length as number);
  });
});

describe('smoothTable', () => {
  const smooth = (impl: string, g: number, extra: Partial<ResultRow> = {}): ResultRow => ({ op: 'sigmoid', direction: 'backward', dtype: 'float32', n: 65_536, impl, gElementsPerSecond: g, ...extra });

  it('should put the smooth operations in a table of their own, with the ratio to the fastest of the peers and the plain loops and the threads’ speed-up', () => {
    const text = markdownTable([
      row('rectify', 65_536, 2.5, { toFastestPeer: 0.5, toCopyLimit: 0.25 }),
      smooth('rectify', 1.2, { toFastestBaseline: 2.4 }),
      smooth('rectify (wasm memory)', 2, { toFastestBaseline: 4 }),
      smooth('rectify (wasm memory, 2 threads)', 3, { toFastestBaseline: 6 }),
      smooth('rectify (plain loops)', 0.05, { toFastestBaseline: 0.1 }),
      smooth('tfjs-wasm', 0.5),
      smooth('onnxruntime (1 thread)', 0.25),
    ]);
    const [rectifiers, smoothPart] = text.split('\n\n');
    expect(rectifiers?.split('\n')).toHaveLength(3);
    const lines = (smoothPart ?? '').split('\n');
    expect(lines[2]).toBe('| sigmoid backward float32 | 65,536 | 1.200 | 2.000 | 3.000 | 0.050 | — | 0.500 | 0.250 | 2.40× / 4.00× / 6.00× | 1.50× |');
    expect(lines[0]?.split('|')).toHaveLength(lines[2]?.split('|').length as number);
  });
});
