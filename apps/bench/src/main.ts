#!/usr/bin/env node
/**
 * The Rectify benchmark: forward and backward of each activation beside the
 * copy limit, TensorFlow.js (cpu, wasm) and ONNX Runtime; or, with --quick,
 * only a check that all of them agree.
 *
 *   node dist/main.js [--quick] [--ops relu,prelu] [--sizes 1000,65536] [--dtypes float32,float64] [--threads 2] [--json .bench/results.json]
 *   node dist/main.js --overhead-only     (per-call time and heap bytes only, about a minute)
 *   node dist/main.js --bandwidth         (copy rate of one thread and of two at once, about 10 seconds)
 *   node dist/main.js --plain [--sizes 1048576] [--json .bench/plain.json]   (every activation's own loops, no provider, about a minute)
 *   node dist/main.js --table .bench/results.json   (a full run's results as a Markdown table)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { simdSupported, startThreads } from '@rectify/simd';
import { copyImpl, isSmooth, ortImpl, ortSingleImpl, OPS, rectifyImpl, tfjsImpl, workload, type Direction, type DType, type Impl, type Op, type Prepared } from './cases.js';
import { runChecks } from './check.js';
import { measureBandwidth } from './bandwidth.js';
import { measureOverhead, type OverheadRow } from './heap.js';
import { measurePlain, plainTable } from './plain.js';
import { markdownTable, type ResultRow } from './table.js';
import { timeSideBySide, type Budget, type Contender } from './timing.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    ops: { type: 'string' },
    sizes: { type: 'string' },
    json: { type: 'string' },
    'no-overhead': { type: 'boolean', default: false },
    'overhead-only': { type: 'boolean', default: false },
    bandwidth: { type: 'boolean', default: false },
    threads: { type: 'string' },
    table: { type: 'string' },
    plain: { type: 'boolean', default: false },
    dtypes: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: node apps/bench/dist/main.js [options] (from the repository root; pnpm bench builds it first)

  (no option)            every op forward and backward, float32 (and ReLU in float64), beside the copy limit,
                         TensorFlow.js (cpu, wasm) and ONNX Runtime; a table per op and a JSON file
  --ops a,b              only these ops (${OPS.join(', ')})
  --sizes n,m            element counts (default 1000,65536,1048576,16777216; with --plain, 1048576)
  --dtypes a,b           float32 and/or float64, for every op
  --threads n            kernel threads for the threaded rows (default: one per core; 1 leaves them out)
  --json file            where to write the results (default .bench/results.json; with --plain, .bench/plain.json)
  --no-overhead          skip the per-call time and heap measurements
  --quick                only check that every implementation agrees (CI's smoke test)
  --overhead-only        per-call time and heap bytes only
  --bandwidth            copy rate of one thread and of two at once
  --plain                every activation's own loops, no provider
  --table file           a full run's JSON as a Markdown table
  --help, -h             this text`);
  process.exit(0);
}

const jsonPath = values.json ?? (values.plain ? '.bench/plain.json' : '.bench/results.json');

// Threads for the kernel-threads rows: one per core unless told otherwise (1 leaves those rows out).
const threads = Number(values.threads ?? cpus().length);
if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new Error(`--threads must be an integer from 1 to 64, got ${values.threads}`);

const ops = (values.ops?.split(',') ?? [...OPS]) as Op[];
for (const op of ops) if (!(OPS as readonly string[]).includes(op)) throw new Error(`unknown op ${op}; use ${OPS.join(', ')}`);

const machine = {
  node: process.version,
  threads,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  simd: simdSupported(),
  date: new Date().toISOString(),
};

/** Time per measurement at N elements: samples of 20 ms (50 ms from 16M on), the median of up to 15 (7). */
const budgetFor = (n: number): Budget =>
  n >= 16_000_000 ? { sampleSeconds: 0.05, samples: 7, maxSeconds: 4 } : { sampleSeconds: 0.02, samples: 15, maxSeconds: 3 };

