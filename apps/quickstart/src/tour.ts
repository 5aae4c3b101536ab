import { createRegistry, tensor, type Registry } from '@rectify/core';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { swish } from './swish.js';

/** The inputs the tutorial feeds to its ReLU. */
export const TUTORIAL_INPUTS = [1.0, -10.0, 0.0, 15.0, -20.0];

/** A registry with the five built-in rectifiers and the app's own Swish. */
export function buildRegistry(): Registry {
  return createRegistry().use([relu, leakyRelu, prelu, rrelu, maxout, swish]).freeze();
}

/** `leaky_relu` → `Leaky Relu`, as the tutorial names its functions. */
export function displayName(name: string): string {
  return name
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** Values as the tutorial prints them, `%.1f`, keeping the sign of −0. */
function format(value: number): string {
  return Object.is(value, -0) ? '-0.0' : value.toFixed(1);
}

/** Gradients to six significant digits, so a slope of 0.01 shows as 0.01. */
function formatGradient(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** One line per input: `Applying Relu on (1.0) gives 1.0   (gradient 1.0)`. */
export function tutorialTable(registry: Registry, name: string, inputs: readonly number[] = TUTORIAL_INPUTS): string[] {
  const activation = registry.create(name);
  const x = tensor(Float64Array.from(inputs));
  const { y, backward } = activation.forward(x);
  const dx = backward(tensor(new Float64Array(inputs.length).fill(1)));
  return inputs.map((input, i) => {
    const text = `Applying ${displayName(activation.name)} on (${format(input)}) gives ${format(y.data[i] as number)}`;
    return `${text.padEnd(44)}(gradient ${formatGradient(dx.data[i] as number)})`;
  });
}

/** Serialises a trained PReLU and rebuilds it, returning both outputs for comparison. */
export function roundTrip(registry: Registry): { json: string; before: number[]; after: number[] } {
  const activation = registry.create('prelu', { init: 0.25 });
  const weight = activation.parameters[0];
  if (weight !== undefined) weight.data[0] = 0.1875;
  const x = tensor(Float64Array.from(TUTORIAL_INPUTS));
  const json = JSON.stringify(activation.toJSON());
  const restored = registry.fromJSON(json);
  return { json, before: Array.from(activation.forward(x).y.data), after: Array.from(restored.forward(x).y.data) };
}
