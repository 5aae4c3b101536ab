import { beforeAll, describe, expect, it } from 'vitest';
import { mixedError } from '@rectify/testing';
import { outputGradient, PARITY_CASES, type ParityCase } from '../../../../scripts/parity/cases.js';
import { rectifyOutputs, type Outputs } from '../../../../scripts/parity/compare.js';
import { fragmentDirectory, writeFragment } from '../../../../scripts/parity/results-file.js';
import type { EngineColumn } from '../../../../scripts/parity/report.js';
import { columnOfRun, runPageInChromium, type ChromiumRun } from './chromium-run.js';
import { decodeBits, type GpuBackend, type PageRun } from './protocol.js';

/**
 * GPU arithmetic is not Rectify's: subnormals flush to zero, NaN and −0
 * travel differently, exp and tanh are the driver's. These bounds are loose
 * on purpose; a lowering translated wrongly breaks them, the GPU's own
 * rounding does not. What each backend measures is recorded in
 * docs/parity.md (`pnpm parity`).
 */
const ORDINARY_BOUND = 1e-3;
/** At most this share of a case's elements may disagree beyond its tolerance. */
const DIFFERING_SHARE = 0.1;

/** Whether an input is an ordinary float32 away from the edges: finite, normal, |v| < 5. */
const ordinary = (v: number): boolean => Number.isFinite(v) && Math.abs(v) >= 2 ** -126 && Math.abs(v) < 5;

/** The largest mixed error of y and dx over the elements of an elementwise case whose x (and dy) are ordinary. */
function ordinaryError(c: ParityCase, dy: readonly number[], want: Outputs, got: Outputs): number {
  let worst = 0;
  for (let i = 0; i < want.y.length; i++) {
    const x = Math.fround(c.x[i] as number);
    if (!ordinary(x)) continue;
    worst = Math.max(worst, mixedError(got.y[i] as number, want.y[i] as number));
    if (ordinary(dy[i] as number)) worst = Math.max(worst, mixedError(got.dx[i] as number, want.dx[i] as number));
  }
  return worst;
}

const decode = (run: PageRun, c: ParityCase): Outputs => {
  const o = run.outputs[`${c.name}|false`];
  if (o === undefined) throw new Error(`${c.name} did not run on ${run.backend}`);
  return { y: decodeBits(o.y), dx: decodeBits(o.dx), gradients: Object.fromEntries(Object.entries(o.gradients).map(([k, v]) => [k, decodeBits(v)])) };
};

const out = fragmentDirectory();
let chromium: ChromiumRun;
const columns = new Map<GpuBackend, EngineColumn>();

beforeAll(async () => {
  chromium = await runPageInChromium(['webgl', 'webgpu']);
  for (const run of chromium.runs) columns.set(run.backend, await columnOfRun(run, chromium.chromium));
}, 150_000);

describe.each(['webgl', 'webgpu'] as const)('toTfjs on tfjs-%s in headless Chromium (SwiftShader)', (backend) => {
  const runOf = (): PageRun => chromium.runs.find((r) => r.backend === backend) as PageRun;

  it('should run every parity case, forward and under tf.grad, where the browser offers the backend', (context) => {
    const column = columns.get(backend) as EngineColumn;
    if (out !== undefined) writeFragment(out, column);
    // WebGL2 on SwiftShader is always there; a WebGPU adapter depends on the Chromium build.
    if (backend === 'webgl') expect(column.available).toBe(true);
    if (!column.available) {
      console.info(`tfjs-${backend}: ${column.note}`);
      context.skip();
    }
    expect(column.cases.map((c) => c.name)).toEqual(PARITY_CASES.map((c) => c.name));
    const tally = { exact: 0, close: 0, differs: 0 };
    for (const c of column.cases) tally[c.status] += 1;
    const worst = Math.max(...column.cases.filter((c) => c.status !== 'differs').map((c) => c.maxError));
    const ordinaryWorst = Math.max(
      ...PARITY_CASES.filter((c) => c.plugin.traits.elementwise).map((c) => {
        const dy = outputGradient(c);
        return ordinaryError(c, dy, rectifyOutputs(c, dy), decode(runOf(), c));
      }),
    );
    console.info(
      `tfjs-${backend} (${runOf().milliseconds.toFixed(0)} ms in the page): ${tally.exact} cases exact, ${tally.close} within tolerance (largest mixed error ${worst.toExponential(2)}), ${tally.differs} with differences; ` +
        `largest mixed error on ordinary inputs ${ordinaryWorst.toExponential(2)}; ${column.note}`,
    );
  });

  it.for(PARITY_CASES.filter((c) => c.plugin.traits.elementwise))(`should agree within ${ORDINARY_BOUND} on ordinary inputs: $name`, (c, context) => {
    if (!runOf().available) context.skip();
    const dy = outputGradient(c);
    expect(ordinaryError(c, dy, rectifyOutputs(c, dy), decode(runOf(), c))).toBeLessThanOrEqual(ORDINARY_BOUND);
  });

  it.for(PARITY_CASES)(`should disagree beyond the tolerance on at most ${DIFFERING_SHARE * 100}% of the elements: $name`, (c, context) => {
    if (!runOf().available) context.skip();
    const record = (columns.get(backend) as EngineColumn).cases.find((r) => r.name === c.name);
    expect(record, `${c.name} has no result on tfjs-${backend}`).toBeDefined();
    const dy = outputGradient(c);
    const size = dy.length + c.x.length;
    const differing = (record?.differences ?? []).reduce((n, d) => n + d.count, 0);
    expect(differing / size).toBeLessThanOrEqual(DIFFERING_SHARE);
  });
});
