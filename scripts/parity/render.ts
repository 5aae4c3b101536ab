/**
 * Renders docs/parity.md from the parity results: the table of engines by
 * activation, then every difference with its input and whether Rectify
 * corrects it.
 */
import { worse, type DifferenceGroup, type Status } from './compare.js';
import type { CaseRecord, EngineColumn, EngineId, ParityResults } from './report.js';

/** The table's column headings. */
const HEADINGS: Readonly<Record<EngineId, string>> = {
  'tfjs-cpu': 'tfjs-cpu',
  'tfjs-wasm': 'tfjs-wasm',
  ort: 'ORT, opt. off',
  'ort-optimized': 'ORT, opt. on',
  'tfjs-webgl': 'tfjs-webgl',
  'tfjs-webgpu': 'tfjs-webgpu',
};

/** One activation's cases in one engine, summed up. */
interface Cell {
  readonly status: Status;
  readonly maxError: number;
  readonly differing: number;
  /** Whether the engine's own ops differ somewhere Rectify's lowering does not. */
  readonly corrected: boolean;
}

const keyOf = (d: DifferenceGroup): string => `${d.output}|${d.input}|${d.nature}`;

/** The differences that only the engine's own ops show, in a case. */
function correctedOnly(record: CaseRecord): DifferenceGroup[] {
  if (record.native === undefined) return [];
  const own = new Set(record.differences.map(keyOf));
  return record.native.differences.filter((d) => !own.has(keyOf(d)));
}

function cellOf(records: readonly CaseRecord[]): Cell {
  return records.reduce<Cell>(
    (cell, r) => ({
      status: worse(cell.status, r.status),
      maxError: Math.max(cell.maxError, r.maxError),
      differing: cell.differing + r.differences.reduce((n, d) => n + d.count, 0),
      corrected: cell.corrected || correctedOnly(r).length > 0,
    }),
    { status: 'exact', maxError: 0, differing: 0, corrected: false },
  );
}

const exponent = (v: number): string => v.toExponential(1).replace('e-', 'e−');

function formatCell(column: EngineColumn, records: readonly CaseRecord[]): string {
  if (!column.available) return 'unavailable';
  const cell = cellOf(records);
  const mark = cell.corrected ? ' †' : '';
  if (cell.status === 'exact') return `exact${mark}`;
  if (cell.status === 'close') return `≈ ${exponent(cell.maxError)}${mark}`;
  return `differs (${cell.differing})${mark}`;
}

/** Escapes a table cell. */
const cell = (text: string | undefined): string => (text ?? '').replaceAll('|', '\\|');

/** The configs of an activation's cases, as the case names write them. */
const configOf = (name: string): string => /\{.*\}/.exec(name)?.[0] ?? '{}';

interface Row {
  readonly activation: string;
  readonly configs: string[];
  readonly group: DifferenceGroup;
  count: number;
  readonly corrected: boolean;
}

/** One engine's differences, merged across an activation's configs. */
function rowsOf(column: EngineColumn): Row[] {
  const rows = new Map<string, Row>();
  const add = (record: CaseRecord, group: DifferenceGroup, corrected: boolean): void => {
    const key = `${record.activation}|${keyOf(group)}|${corrected}`;
    const row = rows.get(key);
    if (row === undefined) rows.set(key, { activation: record.activation, configs: [configOf(record.name)], group, count: group.count, corrected });
    else {
      row.count += group.count;
      if (!row.configs.includes(configOf(record.name))) row.configs.push(configOf(record.name));
    }
  };
  for (const record of column.cases) {
    for (const d of record.differences) add(record, d, false);
    for (const d of correctedOnly(record)) add(record, d, true);
  }
  return [...rows.values()];
}