function writeJson(data: unknown): void {
  const file = resolve(process.cwd(), jsonPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  console.log(`\nwrote ${file}`);
}

if (values.table !== undefined) {
  const { rows } = JSON.parse(readFileSync(resolve(process.cwd(), values.table), 'utf8')) as { rows?: ResultRow[] };
  if (!Array.isArray(rows)) throw new Error(`${values.table} holds no rows: give the JSON of a full run`);
  process.stdout.write(markdownTable(rows));
  process.exit(0);
}

if (values.bandwidth) {
  const { single, concurrent } = await measureBandwidth();
  const total = concurrent.reduce((a, b) => a + b, 0);
  console.log(`Copy of 16,777,216 float32, out.set(x), G elements/s: one thread ${single.toFixed(2)}; two threads at once ${concurrent.map((r) => r.toFixed(2)).join(' + ')} = ${total.toFixed(2)} (${(total / single).toFixed(2)}× one thread)`);
  writeJson({ machine, mode: 'bandwidth', single, concurrent });
  process.exit(0);
}

if (values.plain) {
  const plainSizes = values.sizes?.split(',').map(Number) ?? [1_048_576];
  console.log(`Plain loops (no kernel provider): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  // Each dtype in a worker thread of its own, so that neither finds the loops' shared helpers optimised for the other.
  const rows = await measurePlain(plainSizes, budgetFor(Math.max(...plainSizes)), { isolate: true, onRow: () => process.stdout.write('.') });
  for (const n of plainSizes) {
    console.log(`\n\nN = ${n.toLocaleString('en-US')}: G elements/s (elements of x; of y for glu, whose x is [N/64, 128])\n`);
    process.stdout.write(plainTable(rows.filter((r) => r.n === n)));
  }
  writeJson({ machine, mode: 'plain', sizes: plainSizes, rows });
  process.exit(0);
}

if (values.quick) {
  const report = await runChecks(ops);
  writeJson({ machine, mode: 'quick', ...report });
  process.exit(report.failures.length === 0 ? 0 : 1);
}

const overheadBudget: Budget = { sampleSeconds: 0.01, samples: 15, maxSeconds: 2 };

function printOverhead(overhead: readonly OverheadRow[]): void {
  console.log('\nPer call, float32 (median ns and heap bytes allocated per call; result dropped, then kept):');
  for (const r of overhead) {
    const cells = [r.nanoseconds, r.bytes, r.nanosecondsKept, r.bytesKept].map((v, i) => `${v.toFixed(0).padStart(6)} ${i % 2 === 0 ? 'ns' : 'B '}`);
    console.log(`  N=${String(r.n).padStart(5)}  ${cells.join('  ')}  ${r.what}`);
  }
}

if (values['overhead-only']) {
  const overhead = measureOverhead(overheadBudget);
  printOverhead(overhead);
  writeJson({ machine, mode: 'overhead', overhead });
  process.exit(0);
}

const sizes = values.sizes?.split(',').map(Number) ?? [1000, 65_536, 1_048_576, 16_777_216];

interface Row {
  op: Op;
  direction: Direction;
  dtype: DType;
  n: number;
  impl: string;
  peer: boolean;
  seconds: number;
  gElementsPerSecond: number;
}

const rows: Row[] = [];
/** The name of the implementation that runs each activation's own loops. */
const PLAIN_LOOPS = rectifyImpl(false, false, 'scalar').name;
const threaded = threads > 1 && simdSupported() ? [rectifyImpl(true, (await startThreads(threads)) > 1)] : [];
const impls: Impl[] = [rectifyImpl(false), rectifyImpl(true), ...threaded, copyImpl, tfjsImpl('cpu'), tfjsImpl('wasm'), ortImpl];

/** One row of a table: an implementation. */
interface Entry {
  readonly impl: Impl;
  readonly label: string;
}

function entriesFor(op: Op, dtype: DType): Entry[] {
  // Every op also runs without a provider (each activation's own loop), the speed a user gets from the activation packages alone.
  const extra = [rectifyImpl(false, false, 'scalar')];
  if (op === 'relu' && dtype === 'float32') extra.push(rectifyImpl(false, false, 'typescript'));
  // The smooth ops' target is set against ONNX Runtime on one intra-op thread.
  const chosen = isSmooth(op) ? impls.map((impl) => (impl === ortImpl ? ortSingleImpl : impl)) : impls;
  return [...chosen, ...extra].map((impl) => ({ impl, label: impl.name }));
}

/** Times every implementation of one workload side by side and adds their rows. */
async function measure(op: Op, direction: Direction, dtype: DType, n: number): Promise<void> {
  const w = workload(op, direction, dtype, n);
  const ready: { entry: Entry; prepared: Prepared }[] = [];
  try {
    for (const entry of entriesFor(op, dtype)) {
      const prepared = await entry.impl.prepare(w);
      if (prepared !== undefined) ready.push({ entry, prepared });
    }
    const contender = ({ prepared }: (typeof ready)[number]): Contender => prepared;
    // Side by side, in turn; those that must run apart, one by one after them.
    const together = ready.filter(({ prepared }) => prepared.alone !== true);
    const apart = ready.filter(({ prepared }) => prepared.alone === true);
    const budget = budgetFor(n);
    const timed = [...together, ...apart];
    const timings = [...(await timeSideBySide(together.map(contender), budget))];
    for (const one of apart) timings.push(...(await timeSideBySide([contender(one)], budget)));
    timings.forEach(({ seconds }, j) => {
      const { entry } = timed[j] as { entry: Entry };
      rows.push({ op, direction, dtype, n, impl: entry.label, peer: entry.impl.peer, seconds, gElementsPerSecond: n / seconds / 1e9 });
    });
    process.stdout.write('.');
  } finally {
    for (const { prepared } of ready) prepared.dispose();
  }
}

// float32 for every op, and ReLU in float64 too, unless --dtypes names the dtypes to run every op in.
const dtypes = (values.dtypes?.split(',') ?? ['float32']) as DType[];
for (const dtype of dtypes) if (dtype !== 'float32' && dtype !== 'float64') throw new Error(`unknown dtype ${dtype}; use float32, float64`);
const cases: [Op, Direction, DType][] = [];
for (const dtype of dtypes) for (const op of ops) for (const direction of ['forward', 'backward'] as const) cases.push([op, direction, dtype]);
if (values.dtypes === undefined && ops.includes('relu')) cases.push(['relu', 'forward', 'float64'], ['relu', 'backward', 'float64']);

console.log(`Rectify benchmark: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, WebAssembly SIMD ${machine.simd ? 'yes' : 'no'}`);
for (const [op, direction, dtype] of cases) {
  for (const n of sizes) await measure(op, direction, dtype, n);
  printTable(op, direction, dtype);
}

const overhead = values['no-overhead'] ? [] : measureOverhead(overheadBudget);
if (overhead.length > 0) printOverhead(overhead);
writeJson({ machine, mode: 'full', sizes, rows: rows.map((r) => ({ ...r, ...ratios(r) })), overhead });

function ratios(r: Row): { toFastestPeer?: number; toCopyLimit?: number; toFastestBaseline?: number } {
  const same = rows.filter((o) => o.op === r.op && o.direction === r.direction && o.dtype === r.dtype && o.n === r.n);
  const peers = same.filter((o) => o.peer);
  const copy = same.find((o) => o.impl === copyImpl.name);
  const fastest = peers.length > 0 ? Math.max(...peers.map((p) => p.gElementsPerSecond)) : undefined;
  // The smooth ops' target: the fastest of the peers and Rectify's own plain loop.
  const baselines = isSmooth(r.op) ? [...peers, ...same.filter((o) => o.impl === PLAIN_LOOPS)] : [];
  const baseline = baselines.length > 0 ? Math.max(...baselines.map((p) => p.gElementsPerSecond)) : undefined;
  return {
    ...(fastest === undefined ? {} : { toFastestPeer: r.gElementsPerSecond / fastest }),
    ...(copy === undefined ? {} : { toCopyLimit: r.gElementsPerSecond / copy.gElementsPerSecond }),
    ...(baseline === undefined ? {} : { toFastestBaseline: r.gElementsPerSecond / baseline }),
  };
}

function printTable(op: Op, direction: Direction, dtype: DType): void {
  const mine = rows.filter((r) => r.op === op && r.direction === direction && r.dtype === dtype);
  const names = [...new Set(mine.map((r) => r.impl))];
  const baseline = isSmooth(op) ? '; ×b: × the fastest of the peers and the plain loops' : '';
  console.log(`\n${op} ${direction} ${dtype}: G elements/s (× fastest peer, × copy limit for Rectify${baseline})`);
  console.log(['impl'.padEnd(34), ...sizes.map((n) => String(n).padStart(30))].join(''));
  for (const name of names) {
    const cells = sizes.map((n) => {
      const r = mine.find((o) => o.impl === name && o.n === n);
      if (r === undefined) return '—'.padStart(30);
      const q = ratios(r);
      const target = q.toFastestBaseline === undefined ? '' : ` ${q.toFastestBaseline.toFixed(1)}×b`;
      const extra = name.startsWith('rectify') ? ` ${q.toFastestPeer?.toFixed(1) ?? '—'}× ${q.toCopyLimit?.toFixed(2) ?? '—'}×${target}` : '';
      return `${r.gElementsPerSecond.toFixed(3)}${extra}`.padStart(30);
    });
    console.log([name.padEnd(34), ...cells].join(''));
  }
}
