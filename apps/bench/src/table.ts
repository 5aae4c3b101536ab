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
  /** For the smooth operations: the ratio to the fastest of the peers and Rectify's own plain loops. */
  readonly toFastestBaseline?: number;
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

function ratios(cells: readonly (ResultRow | undefined)[], key: 'toFastestPeer' | 'toCopyLimit' | 'toFastestBaseline'): string {
  return cells
    .slice(0, RECTIFY_COLUMNS)
    .map((cell) => {
      const value = cell?.[key];
      return value === undefined ? '—' : `${value.toFixed(2)}×`;
    })
    .join(' / ');
}

/** The smooth operations' table: each Rectify path, its own plain loops and the peers, ONNX Runtime on one thread. */
const SMOOTH_COLUMNS: readonly { readonly heading: string; readonly matches: (impl: string) => boolean }[] = [
  { heading: 'Rectify, plain arrays', matches: (impl) => impl === 'rectify' },
  { heading: 'Rectify, wasm memory', matches: (impl) => impl === 'rectify (wasm memory)' },
  { heading: 'Rectify, wasm memory, threads', matches: (impl) => /^rectify \(wasm memory, \d+ threads\)$/.test(impl) },
  { heading: 'plain loops', matches: (impl) => impl === 'rectify (plain loops)' },
  { heading: 'tfjs-cpu', matches: (impl) => impl === 'tfjs-cpu' },
  { heading: 'tfjs-wasm', matches: (impl) => impl === 'tfjs-wasm' },
  { heading: 'onnxruntime, 1 thread', matches: (impl) => impl === 'onnxruntime (1 thread)' },
];

/** Groups rows by operation and size, in first-seen order. */
function grouped(rows: readonly ResultRow[]): ResultRow[][] {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const key = `${groupName(r)}\u0000${r.n}`;
    const group = groups.get(key) ?? [];
    group.push(r);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The smooth operations' rows (those with a ratio to the fastest baseline)
 * as a Markdown table: G elements/s of each column, the ratio of each Rectify
 * path to the fastest of the peers and the plain loops, and the speed-up of
 * the kernel threads over one thread in wasm memory.
 *
 * @param rows - The rows of a full run, with their ratios.
 * @returns The table, heading and separator included, one line per operation and size; empty when there is no such row.
 */
export function smoothTable(rows: readonly ResultRow[]): string {
  const groups = grouped(rows).filter((same) => same.some((r) => r.toFastestBaseline !== undefined));
  if (groups.length === 0) return '';
  const heading = [
    'operation',
    'N',
    ...SMOOTH_COLUMNS.map((c) => c.heading),
    'Rectify ÷ fastest of peers and plain loops (plain / wasm memory / threads)',
    'threads ÷ one thread (wasm memory)',
  ];
  const lines = [`| ${heading.join(' | ')} |`, `|---|${heading.slice(1).map(() => '---:').join('|')}|`];
  for (const same of groups) {
    const first = same[0] as ResultRow;
    const cells = SMOOTH_COLUMNS.map((c) => same.find((r) => c.matches(r.impl)));
    const speeds = cells.map((cell) => (cell === undefined ? '—' : cell.gElementsPerSecond.toFixed(3)));
    const [, one, threads] = cells;
    const speedUp = one === undefined || threads === undefined ? '—' : `${(threads.gElementsPerSecond / one.gElementsPerSecond).toFixed(2)}×`;
    lines.push(`| ${[groupName(first), first.n.toLocaleString('en-US'), ...speeds, ratios(cells, 'toFastestBaseline'), speedUp].join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Renders rows as a Markdown table, in the order their operation and size
 * first appear; a missing measurement is a dash. The smooth operations' rows
 * (with a ratio to the fastest baseline) go to {@link smoothTable} instead.
 *
 * @param rows - The rows of a full run, with their ratios.
 * @returns The table, heading and separator included, one line per row; then the smooth operations' table, if any.
 */
export function markdownTable(rows: readonly ResultRow[]): string {
  const smooth = smoothTable(rows);
  const smoothRows = new Set(grouped(rows).flatMap((same) => (same.some((r) => r.toFastestBaseline !== undefined) ? same : [])));
  const rectifiers = rows.filter((r) => !smoothRows.has(r));
  const main = rectifierTable(rectifiers);
  return smooth === '' ? main : main === '' ? smooth : `${main}\n${smooth}`;
}

/** The rectifiers' table: each Rectify path beside the copy limit and the peers. */
function rectifierTable(rows: readonly ResultRow[]): string {
  if (rows.length === 0) return '';
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
