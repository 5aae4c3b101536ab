// Writes an ONNX model for every built-in activation, forward and backward,
// float32 and float64, at opsets 13 and 17 (the newest that python3-onnx 1.12
// knows), exact and native, plus a small network, into a folder, for
// check-models.py to run ONNX's own checker on.
//
// Usage: node scripts/export-models.mjs <folder>   (after the package is built)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { builtInPlugins } from '@rectify/cli/registry';
import { toOnnx, toOnnxBackward, toOnnxSequential } from '@rectify/onnx';

const folder = process.argv[2];
if (folder === undefined) {
  process.stderr.write('usage: node scripts/export-models.mjs <folder>\n');
  process.exit(2);
}
mkdirSync(folder, { recursive: true });

/** Configs beside the defaults, where the default leaves a branch of the lowering unexported. */
const EXTRA = { prelu: [{ numParameters: 8 }], maxout: [{ pieces: 4 }], gelu: [{ approximate: 'tanh' }], leaky_relu: [{ negativeSlope: -0.5 }] };
let count = 0;
const write = (name, bytes) => {
  writeFileSync(join(folder, `${name}.onnx`), bytes);
  count++;
};
for (const plugin of builtInPlugins) {
  const configs = [{}, ...(EXTRA[plugin.name] ?? [])];
  configs.forEach((config, c) => {
    const activation = plugin.create(config);
    for (const opset of [13, 17]) {
      for (const dtype of ['float32', 'float64']) {
        for (const native of ['exact', true]) {
          const trainings = plugin.traits.stochastic ? [false, true] : [false];
          for (const training of trainings) {
            const options = { inputShape: ['batch', 8], opset, dtype, native, training };
            const name = `${plugin.name}-${c}-opset${opset}-${dtype}-${native === true ? 'native' : 'exact'}${training ? '-training' : ''}`;
            write(`${name}-forward`, toOnnx(activation, options));
            write(`${name}-backward`, toOnnxBackward(activation, options));
          }
        }
      }
    }
  });
}
const relu = builtInPlugins.find((p) => p.name === 'relu').create();
write('network', toOnnxSequential([{ kind: 'dense', inputs: 8, outputs: 4, weight: new Array(32).fill(0.5), bias: [0, 1, 2, 3] }, relu, { kind: 'dense', inputs: 4, outputs: 2, weight: [1, 0, 0, 1, 1, 0, 0, 1] }], { inputShape: ['batch', 8], opset: 17 }));
process.stdout.write(`wrote ${count} models into ${folder}\n`);
