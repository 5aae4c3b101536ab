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
