/**
 * The quick mode: checks that every Rectify kernel path gives the scalar
 * path's bits, and that Rectify agrees with the peers; records where a peer
 * differs on edge cases (−0, NaN, infinities, subnormals, ties).
 */
import type { FloatArray } from '@rectify/core';
import { simdSupported, startThreads, stopThreads, wakeThreads, type KernelPath } from '@rectify/simd';
import { isSmooth, ortImpl, ortSingleImpl, rectifyImpl, tfjsImpl, workload, type Direction, type DType, type Impl, type Op, type Workload } from './cases.js';

/** The size the checks run at (a multiple of 64, and of the vector widths, plus a ragged tail). */
const N = 4096 + 64;
/** The size the kernel-threads checks run at: large enough that every splittable call is split, with ragged shares. */
const SPLIT_N = 65536 + 3 * 64;

/** Edge values written at the start of x; maxout groups them in adjacent pairs. */
export const EDGE_VALUES: readonly number[] = [
  -0, 0, 0, -0, Number.NaN, 1, 1, Number.NaN, 2, 2, -3, -3, Infinity, -Infinity, -Infinity, -Infinity,
  1e-45, -1e-45, -1e-45, 0, 3.4028234663852886e38, -3.4028234663852886e38, -1, -0, Number.NaN, Number.NaN, -2, 5, 0.5, -0.5, -0, -0,
];

/** One comparison. */
export interface Check {
  readonly op: Op;
  readonly direction: Direction;
  readonly dtype: DType;
  readonly inputs: 'random normal' | 'edge cases';
  readonly against: string;
  /** Elements that differ bit for bit (NaN equals NaN; −0 differs from +0). */
  readonly differing: number;
  /** Of those, elements where both are zeros of opposite sign. */
  readonly zeroSign: number;
  /** Of those, elements where exactly one is NaN. */
  readonly nan: number;
  /** Largest difference in units in the last place among the other differing elements (0 if none). */
  readonly maxUlp: number;
  /** Largest mixed error |a − b| / max(|b|, 1) among them (0 if none). */
  readonly maxMixed: number;
  /** A few differing elements, one of each kind first: x, Rectify's value, the other's value. */
  readonly examples: readonly string[];
}

