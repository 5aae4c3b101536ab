/**
 * Compares one engine's y, dx and parameter gradients with Rectify's on a
 * parity case, element by element, and sorts the disagreements into groups
 * by output, input and what differs.
 */
import { mixedError, sumBound } from '../../packages/testing/src/engine.js';
import { describeDifference, describeInput } from './describe.js';
import type { ParityCase } from './cases.js';

/** What an implementation computed for one case. */
export interface Outputs {
  /** The forward's output. */
  readonly y: ArrayLike<number>;
  /** The input's gradient for the case's dy. */
  readonly dx: ArrayLike<number>;
  /** Each learnable parameter's gradient, by name. */
  readonly gradients: Readonly<Record<string, ArrayLike<number>>>;
}

/**
 * How an engine's values compare with Rectify's: `'exact'` bit for bit (NaN
 * equals NaN, −0 differs from +0); `'close'` NaN, ±∞ and signed zeros
 * exactly and every other value within the case's tolerance in the mixed
 * error; `'differs'` otherwise.
 */
export type Status = 'exact' | 'close' | 'differs';

/** The elements of one case that disagree in the same way. */
export interface DifferenceGroup {
  /** `y`, `dx` or `d` + a parameter's name. */
  readonly output: string;
  /** The kind of input (see `describeInput`). */
  readonly input: string;
  /** What differs (see `describeDifference`). */
  readonly nature: string;
  /** How many elements. */
  readonly count: number;
  /** The first such element, its values written out. */
  readonly example: { readonly x?: string; readonly dy?: string; readonly want: string; readonly got: string };
}

/** The comparison of one engine run with Rectify. */
export interface Comparison {
  /** The case's status. */
  readonly status: Status;
  /** The largest finite mixed error of y and dx (0 when exact). */
  readonly maxError: number;
  /** The disagreements beyond the tolerance, grouped. */
  readonly differences: readonly DifferenceGroup[];
}

/**
 * Rectify's own float32 y, dx and parameter gradients for a case.
 *
 * @param c - The case.
 * @param dy - The output gradient.
 * @returns What Rectify computes.
 */
export function rectifyOutputs(c: ParityCase, dy: readonly number[]): Outputs {
  const act = c.plugin.create(c.config);
  if (c.weights !== undefined) (act.parameters[0] as { data: Float64Array }).data.set(c.weights);
  const { y, backward } = act.forward({ data: Float32Array.from(c.x), shape: Object.freeze([...c.shape]) });
  const dx = backward({ data: Float32Array.from(dy), shape: y.shape });
  return { y: y.data, dx: dx.data, gradients: Object.fromEntries(act.parameters.map((p) => [p.name, p.grad.data])) };
}

const RANK: Readonly<Record<Status, number>> = { exact: 0, close: 1, differs: 2 };

/**
 * The worse of two statuses.
 *
 * @param a - A status.
 * @param b - Another.
 */
export function worse(a: Status, b: Status): Status {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Writes a float32 value in the fewest digits that give it back (−0, NaN and ∞ by name).
 *
 * @param v - A float32 value.
 */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (Object.is(v, -0)) return '−0';
  const large = Math.abs(v) >= 1e6;
  for (let digits = 1; digits <= 17; digits++) {
    const text = large ? v.toExponential(digits - 1) : String(Number(v.toPrecision(digits)));
    if (Math.fround(Number(text)) === Math.fround(v)) return text.replaceAll('-', '−');
  }
  return String(v);
}

/**
 * Compares an engine's outputs with Rectify's for one case.
 *
 * @param c - The case.
 * @param dy - The output gradient both were given.
 * @param want - Rectify's outputs.
 * @param got - The engine's.
 * @returns The status, the largest mixed error and the grouped disagreements.
 * @throws RangeError if an output's length differs from Rectify's.
 */
export function compareOutputs(c: ParityCase, dy: readonly number[], want: Outputs, got: Outputs): Comparison {
  const tolerance = c.agreement.tolerance ?? 0;
  const groups = new Map<string, { group: Omit<DifferenceGroup, 'count'>; count: number }>();
  let status: Status = 'exact';
  let maxError = 0;
  const note = (output: string, index: number, a: number, b: number): void => {
    const input = describeInput(c, output, index, dy);
    const nature = describeDifference(a, b);
    const key = `${output}|${input}|${nature}`;
    const found = groups.get(key);
    if (found !== undefined) found.count += 1;
    else {
      const xs = input.startsWith('x ') ? { x: formatValue(Math.fround(c.x[index] as number)) } : {};
      const dys = output === 'dx' && c.plugin.traits.elementwise ? { dy: formatValue(dy[index] as number) } : {};
      groups.set(key, { group: { output, input, nature, example: { ...xs, ...dys, want: formatValue(b), got: formatValue(a) } }, count: 1 });
    }
  };
  for (const output of ['y', 'dx'] as const) {
    const [a, b] = [got[output], want[output]];
    if (a.length !== b.length) throw new RangeError(`${c.name}: ${output} has ${a.length} values, Rectify's ${b.length}`);
    for (let i = 0; i < b.length; i++) {
      const [g, w] = [a[i] as number, b[i] as number];
      if (Object.is(g, w)) continue;
      const error = mixedError(g, w);
      if (Number.isFinite(error)) maxError = Math.max(maxError, error);
      if (error <= tolerance) status = worse(status, 'close');
      else {
        status = 'differs';
        note(output, i, g, w);
      }
    }
  }
  for (const [name, mine] of Object.entries(want.gradients)) {
    const theirs = got.gradients[name];
    const output = `d${name}`;
    if (theirs === undefined || theirs.length !== mine.length) throw new RangeError(`${c.name}: ${output} is missing or has the wrong length`);
    const bound = sumBound(c.x, dy);
    for (let k = 0; k < mine.length; k++) {
      const [g, w] = [theirs[k] as number, Math.fround(mine[k] as number)];
      if (Object.is(g, w)) continue;
      // Signed zeros must match exactly, as everywhere in the table.
      if (Number.isFinite(w) && !(g === 0 && w === 0) && Math.abs(g - w) <= bound) status = worse(status, 'close');
      else {
        status = 'differs';
        note(output, k, g, w);
      }
    }
  }
  const differences = [...groups.values()].map(({ group, count }) => ({ ...group, count }));
  return { status, maxError, differences };
}
