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
 * After a warm-up batch of `batch` calls took `elapsed` seconds: the batch size
 * that fills one sample, or `undefined` to warm up again with 4× the calls.
 */
function settledBatch(batch: number, elapsed: number, budget: Budget): number | undefined {
  if (elapsed < budget.sampleSeconds / 2 && batch < 1 << 20) return undefined;
  return Math.max(1, Math.round((batch * budget.sampleSeconds) / Math.max(elapsed, 1e-9)));
}

/** Whether to take another sample: at least 3, then up to `budget.samples` while time remains. */
function wantsSample(taken: number, deadline: number, budget: Budget): boolean {
  return taken < budget.samples && (taken < 3 || now() < deadline);
}

/**
 * Times a synchronous call. `run(i)` must use rotation slot `i % slots`.
 *
 * @param run - One call.
 * @param budget - Time budget.
 */
export function timeSync(run: (i: number) => void, budget: Budget): Timing {
  let i = 0;
  const timeBatch = (calls: number): number => {
    const start = now();
    for (let j = 0; j < calls; j++) run(i++);
    return now() - start;
  };
  let warm = 1;
  let batch: number | undefined;
  while ((batch = settledBatch(warm, timeBatch(warm), budget)) === undefined) warm *= 4;
  const per: number[] = [];
  const deadline = now() + budget.maxSeconds;
  while (wantsSample(per.length, deadline, budget)) per.push(timeBatch(batch) / batch);
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
  const timeBatch = async (calls: number): Promise<number> => {
    const start = now();
    for (let j = 0; j < calls; j++) await run(i++);
    return now() - start;
  };
  let warm = 1;
  let batch: number | undefined;
  while ((batch = settledBatch(warm, await timeBatch(warm), budget)) === undefined) warm *= 4;
  const per: number[] = [];
  const deadline = now() + budget.maxSeconds;
  while (wantsSample(per.length, deadline, budget)) per.push((await timeBatch(batch)) / batch);
  return { seconds: median(per), batch, samples: per.length };
}