function ulps(a: number, b: number, f32: boolean): number {
  if (Math.sign(a) !== Math.sign(b) || !Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  if (f32) {
    const ia = new Int32Array(Float32Array.of(a).buffer)[0] as number;
    const ib = new Int32Array(Float32Array.of(b).buffer)[0] as number;
    return Math.abs(ia - ib);
  }
  const ia = new BigInt64Array(Float64Array.of(a).buffer)[0] as bigint;
  const ib = new BigInt64Array(Float64Array.of(b).buffer)[0] as bigint;
  return Number(ia > ib ? ia - ib : ib - ia);
}

function show(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

function compare(w: Workload, mine: FloatArray, theirs: FloatArray): Omit<Check, 'op' | 'direction' | 'dtype' | 'inputs' | 'against'> {
  const f32 = mine instanceof Float32Array;
  let differing = 0;
  let zeroSign = 0;
  let nan = 0;
  let maxUlp = 0;
  let maxMixed = 0;
  const byKind: string[][] = [[], [], []];
  const x = w.x[0] as FloatArray;
  for (let i = 0; i < mine.length; i++) {
    const a = mine[i] as number;
    const b = theirs[i] as number;
    if (Object.is(a, b)) continue;
    differing++;
    let kind = 2;
    if (a === 0 && b === 0) {
      zeroSign++;
      kind = 0;
    } else if (Number.isNaN(a) || Number.isNaN(b)) {
      nan++;
      kind = 1;
    } else {
      maxUlp = Math.max(maxUlp, ulps(a, b, f32));
      maxMixed = Math.max(maxMixed, Number.isFinite(a) && Number.isFinite(b) ? Math.abs(a - b) / Math.max(Math.abs(b), 1) : Infinity);
    }
    const list = byKind[kind] as string[];
    if (list.length < 2) {
      const at = w.op === 'maxout' && w.direction === 'forward' ? `x=(${show(x[2 * i] as number)}, ${show(x[2 * i + 1] as number)})` : `x=${show(x[i] as number)}`;
      list.push(`${at}: rectify ${show(a)}, other ${show(b)}`);
    }
  }
  const examples = [...byKind.map((l) => l[0]), ...byKind.map((l) => l[1])].filter((e): e is string => e !== undefined).slice(0, 4);
  return { differing, zeroSign, nan, maxUlp, maxMixed, examples };
}

async function resultOf(impl: Impl, w: Workload): Promise<FloatArray | undefined> {
  const prepared = await impl.prepare(w);
  if (prepared === undefined) return undefined;
  const out = await prepared.result();
  prepared.dispose();
  return out;
}

/** What {@link runChecks} returns. */
export interface CheckReport {
  readonly checks: readonly Check[];
  /** Human-readable reasons the smoke test fails; empty when it passes. */
  readonly failures: readonly string[];
}

/**
 * The largest mixed error a smooth operation may have against a peer on
 * random inputs: each engine evaluates exp, tanh and their gradients its own
 * way (the fixtures' float32 tolerance is 6e-7 against PyTorch alone), and
 * two engines' errors add; a wrong formula is off by far more.
 */
const SMOOTH_PEER_TOLERANCE = 2e-6;

/** Where Rectify must match a peer bit for bit on random inputs: no arithmetic beyond a compare and a select. */
function peerMustMatch(op: Op, direction: Direction): boolean {
  return op === 'relu' || (op === 'maxout' && direction === 'forward');
}

/**
 * Runs the checks for the given operations, printing a summary.
 *
 * @param ops - Operations to check.
 */
export async function runChecks(ops: readonly Op[]): Promise<CheckReport> {
  const checks: Check[] = [];
  const failures: string[] = [];
  const paths: KernelPath[] = simdSupported() ? ['typescript', 'wasm', 'auto'] : ['typescript', 'auto'];
  const peers: Impl[] = [tfjsImpl('cpu'), tfjsImpl('wasm'), ortImpl];
  const smoothPeers: Impl[] = [tfjsImpl('cpu'), tfjsImpl('wasm'), ortSingleImpl];
  const cases: [Op, Direction, DType][] = [];
  for (const op of ops) for (const direction of ['forward', 'backward'] as const) cases.push([op, direction, 'float32']);
  for (const op of ops) for (const direction of ['forward', 'backward'] as const) cases.push([op, direction, 'float64']);
  for (const [op, direction, dtype] of cases) {
    for (const inputs of ['random normal', 'edge cases'] as const) {
      const w = workload(op, direction, dtype, N, 1, inputs === 'edge cases' ? EDGE_VALUES : []);
      const reference = (await resultOf(rectifyImpl(false, false, 'scalar'), w)) as FloatArray;
      const record = (against: string, theirs: FloatArray): Check => {
        const check = { op, direction, dtype, inputs, against, ...compare(w, reference, theirs) };
        checks.push(check);
        return check;
      };
      for (const inArena of [false, true]) {
        for (const path of paths) {
          const out = (await resultOf(rectifyImpl(inArena, false, path), w)) as FloatArray;
          const c = record(`rectify ${path} path${inArena ? ', wasm memory' : ''}`, out);
          if (c.differing > 0) failures.push(`${op} ${direction} ${dtype} (${inputs}): the ${c.against} differs from the scalar path in ${c.differing} elements, e.g. ${c.examples[0]}`);
        }
      }
      if (simdSupported()) {
        // Kernel threads on a shared arena, at a size where the calls are split across them.
        const large = workload(op, direction, dtype, SPLIT_N, 1, inputs === 'edge cases' ? EDGE_VALUES : []);
        const want = (await resultOf(rectifyImpl(false, false, 'scalar'), large)) as FloatArray;
        await startThreads(2);
        wakeThreads();
        const got = (await resultOf(rectifyImpl(true, true, 'auto'), large)) as FloatArray;
        await stopThreads();
        const c = { op, direction, dtype, inputs, against: 'rectify auto path, shared wasm memory, 2 threads', ...compare(large, want, got) };
        checks.push(c);
        if (c.differing > 0) failures.push(`${op} ${direction} ${dtype} (${inputs}): the ${c.against} differs from the scalar path in ${c.differing} elements, e.g. ${c.examples[0]}`);
      }
      if (op === 'rrelu_train') continue; // The peers draw other random slopes: nothing to compare.
      for (const peer of isSmooth(op) ? smoothPeers : peers) {
        const theirs = await resultOf(peer, w);
        if (theirs === undefined) continue;
        const c = record(peer.name, theirs);
        // On random inputs a peer may differ in the sign of a zero gradient (a documented finding) and,
        // where it rounds a slope differently, by one ulp; a smooth op by its engine's own approximation,
        // within SMOOTH_PEER_TOLERANCE; anything else is a disagreement.
        const numeric = c.differing - c.zeroSign;
        const tooFar = isSmooth(op) ? c.maxMixed > SMOOTH_PEER_TOLERANCE : c.maxUlp > 1;
        if (inputs === 'random normal' && numeric > 0 && (peerMustMatch(op, direction) || c.nan > 0 || tooFar)) {
          failures.push(`${op} ${direction} ${dtype}: Rectify and ${peer.name} differ in ${numeric} elements (max ${c.maxUlp} ulp, mixed error ${c.maxMixed.toExponential(2)}), e.g. ${c.examples[0]}`);
        }
      }
    }
  }
  printChecks(checks, failures);
  return { checks, failures };
}

function printChecks(checks: readonly Check[], failures: readonly string[]): void {
  const paths = checks.filter((c) => c.against.startsWith('rectify'));
  const identical = paths.filter((c) => c.differing === 0).length;
  console.log(`Rectify kernel paths: ${identical} of ${paths.length} comparisons bit-identical to the scalar path.`);
  console.log('\nRectify against the peers (elements differing of each output; examples for edge cases):');
  for (const c of checks.filter((c) => !c.against.startsWith('rectify'))) {
    const kinds = [
      c.zeroSign > 0 ? `${c.zeroSign} zero sign` : '',
      c.nan > 0 ? `${c.nan} NaN` : '',
      c.differing - c.zeroSign - c.nan > 0 ? `${c.differing - c.zeroSign - c.nan} by up to ${c.maxUlp} ulp (mixed error ${c.maxMixed.toExponential(2)})` : '',
    ];
    const verdict = c.differing === 0 ? 'bit-identical' : `${c.differing} differ: ${kinds.filter(Boolean).join(', ')}`;
    console.log(`  ${c.op} ${c.direction} ${c.dtype}, ${c.inputs}, ${c.against}: ${verdict}`);
    if (c.inputs === 'edge cases') for (const e of c.examples) console.log(`      ${e}`);
  }
  if (failures.length === 0) console.log('\nquick check passed');
  else {
    console.log('\nquick check FAILED:');
    for (const f of failures) console.log(`  ${f}`);
  }
}
