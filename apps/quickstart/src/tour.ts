import { createRegistry, tensor, type Registry } from '@rectify/core';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { simd } from '@rectify/simd';
import { tutorialLine } from '@rectify/cli/format';
import { swish } from './swish.js';

/** The inputs the tutorial feeds to its ReLU. */
export const TUTORIAL_INPUTS = [1.0, -10.0, 0.0, 15.0, -20.0];

/**
 * A registry with the five built-in rectifiers and the app's own Swish; the
 * rectifiers run `@rectify/simd`'s kernels, Swish its own loop.
 */
export function buildRegistry(): Registry {
  return createRegistry({ kernels: [simd] }).use([relu, leakyRelu, prelu, rrelu, maxout, swish]).freeze();
}

/** One line per input, as `rectify eval` prints them: `Applying Relu on (1.0) gives 1.0  (gradient 1)`. */
export function tutorialTable(registry: Registry, name: string, inputs: readonly number[] = TUTORIAL_INPUTS): string[] {
  const activation = registry.create(name);
  const x = tensor(Float64Array.from(inputs));
  const { y, backward } = activation.forward(x);
  const dx = backward(tensor(new Float64Array(inputs.length).fill(1)));
  const plugin = registry.get(name);
  return inputs.map((input, i) => tutorialLine(plugin, input, y.data[i] as number, dx.data[i] as number));
}

/**
 * Serialises a PReLU whose slopes were set by hand (one per channel, −0 and NaN
 * among them, which plain JSON numbers cannot hold) and rebuilds it,
 * returning both outputs for comparison.
 */
export function roundTrip(registry: Registry): { json: string; before: Float64Array; after: Float64Array } {
  const activation = registry.create('prelu', { numParameters: 3 });
  activation.parameters[0]?.data.set([0.1875, -0, Number.NaN]);
  const x = tensor(Float64Array.from([-1, -2, -3, 4, -5, 6]), [2, 3]);
  const json = JSON.stringify(activation.toJSON());
  const restored = registry.fromJSON(json);
  return { json, before: activation.forward(x).y.data as Float64Array, after: restored.forward(x).y.data as Float64Array };
}
