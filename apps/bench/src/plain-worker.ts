/**
 * A worker thread of the plain-path mode: measures one dtype in an isolate
 * of its own (see `measurePlain`), posting each row as it comes and then all.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { measurePlainDtype, type PlainWorkerData } from './plain.js';

const { sizes, dtype, budget } = workerData as PlainWorkerData;
const rows = await measurePlainDtype(sizes, dtype, budget, (row) => parentPort?.postMessage({ row }));
parentPort?.postMessage({ rows });