function differencesSection(column: EngineColumn): string[] {
  const rows = rowsOf(column);
  const lines = [`### ${HEADINGS[column.id]}`, '', column.note, ''];
  if (!column.available) return lines;
  if (rows.length === 0) return [...lines, 'No differences: every value within tolerance, with the engine\'s own ops too.', ''];
  lines.push(
    '| activation | configs | output | input | what the engine gives | elements | x | dy | Rectify | engine | Rectify corrects it |',
    '| --- | --- | --- | --- | --- | ---: | --- | --- | --- | --- | --- |',
  );
  for (const r of rows) {
    const e = r.group.example;
    const corrects = r.corrected ? 'yes: only the engine\'s own ops (`native: true`) give this' : 'no';
    lines.push(`| ${r.activation} | ${cell(r.configs.map((c) => `\`${c}\``).join(', '))} | ${r.group.output} | ${cell(r.group.input)} | ${cell(r.group.nature)} | ${r.count} | ${cell(e.x)} | ${cell(e.dy)} | ${cell(e.want)} | ${cell(e.got)} | ${corrects} |`);
  }
  return [...lines, ''];
}

/** The activations an engine also ran with its own ops. */
function nativeIn(engines: readonly EngineColumn[], id: EngineId): string {
  const names = [...new Set(engines.find((e) => e.id === id)?.cases.filter((c) => c.native !== undefined).map((c) => c.activation))];
  return names.length === 0 ? 'none' : names.join(', ');
}

/**
 * The parity page.
 *
 * @param results - The results of a run of every engine.
 * @returns docs/parity.md's Markdown.
 */
export function renderParity(results: ParityResults): string {
  const { generated, engines } = results;
  const activations = [...new Set(engines.flatMap((e) => e.cases.map((c) => c.activation)))];
  const caseCount = Math.max(...engines.map((e) => e.cases.length));
  const table = [
    `| activation | ${engines.map((e) => HEADINGS[e.id]).join(' | ')} |`,
    `| --- | ${engines.map(() => '---').join(' | ')} |`,
    ...activations.map((a) => `| ${a} | ${engines.map((e) => formatCell(e, e.cases.filter((c) => c.activation === a))).join(' | ')} |`),
  ];
  const unavailable = engines.filter((e) => !e.available);
  return [
    '---',
    'title: Parity with other engines',
    '---',
    '',
    '# Parity with other engines',
    '',
    '<!-- Generated by `pnpm parity` (scripts/parity/generate.mjs) from docs/parity/results.json; do not edit by hand. -->',
    '',
    `Each built-in activation runs in TensorFlow.js (through \`toTfjs\`) and in ONNX Runtime (through \`toOnnx\` and \`toOnnxBackward\`) on ${caseCount} cases:`,
    'its configs, one float32 input each with the conformance kit\'s edge values (±0, NaN, ±∞, subnormals, the largest float32, saturating',
    'magnitudes, each config\'s kinks; ties for Maxout; slices holding NaN, ±∞ and ±1e30 for the axis activations), and an output gradient with ±0, NaN',
    'and ∞. Every engine\'s y, dx (`tf.grad`, the backward model) and PReLU\'s weight gradient are compared, element by element, with',
    'Rectify\'s own forward and backward (PyTorch\'s values) on the same inputs. Each engine runs Rectify\'s default lowering; where `native: true`',
    `changes the graph to the engine's own ops (in TensorFlow.js for ${nativeIn(engines, 'tfjs-cpu')}; in ONNX Runtime for ${nativeIn(engines, 'ort')}),`,
    'that runs too, to show what Rectify corrects.',
    '',
    `Produced on ${generated.date.slice(0, 10)} (${generated.date}) by \`${generated.command}\` on ${generated.machine}.`,
    `Versions: ${Object.entries(generated.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    '- **exact**: every value bit for bit (NaN equals NaN; −0 differs from +0).',
    '- **≈ e**: NaN, ±∞ and signed zeros exactly, every other value within the case\'s tolerance in the mixed error |got − want| / max(|want|, 1);',
    '  e is the largest measured. The tolerance is 1e−6 (8 float32 ulps of 1), 4e−6 for SiLU, GELU, Mish and GLU; PReLU\'s weight gradient,',
    '  a float32 sum, within the rounding bound of a float32 sum of x·dy.',
    '- **differs (n)**: n elements beyond that, each listed below with its input.',
    '- **†**: the engine\'s own ops (`native: true`) differ here where Rectify\'s default lowering does not.',
    ...(unavailable.length === 0 ? [] : [`- **unavailable**: ${unavailable.map((e) => `${HEADINGS[e.id]} did not run (${e.note})`).join('; ')}.`]),
    '',
    ...table,
    '',
    'The Node.js columns (tfjs-cpu, tfjs-wasm, ONNX Runtime) are recomputed by the tests of `@rectify/tfjs` and `@rectify/onnx`',
    '(`test/parity.test.ts`), which fail when a status or a difference below changes; the browser columns come from headless Chromium',
    'with SwiftShader (`packages/tfjs/test/browser`), whose tests check loose bounds only, since GPU arithmetic is not Rectify\'s.',
    '',
    '## Differences',
    '',
    'Grouped by activation, output, kind of input and what differs; one example each (x and dy for elementwise activations).',
    'Rectify corrects a difference when it appears only with the engine\'s own ops: the default lowering gives Rectify\'s value there.',
    '',
    ...engines.flatMap(differencesSection),
  ].join('\n');
}
