/**
 * Runs a parity case through `toTfjs` on whichever TensorFlow.js backend is
 * active: y, dx under `tf.grad`, and the parameters' gradients under
 * `tf.variableGrads`. Shared by the Node.js backends and the browser page.
 */
import * as tf from '@tensorflow/tfjs-core';
import { tfjsParameters, toTfjs } from '../../src/index.js';
import type { ParityCase } from '../../../../scripts/parity/cases.js';
import type { Outputs } from '../../../../scripts/parity/compare.js';

/**
 * Whether `native: true` changes the case's graph: its lowering holds a
 * native node (`Relu`, `LeakyRelu`, `PRelu`) with a fallback.
 *
 * @param c - The case.
 */
export function loweringHasNativeNodes(c: ParityCase): boolean {
  const lowering = c.plugin.lowering?.(c.plugin.create(c.config).config, [...c.shape], { training: c.training });
  return JSON.stringify(lowering ?? {}).includes('"fallback"');
}

/**
 * The case in TensorFlow.js on the active backend.
 *
 * @param c - The case.
 * @param dy - The output gradient.
 * @param native - Whether the lowering's native nodes run tfjs' own ops.
 * @returns y, dx and the parameters' gradients, read back as float32.
 */
export async function runTfjsCase(c: ParityCase, dy: readonly number[], native: boolean): Promise<Outputs> {
  const act = c.plugin.create(c.config);
  if (c.weights !== undefined) (act.parameters[0] as { data: Float64Array }).data.set(c.weights);
  const parameters = tfjsParameters(act);
  const f = toTfjs(act, { plugin: c.plugin, parameters, native, training: c.training });
  const outputShape = act.outputShape(c.shape);
  const x = tf.tensor(Float32Array.from(c.x), [...c.shape], 'float32');
  const dyT = tf.tensor(Float32Array.from(dy), outputShape, 'float32');
  const variables: tf.Variable[] = Object.values(parameters);
  try {
    const y = f(x);
    const dx = tf.grad(f)(x, dyT);
    const { value, grads } = variables.length === 0 ? { value: undefined, grads: {} as tf.NamedTensorMap } : tf.variableGrads(() => tf.sum(tf.mul(f(x), dyT)) as tf.Scalar, variables);
    const read = async (t: tf.Tensor): Promise<Float32Array> => Float32Array.from((await t.data()) as Float32Array);
    const gradients = Object.fromEntries(
      await Promise.all(act.parameters.map(async (p) => [p.name, await read(grads[(parameters[p.name] as tf.Variable).name] as tf.Tensor)] as const)),
    );
    const outputs = { y: await read(y), dx: await read(dx), gradients };
    tf.dispose([y, dx, ...Object.values(grads), ...(value === undefined ? [] : [value])]);
    return outputs;
  } finally {
    tf.dispose([x, dyT, ...variables]);
    f.dispose();
  }
}
