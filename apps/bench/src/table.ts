/**
 * The results of a full run as a Markdown table, one row per operation and
 * size, in the layout of docs/performance.md: G elements/s of each
 * implementation, then Rectify's ratios to the fastest peer and to the copy
 * limit.
 */

/** One measurement, as a full run's JSON records it. */
export interface ResultRow {
  readonly op: string;
  readonly direction: string;
  readonly dtype: string;
  readonly n: number;
  readonly impl: string;
  readonly gElementsPerSecond: number;
  readonly toFastestPeer?: number;
  readonly toCopyLimit?: number;
}

/** The table's implementation columns: a heading and which row fills it. */
const COLUMNS: readonly { readonly heading: string; readonly matches: (impl: string) => boolean }[] = [
  { heading: 'Rectify, plain arrays', matches: (impl) => impl === 'rectify' },
  { heading: 'Rectify, wasm memory', matches: (impl) => impl === 'rectify (wasm memory)' },
  { heading: 'Rectify, wasm memory, threads', matches: (impl) => /^rectify \(wasm memory, \d+ threads\)$/.test(impl) },
  { heading: 'copy limit', matches: (impl) => impl === 'copy limit' },
  { heading: 'tfjs-cpu', matches: (impl) => impl === 'tfjs-cpu' },
  { heading: 'tfjs-wasm', matches: (impl) => impl === 'tfjs-wasm' },
  { heading: 'onnxruntime', matches: (impl) => impl === 'onnxruntime' },
];

/** The three Rectify columns whose ratios the table gives. */
const RECTIFY_COLUMNS = 3;

const groupName = (r: ResultRow): string => `${r.op.replace('_', ' ')} ${r.direction} ${r.dtype}`;

function ratios(cells: readonly (ResultRow | undefined)[], key: 'toFastestPeer' | 'toCopyLimit'): string {
  return cells
    .slice(0, RECTIFY_COLUMNS)
    .map((cell) => {
      const value = cell?.[key];
      return value === undefined ? '—' : `${value.toFixed(2)}×`;
    })
    .join(' / ');
}

/**
 * Renders rows as a Markdown table, in the order their operation and size
 * first appear; a missing measurement is a dash.
 *
 * @param rows - The rows of a full run, with their ratios.
 * @returns The table, heading and separator included, one line per row.
 */
export function markdownTable(rows: readonly ResultRow[]): string {
  const keys: string[] = [];
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const key = `${groupName(r)}\u0000${r.n}`;
    if (!groups.has(key)) {
      groups.set(key, []);
      keys.push(key);
    }
    (groups.get(key) as ResultRow[]).push(r);
  }
  const heading = ['operation', 'N', ...COLUMNS.map((c) => c.heading), 'Rectify ÷ fastest peer (plain / wasm memory / threads)', 'Rectify ÷ copy limit (plain / wasm memory / threads)'];
  const lines = [`| ${heading.join(' | ')} |`, `|---|${heading.slice(1).map(() => '---:').join('|')}|`];
  for (const key of keys) {
    const same = groups.get(key) as ResultRow[];
    const first = same[0] as ResultRow;
    const cells = COLUMNS.map((c) => same.find((r) => c.matches(r.impl)));
    const speeds = cells.map((cell) => (cell === undefined ? '—' : cell.gElementsPerSecond.toFixed(2)));
    lines.push(`| ${[groupName(first), first.n.toLocaleString('en-US'), ...speeds, ratios(cells, 'toFastestPeer'), ratios(cells, 'toCopyLimit')].join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
