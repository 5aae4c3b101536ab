// Type-checked with tsc against the installed packages' declarations.
import { createRegistry, tensor, type Activation, type ActivationJSON, type Tensor } from '@rectify/core';
import { prelu, type PreluConfig } from '@rectify/prelu';
import { relu, type ReluConfig } from '@rectify/relu';
import { sigmoid, type SigmoidConfig } from '@rectify/sigmoid';
import { toOnnx, toOnnxSequential, type OnnxLayer, type ToOnnxOptions } from '@rectify/onnx';

const registry = createRegistry().use([relu, prelu, sigmoid]).freeze();

// Typed lookups: each package adds its config to ActivationConfigMap.
const act: Activation<PreluConfig> = registry.create('prelu', { numParameters: 2, init: 0.1 });
const plain: Activation<ReluConfig> = registry.create('relu');
const logistic: Activation<SigmoidConfig> = registry.create('sigmoid');

// @ts-expect-error -- an unknown config key is rejected at compile time.
registry.create('prelu', { slope: 0.1 });
// @ts-expect-error -- a config value of the wrong type is rejected at compile time.
registry.create('prelu', { init: 'small' });
// Sigmoid's config has no keys.
const noKeys: [keyof SigmoidConfig] extends [never] ? true : false = true;

const x: Tensor = tensor(new Float32Array([1, -2, 3, -4]), [1, 2, 2]);
const { y, backward } = act.forward(x, { training: false });
const dx: Tensor = backward(tensor(new Float32Array(4).fill(1), [1, 2, 2]));
const json: ActivationJSON = act.toJSON();
const slope: number = act.config.init;

// The ONNX adapter's declarations, checked without skipLibCheck.
const options: ToOnnxOptions = { inputShape: ['batch', 2, 2], dtype: 'float64' };
const layers: OnnxLayer[] = [{ kind: 'dense', inputs: 4, outputs: 2, weight: [1, 0, 0, 1, 1, 0, 0, 1] }, plain];
const models: Uint8Array[] = [toOnnx(act, options), toOnnxSequential(layers, { inputShape: [null, 4] })];

export const summary = [models.length, y.shape, dx.shape, json.version, slope, plain.gain(), logistic.toJSON().name, noKeys];
