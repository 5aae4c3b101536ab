/**
 * Train in TensorFlow.js, save and reload, export to ONNX, and compare the
 * test accuracy of all three.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRegistry, type ActivationJSON } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import { CLASSES, IMAGE_SIZE, loadDigits, splitDigits, type Digits } from '@rectify/example-dying-relu/data';
import { predictedClasses } from '@rectify/example-dying-relu/loss';
import { registerTfjsLayers, toRectify } from '@rectify/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { modelToOnnx } from './export.js';
import { loadModel, saveModel } from './files.js';
import { createModel } from './model.js';

/**
 * What {@link runDigits} does.
 * @public
 */
export interface DigitsOptions {
  /** Training digits. */
  readonly train: number;
  /** Test digits. */
  readonly test: number;
  /** Passes over the training digits. */
  readonly epochs: number;
  /** Width of each hidden layer. */
  readonly hidden: number;
  /** Seed of the split, the initial weights and RReLU's slopes. */
  readonly seed: number;
  /** Adam's learning rate. */
  readonly learningRate: number;
  /** Folder for the saved model, the ONNX model and the activations' JSON. */
  readonly out: string;
}

/**
 * What {@link runDigits} measured.
 * @public
 */
export interface DigitsReport {
  /** Training loss after each epoch. */
  readonly losses: readonly number[];
  /** Test accuracy of the trained model in TensorFlow.js. */
  readonly tfjsAccuracy: number;
  /** Test accuracy of the model saved and loaded back. */
  readonly reloadedAccuracy: number;
  /** Test accuracy of the ONNX model in ONNX Runtime. */
  readonly onnxAccuracy: number;
  /** Test digits whose predicted class ONNX Runtime and TensorFlow.js agree on. */
  readonly agreeing: number;
  /** Whether the reloaded model gave exactly the same probabilities. */
  readonly reloadedIdentical: boolean;
  /** The largest difference of a probability between ONNX Runtime and TensorFlow.js. */
  readonly largestDifference: number;
  /** The files written. */
  readonly files: readonly string[];
}

const accuracyOf = (predicted: Int8Array, digits: Digits): number => predicted.reduce((n, p, i) => n + (p === digits.labels[i] ? 1 : 0), 0) / digits.count;

function predict(model: tfl.LayersModel, digits: Digits): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(digits.images, [digits.count, IMAGE_SIZE])) as tf.Tensor).dataSync() as Float32Array);
}

/**
 * Trains the network of {@link createModel} on MNIST digits in TensorFlow.js
 * (cpu backend), saves it to `out/model` and loads it back, exports it to
 * `out/model.onnx` and runs that in ONNX Runtime, and writes the trained
 * Rectify activations to `out/activations.json`; reports each one's test
 * accuracy.
 *
 * @param options - Sizes, epochs, seed and the output folder.
 * @param log - Where progress lines go.
 * @returns The measurements.
 * @public
 */
export async function runDigits(options: DigitsOptions, log: (line: string) => void = () => undefined): Promise<DigitsReport> {
  tf.enableProdMode(); // no debug checks, and no advice to install tfjs-node
  await tf.setBackend('cpu');
  const registry = createRegistry().use(builtInPlugins).freeze();
  registerTfjsLayers(registry);
  const { train, test } = splitDigits(loadDigits(), { train: options.train, test: options.test, seed: options.seed });

  const model = createModel(registry, options);
  let reloaded: tfl.LayersModel | undefined;
  try {
    const xs = tf.tensor2d(train.images, [train.count, IMAGE_SIZE]);
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), CLASSES));
    const losses: number[] = [];
    try {
      await model.fit(xs, ys, {
        epochs: options.epochs,
        batchSize: 32,
        shuffle: false,
        verbose: 0,
        callbacks: {
          onEpochEnd: async (epoch, logs) => {
            losses.push(logs?.['loss'] ?? Number.NaN);
            log(`epoch ${epoch + 1}/${options.epochs}: loss ${(logs?.['loss'] ?? Number.NaN).toFixed(4)}`);
          },
        },
      });
    } finally {
      tf.dispose([xs, ys]);
    }
    const mine = predict(model, test);
    const tfjsPredicted = predictedClasses(mine, test.count, CLASSES);

    const folder = join(options.out, 'model');
    await saveModel(model, folder);
    reloaded = await loadModel(folder);
    const again = predict(reloaded, test);

    const onnxFile = join(options.out, 'model.onnx');
    writeFileSync(onnxFile, modelToOnnx(reloaded));
    const session = await ort.InferenceSession.create(onnxFile);
    let theirs: Float32Array;
    try {
      theirs = (await session.run({ x: new ort.Tensor('float32', test.images, [test.count, IMAGE_SIZE]) }))['y']?.data as Float32Array;
    } finally {
      await session.release();
    }
    const onnxPredicted = predictedClasses(theirs, test.count, CLASSES);

    const jsonFile = join(options.out, 'activations.json');
    const activations: Record<string, ActivationJSON> = {};
    for (const layer of reloaded.layers) if (layer.getClassName() !== 'Dense') activations[layer.name] = toRectify(layer).toJSON();
    writeFileSync(jsonFile, `${JSON.stringify(activations, null, 2)}\n`);

    return {
      losses,
      tfjsAccuracy: accuracyOf(tfjsPredicted, test),
      reloadedAccuracy: accuracyOf(predictedClasses(again, test.count, CLASSES), test),
      onnxAccuracy: accuracyOf(onnxPredicted, test),
      agreeing: onnxPredicted.reduce((n, p, i) => n + (p === tfjsPredicted[i] ? 1 : 0), 0),
      reloadedIdentical: again.every((v, i) => Object.is(v, mine[i])),
      largestDifference: theirs.reduce((worst, v, i) => Math.max(worst, Math.abs(v - (mine[i] as number))), 0),
      files: [join(folder, 'model.json'), join(folder, 'weights.bin'), onnxFile, jsonFile],
    };
  } finally {
    model.dispose();
    reloaded?.dispose();
  }
}
