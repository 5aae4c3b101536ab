/**
 * Timing: the median over several samples of the time per call, each sample a
 * batch of calls long enough for the clock, inputs rotating call by call;
 * implementations of one workload sampled in turn, side by side.
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
 * One implementation to time side by side: a synchronous or an asynchronous
 * call (ONNX Runtime's `run`, awaited), where `run(i)` uses rotation slot
 * `i % slots`, and what to do before and after each of its batches.
 */
export interface Contender {
  readonly sync?: (i: number) => void;
  readonly async?: (i: number) => Promise<unknown>;
  /** Runs before each batch, untimed, for example to select a kernel path or a backend. */
  readonly enter?: () => void | Promise<unknown>;
  /** Runs after each batch, undoing `enter`. */
  readonly exit?: () => void;
}

/** Pause before each sample, longer than Rectify's kernel threads check for work after a call (2 ms), so that they do not take a core from the next contender. */
const PAUSE_MS = 5;

const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** The seconds a batch of `calls` calls of a contender takes; the rotation index carries on from batch to batch. */
function batchTimer(contender: Contender): (calls: number) => Promise<number> {
  let i = 0;
  const { sync, async: run, enter, exit } = contender;
  return async (calls) => {
    await enter?.();
    try {
      const start = now();
      if (sync !== undefined) for (let j = 0; j < calls; j++) sync(i++);
      else if (run !== undefined) for (let j = 0; j < calls; j++) await run(i++);
      else throw new Error('a contender needs a sync or an async call');
      return now() - start;
    } finally {
      exit?.();
    }
  };
}

/**
 * Times several implementations of one workload side by side: each warms up
 * and settles its batch size, then rounds take one sample of every
 * contender in turn, in an order that rotates by one each round, with a
 * short pause before each sample. A slow spell of the machine therefore
 * falls on all contenders alike instead of on whichever ran during it.
 *
 * @param contenders - The implementations.
 * @param budget - `samples` rounds at most, at least 3; `maxSeconds` per contender.
 * @returns One timing per contender, in the same order.
 */
export async function timeSideBySide(contenders: readonly Contender[], budget: Budget): Promise<Timing[]> {
  const timers = contenders.map(batchTimer);
  const batches: number[] = [];
  for (const time of timers) {
    let warm = 1;
    let batch: number | undefined;
    while ((batch = settledBatch(warm, await time(warm), budget)) === undefined) warm *= 4;
    batches.push(batch);
  }
  const per = timers.map((): number[] => []);
  const deadline = now() + budget.maxSeconds * timers.length;
  for (let round = 0; wantsSample(round, deadline, budget); round++) {
    for (let k = 0; k < timers.length; k++) {
      const j = (k + round) % timers.length;
      const batch = batches[j] as number;
      await pause(PAUSE_MS);
      (per[j] as number[]).push((await (timers[j] as (calls: number) => Promise<number>)(batch)) / batch);
    }
  }
  return per.map((samples, j) => ({ seconds: median(samples), batch: batches[j] as number, samples: samples.length }));
}
