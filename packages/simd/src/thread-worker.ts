/**
 * The body of one kernel thread, started by `startThreads`: it waits for a
 * job in its control slot, runs its share of a kernel call on a shared
 * memory, and signals that it is done. Between jobs it checks its slot for a
 * while before it sleeps, so that jobs in quick succession start at once;
 * while it sleeps it says so, and a call wakes it without waiting for it.
 */
import { CHECKS_PER_CLOCK, CHECK_MS, DONE, KERNEL, MAIL, MEMORY, NAP_MS, NO_KERNEL, SEQ, SLEEPING, SLOT_INTS, STATUS, STOP, argsIndex, now, type Kernel, type Mail, type WorkerInit } from './thread-protocol.js';

/** The part of `node:worker_threads` a worker uses. */
interface WorkerSide {
  readonly workerData: WorkerInit;
  readonly parentPort: { postMessage(message: unknown): void } | null;
  receiveMessageOnPort(port: unknown): { message: Mail } | undefined;
}

interface InstanceApi {
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, Kernel> };
}

const threads = (await import('node:worker_threads' as string)) as WorkerSide;
const init = threads.workerData;
const ints = new Int32Array(init.control);
const args = new Float64Array(init.control);
const base = init.slot * SLOT_INTS;
const at = argsIndex(init.slot);
const wasm = (globalThis as unknown as { WebAssembly: InstanceApi }).WebAssembly;
/** The kernels bound to each memory, by the memory's id. */
const bound = new Map<number, Kernel[]>();
let mailRead = 0;

/** Takes the messages the mail counter announces; a memory that cannot be bound is left out (jobs on it fail). */
function readMail(): void {
  while (mailRead !== Atomics.load(ints, base + MAIL)) {
    const received = threads.receiveMessageOnPort(init.port);
    // Posted before it was counted, so it is there; if not, look again at the next chance.
    if (received === undefined) return;
    mailRead++;
    const mail = received.message;
    if ('drop' in mail) bound.delete(mail.drop);
    else {
      try {
        const exports = new wasm.Instance(init.module, { env: { memory: mail.memory } }).exports;
        bound.set(mail.id, init.names.map((name) => exports[name] as Kernel));
      } catch {
        bound.delete(mail.id);
      }
    }
  }
}

/** Argument i of this worker's job. */
function arg(i: number): number {
  return args[at + i] as number;
}

function runJob(): void {
  readMail();
  if (ints[base + KERNEL] === NO_KERNEL) return;
  const kernel = bound.get(ints[base + MEMORY] as number)?.[ints[base + KERNEL] as number];
  if (kernel === undefined) throw new Error('unknown memory or kernel');
  // MAX_ARGS arguments; a kernel ignores those past its own.
  kernel(arg(0), arg(1), arg(2), arg(3), arg(4), arg(5), arg(6), arg(7));
}

threads.parentPort?.postMessage('ready');
let seen = 0;
for (;;) {
  // After a job, check for the next one for CHECK_MS. After a wake-up with no job (a call found this thread asleep
  // and ran alone), wait in short sleeps instead: this thread may have been woken on the caller's core, and
  // checking there would take the core from the caller.
  let since = now();
  let checks = 0;
  let woken = false;
  while (Atomics.load(ints, base + SEQ) === seen) {
    if (mailRead !== Atomics.load(ints, base + MAIL)) readMail();
    if (woken) {
      if (now() - since < CHECK_MS) Atomics.wait(ints, base + SEQ, seen, NAP_MS);
      else woken = false;
      continue;
    }
    if (++checks % CHECKS_PER_CLOCK !== 0 || now() - since < CHECK_MS) continue;
    Atomics.store(ints, base + SLEEPING, 1);
    Atomics.wait(ints, base + SEQ, seen);
    Atomics.store(ints, base + SLEEPING, 0);
    since = now();
    woken = true;
  }
  seen = Atomics.load(ints, base + SEQ);
  if (seen === STOP) break;
  try {
    runJob();
    ints[base + STATUS] = 0;
  } catch {
    ints[base + STATUS] = 1;
  }
  Atomics.store(ints, base + DONE, seen);
  Atomics.notify(ints, base + DONE);
}
