/**
 * Saving a TensorFlow.js model to a folder and loading it back, in the
 * format tfjs writes (`model.json` and `weights.bin`), without tfjs-node.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** The weights file beside `model.json`. */
const WEIGHTS = 'weights.bin';

/** One buffer from tfjs' weight data, which may come in parts. */
function concatenate(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * Saves a model with `model.save` into a folder as `model.json` (topology
 * and weights manifest) and `weights.bin`.
 * @param model - The model.
 * @param folder - The folder, created if missing.
 * @public
 */
export async function saveModel(model: tfl.LayersModel, folder: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      mkdirSync(folder, { recursive: true });
      const manifest = { modelTopology: artifacts.modelTopology, format: 'layers-model', generatedBy: artifacts.generatedBy, convertedBy: null, weightsManifest: [{ paths: [WEIGHTS], weights: artifacts.weightSpecs ?? [] }] };
      writeFileSync(join(folder, 'model.json'), JSON.stringify(manifest));
      writeFileSync(join(folder, WEIGHTS), concatenate(artifacts.weightData ?? new ArrayBuffer(0)));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/**
 * Loads a model that {@link saveModel} wrote, with `tf.loadLayersModel`.
 * Rectify's layers load once `registerTfjsLayers` has registered them.
 * @param folder - The folder.
 * @returns The model.
 * @public
 */
export async function loadModel(folder: string): Promise<tfl.LayersModel> {
  const manifest = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const weights = readFileSync(join(folder, WEIGHTS));
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: manifest.modelTopology, weightSpecs: manifest.weightsManifest.flatMap((m) => m.weights), weightData }));
}
