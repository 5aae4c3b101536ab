/**
 * How much memory bandwidth one thread has, and how much more two threads get:
 * the ceiling for elementwise work on inputs far larger than the caches.
 *
 * Each thread copies its own 16,777,216-element float32 buffer (64 MiB) into
 * another, `out.set(x)`, for about three seconds. The buffers start 2 KiB off
 * a page boundary, and off each other, so that no 4K aliasing slows the copy.
 */
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

const N = 1 << 24;
const SECONDS = 3;

/** G elements per second of one thread copying N float32 over and over. */
function copyRate(): number {
  const x = new Float32Array(N + 1024).subarray(512, 512 + N);
  const y = new Float32Array(N + 2048).subarray(1536, 1536 + N);
  for (let i = 0; i < N; i++) x[i] = i & 1023;
  y.set(x);
  const start = performance.now();
  let copies = 0;
  while (performance.now() - start < SECONDS * 1000) {
    y.set(x);
    copies++;
  }
  return (copies * N) / ((performance.now() - start) * 1e6);
}

/** The copy rate of one thread alone, and of each of `threads` threads at once. */
export interface Bandwidth {
  /** G elements per second, one thread. */
  readonly single: number;
  /** G elements per second of each thread, all copying at the same time. */
  readonly concurrent: readonly number[];
}

/**
 * Measures the copy rate of one thread, then of `threads` worker threads at once.
 * @param threads - Threads copying at the same time. Defaults to 2.
 */
export async function measureBandwidth(threads = 2): Promise<Bandwidth> {
  const single = copyRate();
  const workers = Array.from({ length: threads }, () => new Worker(new URL(import.meta.url)));
  const concurrent = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<number>((resolve, reject) => {
          worker.once('message', (rate: number) => {
            resolve(rate);
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  );
  return { single, concurrent };
}

if (!isMainThread) parentPort?.postMessage(copyRate());
