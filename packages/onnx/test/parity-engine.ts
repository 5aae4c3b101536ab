/**
 * Runs a parity case through `toOnnx` and `toOnnxBackward` in
 * onnxruntime-node, in float32, with the session's graph optimisation off
 * or at its default (all).
 */
import * as ort from 'onnxruntime-node';
import { NATIVE_OPS, toOnnx, toOnnxBackward } from '../src/index.js';
import type { ParityCase } from '../../../scripts/parity/cases.js';
import type { Outputs } from '../../../scripts/parity/compare.js';

/** The opset the models are exported at (toOnnx's default). */
const OPSET = 17;

/**
 * Whether `native: true` changes the case's models: its lowering holds a
 * native node, or ONNX has an op of its own for the activation.
 *
 * @param c - The case.
 */
export function onnxHasNativeOps(c: ParityCase): boolean {
  const act = c.plugin.create(c.config);
  const lowering = c.plugin.lowering?.(act.config, [...c.shape], { training: c.training });
  const own = NATIVE_OPS[c.plugin.name]?.(act.config as Readonly<Record<string, unknown>>, OPSET, 'float32', c.shape.length);
  return own !== undefined || JSON.stringify(lowering ?? {}).includes('"fallback"');
}

/** Runs a model once and releases its session. */
async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>, optimized: boolean): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: optimized ? 'all' : 'disabled' });
  try {
    const results = await session.run(feeds);
    return Object.fromEntries(Object.entries(results).map(([name, t]) => [name, t.data as Float32Array]));
  } finally {
    await session.release();
  }
}

/**
 * The case in ONNX Runtime.
 *
 * @param c - The case.
 * @param dy - The output gradient.
 * @param native - Whether to export with `native: true` (ONNX's own ops) rather than `'exact'`.
 * @param optimized - Whether the session optimises the graph (level `all`) or not (`disabled`).
 * @returns y from the forward model; dx and the parameters' gradients from the backward model.
 */
export async function runOnnxCase(c: ParityCase, dy: readonly number[], native: boolean, optimized: boolean): Promise<Outputs> {
  const act = c.plugin.create(c.config);
  if (c.weights !== undefined) (act.parameters[0] as { data: Float64Array }).data.set(c.weights);
  const options = { plugin: c.plugin, inputShape: c.shape, dtype: 'float32', opset: OPSET, native: native ? true : 'exact' } as const;
  const x = new ort.Tensor('float32', Float32Array.from(c.x), [...c.shape]);
  const dyT = new ort.Tensor('float32', Float32Array.from(dy), act.outputShape(c.shape));
  const forward = await run(toOnnx(act, options), { x }, optimized);
  const backward = await run(toOnnxBackward(act, options), { x, dy: dyT }, optimized);
  const gradients = Object.fromEntries(act.parameters.map((p) => [p.name, backward[`d${p.name}`] as Float32Array]));
  return { y: forward['y'] as Float32Array, dx: backward['dx'] as Float32Array, gradients };
}
