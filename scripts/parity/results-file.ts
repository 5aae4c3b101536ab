/**
 * Where the parity results live, and how a run hands its engine's column to
 * the generator: with `RECTIFY_PARITY_OUT` set to a directory, the parity
 * tests write their columns there instead of checking them against the
 * committed file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineColumn, EngineId, ParityResults } from './report.js';

/** docs/parity/results.json, the raw results the table is rendered from. */
export const RESULTS_PATH = fileURLToPath(new URL('../../docs/parity/results.json', import.meta.url));
/** docs/parity.md, the table. */
export const TABLE_PATH = fileURLToPath(new URL('../../docs/parity.md', import.meta.url));

/** The directory a generator run collects the columns in, or `undefined` in an ordinary test run. */
export function fragmentDirectory(): string | undefined {
  const dir = process.env['RECTIFY_PARITY_OUT'];
  return dir === undefined || dir === '' ? undefined : dir;
}

/**
 * Writes an engine's column for the generator to collect.
 *
 * @param dir - The directory from {@link fragmentDirectory}.
 * @param column - The column.
 */
export function writeFragment(dir: string, column: EngineColumn): void {
  writeFileSync(join(dir, `${column.id}.json`), `${JSON.stringify(column, null, 1)}\n`);
}

/** The committed results. */
export function committedResults(): ParityResults {
  return JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as ParityResults;
}

/**
 * One engine's committed column.
 *
 * @param id - The engine.
 * @throws Error if the committed results have no such column.
 */
export function committedColumn(id: EngineId): EngineColumn {
  const column = committedResults().engines.find((e) => e.id === id);
  if (column === undefined) throw new Error(`${RESULTS_PATH} has no column ${id}; run pnpm parity`);
  return column;
}
