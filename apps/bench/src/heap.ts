/**
 * Per-call overhead and heap allocation of Rectify's `out` path, at small sizes.
 */
import { Session } from 'node:inspector';
import { createKernels, tensor, type Backward, type FloatArray, type Kernel } from '@rectify/core';
import { relu } from '@rectify/relu';
import { allocateTensor, releaseTensor, simd } from '@rectify/simd';
import { createActivation, kernelsFor, PIECES, type Op } from './cases.js';
import { timeSync, type Budget } from './timing.js';

interface ProfileNode {
  readonly callFrame: { readonly url: string };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

/** Posts an inspector command; a session in the same thread answers before `post` returns. */
function post(session: Session, method: string, params?: object): unknown {
  let answer: { error: Error | null; result: unknown } | undefined;
  session.post(method, params, (error: Error | null, result: unknown) => {
    answer = { error, result };
  });
  if (answer === undefined) throw new Error(`${method} did not answer synchronously`);
  if (answer.error !== null) throw answer.error;
  return answer.result;
}

/** Bytes of a sampled allocation profile, leaving out Node's own modules (the inspector's messages). */
function profiledBytes(node: ProfileNode): number {
  let bytes = node.callFrame.url.startsWith('node:') ? 0 : node.selfSize;
  for (const child of node.children) bytes += profiledBytes(child);
  return bytes;
}

/**
 * Heap bytes a call allocates, from V8's sampling heap profiler: every
 * allocation is a candidate sample (one per 32 bytes on average), objects a
 * collection has freed included, so the figure does not depend on when
 * collections happen. The optimiser has compiled `run` by then (after 20,000
 * warm-up calls), so objects it elides are not counted.
 *
 * @param run - One call.
 * @param calls - Calls profiled.
 */
export function bytesPerCall(run: () => void, calls = 50_000): number {
  for (let i = 0; i < 20_000; i++) run();
  const session = new Session();
  session.connect();
  try {
    post(session, 'HeapProfiler.startSampling', {
      samplingInterval: 32,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    for (let i = 0; i < calls; i++) run();
    const { profile } = post(session, 'HeapProfiler.stopSampling') as { profile: { head: ProfileNode } };
    return profiledBytes(profile.head) / calls;
  } finally {
    session.disconnect();
  }
}

/** One row of the overhead report. */
export interface OverheadRow {
  readonly what: string;
  readonly n: number;
  /** Median nanoseconds per call, the result dropped. */
  readonly nanoseconds: number;
  /** Heap bytes allocated per call, the result dropped. */
  readonly bytes: number;
  /** Median nanoseconds per call, the result kept. */
  readonly nanosecondsKept: number;
  /**
   * Heap bytes allocated per call, the result kept: stored where the optimiser
   * cannot prove it unused, so that objects it could otherwise elide (a result
   * nobody reads) are counted, as in a training loop that keeps `backward`.
   */
  readonly bytesKept: number;
}

/** Where kept results go; read by nothing, but the optimiser cannot know that. */
export const sink: { value: unknown } = { value: undefined };

// Each measurement passes its own two closures, so that every call site in
// them sees one callee, as a user's loop would, and the optimiser may inline.
function row(what: string, n: number, budget: Budget, dropped: () => void, kept: () => void): OverheadRow {
  return {
    what,
    n,
    nanoseconds: timeSync(dropped, budget).seconds * 1e9,
    bytes: bytesPerCall(dropped),
    nanosecondsKept: timeSync(kept, budget).seconds * 1e9,
    bytesKept: bytesPerCall(kept),
  };
}

function filled(data: FloatArray): FloatArray {
  for (let i = 0; i < data.length; i++) data[i] = (i % 7) - 3.5;
  return data;
}

/** The other operations measured per call, at N = 1,000 on plain arrays. */
const OTHER_OPS: readonly Op[] = ['leaky_relu', 'prelu', 'rrelu_eval', 'rrelu_train', 'maxout'];

/**
 * Measures ReLU float32 per call at N = 1 and N = 1,000: the activation's
 * forward and backward with `out`, on plain arrays and on arena tensors, and
 * `forwardInto` and `backwardInto`, and the `simd` provider's ReLU kernels
 * alone; then the same calls of the other operations
 * at N = 1,000 on plain arrays (PReLU and maxout with shape [125, 8],
 * per-channel slopes, k = 2; RReLU in eval and in training mode).
 *
 * @param budget - Time budget per measurement.
 */
export function measureOverhead(budget: Budget): OverheadRow[] {
  const rows: OverheadRow[] = [];
  const act = relu.create({}, { kernels: createKernels([simd]) });
  const kernelOf = (op: string): Kernel => simd.kernel({ activation: 'relu', op, dtype: 'float32' }, {}) as Kernel;
  const fastRelu = kernelOf('forward');
  const fastReluBackward = kernelOf('backward');
  for (const n of [1, 1000]) {
    for (const arena of [false, true]) {
      const make = (): { data: FloatArray; shape: readonly number[] } => (arena ? allocateTensor([n]) : tensor(new Float32Array(n)));
      const x = make();
      filled(x.data);
      const y = make();
      const dy = make();
      filled(dy.data);
      const dx = make();
      const where = arena ? 'wasm memory' : 'plain arrays';
      const options = { out: y.data };
      rows.push(
        row(`relu.forward(x, { out }), ${where}`, n, budget, () => void act.forward(x, options), () => {
          sink.value = act.forward(x, options);
        }),
      );
      const back: Backward = act.forward(x, options).backward;
      const backOptions = { out: dx.data };
      rows.push(
        row(`backward(dy, { out }), ${where}`, n, budget, () => void back(dy, backOptions), () => {
          sink.value = back(dy, backOptions);
        }),
      );
      const into = (): void => act.forwardInto(x, y.data);
      rows.push(row(`relu.forwardInto(x, out), ${where}`, n, budget, into, into));
      const backInto = (): void => act.backwardInto(dy, dx.data);
      rows.push(row(`relu.backwardInto(dy, dx), ${where}`, n, budget, backInto, backInto));
      rows.push(
        row(`simd relu forward kernel, ${where}`, n, budget, () => void fastRelu(x.data, y.data), () => {
          sink.value = fastRelu(x.data, y.data);
        }),
      );
      rows.push(
        row(`simd relu backward kernel, ${where}`, n, budget, () => void fastReluBackward(x.data, dy.data, dx.data), () => {
          sink.value = fastReluBackward(x.data, dy.data, dx.data);
        }),
      );
      if (arena) [x, y, dy, dx].forEach((t) => releaseTensor(t));
    }
  }
  const n = 1000;
  const channels = 8;
  const weights = new Float64Array(channels).map((_, c) => 0.1 + (0.3 * c) / channels);
  for (const op of OTHER_OPS) {
    const other = createActivation({ op, channels, weights }, kernelsFor('auto'));
    const shape = op === 'prelu' || op === 'maxout' ? [n / channels, channels] : [n];
    const outShape = op === 'maxout' ? [n / channels, channels / PIECES] : shape;
    const x = tensor(filled(new Float32Array(n)), shape);
    const y = new Float32Array(op === 'maxout' ? n / PIECES : n);
    const dy = tensor(filled(new Float32Array(y.length)), outShape);
    const dx = new Float32Array(n);
    const training = op === 'rrelu_train';
    const options = { out: y, training };
    rows.push(
      row(`${op}.forward(x, { out }), plain arrays`, n, budget, () => void other.forward(x, options), () => {
        sink.value = other.forward(x, options);
      }),
    );
    const back: Backward = other.forward(x, options).backward;
    const backOptions = { out: dx };
    rows.push(
      row(`${op} backward(dy, { out }), plain arrays`, n, budget, () => void back(dy, backOptions), () => {
        sink.value = back(dy, backOptions);
      }),
    );
    const intoOptions = { training };
    const into = (): void => other.forwardInto(x, y, intoOptions);
    rows.push(row(`${op}.forwardInto(x, out), plain arrays`, n, budget, into, into));
    const backInto = (): void => other.backwardInto(dy, dx);
    rows.push(row(`${op}.backwardInto(dy, dx), plain arrays`, n, budget, backInto, backInto));
  }
  return rows;
}
