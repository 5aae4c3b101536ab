/**
 * Timing: the median over several samples of the time per call, each sample a
 * batch of calls long enough for the clock, inputs rotating call by call.
 */

/** The result of timing one implementation at one size. */
export interface Timing {
  /** Median seconds per call. */
  readonly seconds: number;
  /** Calls per sample. */
  readonly batch: number;
  /** Samples taken. */
  readonly samples: number;
}

/** How long to spend on one measurement. */
export interface Budget {
  /** Target duration of one sample, seconds. */
  readonly sampleSeconds: number;
  /** Number of samples; the median is reported. */
  readonly samples: number;
  /** Upper bound on the total time for one measurement, seconds. */
  readonly maxSeconds: number;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Times a synchronous call. `run(i)` must use rotation slot `i % slots`.
 *
 * @param run - One call.
 * @param budget - Time budget.
 */
export function timeSync(run: (i: number) => void, budget: Budget): Timing {
  // Warm up and find a batch size filling about one sample.
  let i = 0;
  let batch = 1;
  for (;;) {
    const start = now();
    for (let j = 0; j < batch; j++) run(i++);
    const elapsed = now() - start;
    if (elapsed >= budget.sampleSeconds / 2 || batch >= 1 << 20) {
      batch = Math.max(1, Math.round((batch * budget.sampleSeconds) / Math.max(elapsed, 1e-9)));
      break;
    }
    batch *= 4;
  }
  const per: number[] = [];
  const deadline = now() + budget.maxSeconds;
  for (let s = 0; s < budget.samples && (s < 3 || now() < deadline); s++) {
    const start = now();
    for (let j = 0; j < batch; j++) run(i++);
    per.push((now() - start) / batch);
  }
  return { seconds: median(per), batch, samples: per.length };
}

/**
 * Times an asynchronous call (ONNX Runtime's `run`), awaiting each call.
 *
 * @param run - One call.
 * @param budget - Time budget.
 */
export async function timeAsync(run: (i: number) => Promise<unknown>, budget: Budget): Promise<Timing> {
  let i = 0;
  let batch = 1;
  for (;;) {
    const start = now();
    for (let j = 0; j < batch; j++) await run(i++);
    const elapsed = now() - start;
    if (elapsed >= budget.sampleSeconds / 2 || batch >= 1 << 20) {
      batch = Math.max(1, Math.round((batch * budget.sampleSeconds) / Math.max(elapsed, 1e-9)));
      break;
    }
    batch *= 4;
  }
  const per: number[] = [];
  const deadline = now() + budget.maxSeconds;
  for (let s = 0; s < budget.samples && (s < 3 || now() < deadline); s++) {
    const start = now();
    for (let j = 0; j < batch; j++) await run(i++);
    per.push((now() - start) / batch);
  }
  return { seconds: median(per), batch, samples: per.length };
}
