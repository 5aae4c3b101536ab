/**
 * The parity results: one column per engine, one record per case, as
 * written to docs/parity/results.json and read back by the tests that keep
 * that file true.
 */
import { compareOutputs, rectifyOutputs, type Comparison, type DifferenceGroup, type Outputs, type Status } from './compare.js';
import { outputGradient, PARITY_CASES, type ParityCase } from './cases.js';

/** One case in one engine: Rectify's lowering, and where they differ, the engine's own ops. */
export interface CaseRecord extends Comparison {
  /** The case's name: `activation {config} [shape]`. */
  readonly name: string;
  /** The activation's canonical name. */
  readonly activation: string;
  /**
   * The same case with the engine's own ops for the lowering's native nodes
   * (`native: true`), where that changes the graph; absent elsewhere.
   */
  readonly native?: Comparison;
}

/** The identifiers of the engines, in the table's order. */
export const ENGINES = ['tfjs-cpu', 'tfjs-wasm', 'ort', 'ort-optimized', 'tfjs-webgl', 'tfjs-webgpu'] as const;

/** An engine's identifier. */
export type EngineId = (typeof ENGINES)[number];

/** One engine's column. */
export interface EngineColumn {
  /** The engine. */
  readonly id: EngineId;
  /** Whether it ran; a browser without a WebGPU adapter leaves webgpu unavailable. */
  readonly available: boolean;
  /** What it ran on (backend, adapter, versions), or why it did not run. */
  readonly note: string;
  /** Its cases; empty when unavailable. */
  readonly cases: readonly CaseRecord[];
}

/**
 * Runs one engine on a case: `native` asks for the engine's own ops for
 * the lowering's native nodes.
 */
export type CaseRunner = (c: ParityCase, dy: readonly number[], native: boolean) => Promise<Outputs>;

/**
 * Runs every parity case in an engine and compares it with Rectify.
 *
 * @param id - The engine.
 * @param note - What it runs on.
 * @param run - Runs one case.
 * @param changedByNative - Whether `native: true` changes a case's graph.
 * @param cases - The cases (all of them by default).
 * @returns The engine's column.
 */
export async function engineColumn(id: EngineId, note: string, run: CaseRunner, changedByNative: (c: ParityCase) => boolean, cases: readonly ParityCase[] = PARITY_CASES): Promise<EngineColumn> {
  const records: CaseRecord[] = [];
  for (const c of cases) {
    const dy = outputGradient(c);
    const want = rectifyOutputs(c, dy);
    const exact = compareOutputs(c, dy, want, await run(c, dy, false));
    const native = changedByNative(c) ? compareOutputs(c, dy, want, await run(c, dy, true)) : undefined;
    records.push({ name: c.name, activation: c.plugin.name, ...exact, ...(native === undefined ? {} : { native }) });
  }
  return { id, available: true, note, cases: records };
}

/** A difference group without its example values. */
type Shape = Pick<DifferenceGroup, 'output' | 'input' | 'nature' | 'count'>;

/** What must not change while the table stays true: each case's status and disagreements, without measured errors or examples. */
export interface ColumnFacts {
  /** The engine. */
  readonly id: EngineId;
  /** Each case's name, status and difference groups (and the same with the engine's own ops, where they ran). */
  readonly cases: readonly { readonly name: string; readonly status: Status; readonly differences: readonly Shape[]; readonly native?: { readonly status: Status; readonly differences: readonly Shape[] } }[];
}

const shapes = (differences: readonly DifferenceGroup[]): Shape[] =>
  differences.map(({ output, input, nature, count }) => ({ output, input, nature, count })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/**
 * The facts of a column that a rerun on another machine must reproduce.
 *
 * @param column - An engine's column.
 */
export function columnFacts(column: EngineColumn): ColumnFacts {
  return {
    id: column.id,
    cases: column.cases.map((c) => ({
      name: c.name,
      status: c.status,
      differences: shapes(c.differences),
      ...(c.native === undefined ? {} : { native: { status: c.native.status, differences: shapes(c.native.differences) } }),
    })),
  };
}

/** The whole results file. */
export interface ParityResults {
  /** When, where and how the results were produced. */
  readonly generated: {
    readonly date: string;
    readonly command: string;
    readonly machine: string;
    readonly versions: Readonly<Record<string, string>>;
  };
  /** The engines' columns, in {@link ENGINES} order. */
  readonly engines: readonly EngineColumn[];
}
