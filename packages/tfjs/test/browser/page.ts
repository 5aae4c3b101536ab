/// <reference lib="dom" />
/**
 * The browser page of the parity run: every parity case through `toTfjs` on
 * TensorFlow.js' WebGL or WebGPU backend, its outputs returned as float32
 * bit patterns (which survive the trip to Node.js exactly: −0, NaN, ±∞).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { outputGradient, PARITY_CASES } from '../../../../scripts/parity/cases.js';
import { loweringHasNativeNodes, runTfjsCase } from './tfjs-engine.js';
import type { PageRun, GpuBackend, EncodedOutputs } from './protocol.js';

const bits = (values: ArrayLike<number>): number[] => Array.from(new Uint32Array(Float32Array.from(values).buffer));

/** What the browser says it renders with, for the table's notes. */
async function describeDevice(backend: GpuBackend): Promise<string | undefined> {
  if (backend === 'webgpu') {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
    const adapter = await gpu?.requestAdapter();
    if (adapter === null || adapter === undefined) return undefined;
    const info = adapter.info ?? {};
    return ['vendor', 'architecture', 'description'].map((k) => info[k]).filter((v) => v !== undefined && v !== '').join(' ') || 'an adapter without a name';
  }
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return undefined;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL));
}

/**
 * Runs every parity case on a backend.
 *
 * @param backend - `webgl` or `webgpu`.
 * @returns The outputs by case and mode, or why the backend is unavailable.
 */
async function runParity(backend: GpuBackend): Promise<PageRun> {
  const start = performance.now();
  const device = await describeDevice(backend);
  if (device === undefined) return { backend, available: false, device: backend === 'webgpu' ? 'navigator.gpu.requestAdapter() gave no adapter' : 'no WebGL2 context', outputs: {}, milliseconds: 0 };
  if (!(await tf.setBackend(backend))) return { backend, available: false, device: `tf.setBackend('${backend}') failed on ${device}`, outputs: {}, milliseconds: 0 };
  await tf.ready();
  const outputs: Record<string, EncodedOutputs> = {};
  for (const c of PARITY_CASES) {
    const dy = outputGradient(c);
    for (const native of loweringHasNativeNodes(c) ? [false, true] : [false]) {
      const o = await runTfjsCase(c, dy, native);
      outputs[`${c.name}|${native}`] = { y: bits(o.y), dx: bits(o.dx), gradients: Object.fromEntries(Object.entries(o.gradients).map(([k, v]) => [k, bits(v)])) };
    }
  }
  return { backend, available: true, device, outputs, milliseconds: performance.now() - start };
}

(window as unknown as { rectifyParity: typeof runParity }).rectifyParity = runParity;
