import type { DType } from '@rectify/core';
import type { ReferenceCase } from './fixture.js';

/**
 * Two extremes of one dtype.
 * @public
 */
export interface DtypeLimits {
  /** The largest finite value. */
  readonly max: number;
  /** The smallest positive subnormal. */
  readonly tiny: number;
}

/**
 * The extremes of each dtype that edge-case tables use: the largest finite
 * value and the smallest subnormal.
 * @public
 */
export const DTYPE_LIMITS: Readonly<Record<DType, DtypeLimits>> = Object.freeze({
  float32: Object.freeze({ max: 3.4028234663852886e38, tiny: 2 ** -149 }),
  float64: Object.freeze({ max: Number.MAX_VALUE, tiny: 2 ** -1074 }),
});

/**
 * One row of an edge-case table: an input, and the reference's y and dx there.
 * @public
 */
export type EdgeRow = readonly [x: number, y: number, dx: number];

/**
 * A reference case for `checkReference`/`describeReference` from a table of
 * rows written by hand (from PyTorch, one input at a time), all with one dy.
 *
 * @param name - The activation's canonical name.
 * @param config - Its config.
 * @param dtype - The dtype of the table.
 * @param rows - `[x, y, dx]` rows.
 * @param dy - The output gradient of every row. Defaults to −1.5: a negative
 * dy shows a dy·0 gradient as −0, where a selected 0 stays +0.
 * @public
 */
export function edgeCase(name: string, config: Readonly<Record<string, unknown>>, dtype: DType, rows: readonly EdgeRow[], dy = -1.5): ReferenceCase {
  return { name, config, dtype, shape: [rows.length], x: rows.map((r) => r[0]), dy: rows.map(() => dy), y: rows.map((r) => r[1]), dx: rows.map((r) => r[2]) };
}

/**
 * One row of an edge-case table with its own output gradient: an input, the
 * dy given to backward, and the reference's y and dx there.
 * @public
 */
export type EdgeRowWithDy = readonly [x: number, dy: number, y: number, dx: number];

/**
 * Reference cases, one per dtype, from tables of rows that each carry their
 * own dy (a dy of ±∞ or ±0 shows what a gradient does with it).
 *
 * @param name - The activation's canonical name.
 * @param config - Its config.
 * @param table - `[x, dy, y, dx]` rows per dtype.
 * @public
 */
export function edgeCasesWithDy(name: string, config: Readonly<Record<string, unknown>>, table: Readonly<Partial<Record<DType, readonly EdgeRowWithDy[]>>>): ReferenceCase[] {
  return (Object.keys(table) as DType[]).map((dtype) => {
    const rows = table[dtype] as readonly EdgeRowWithDy[];
    return { name, config, dtype, shape: [rows.length], x: rows.map((r) => r[0]), dy: rows.map((r) => r[1]), y: rows.map((r) => r[2]), dx: rows.map((r) => r[3]) };
  });
}
