/**
 * One training run: an MLP with one activation at one learning rate.
 */
import { allocate, type DType, type Registry } from '@rectify/core';
import { CLASSES, IMAGE_SIZE, type Split } from './data.js';
import { softmaxCrossEntropy } from './loss.js';
import { GradientRms, evaluate } from './metrics.js';
import { Mlp, type ActivationSpec } from './mlp.js';
import { Stream, shuffleInPlace, streamRng } from './random.js';
import { sgdStep } from './sgd.js';

/**
 * Everything that defines a run.
 * @public
 */
export interface RunSettings {
  /** The hidden activation. */
  readonly activation: ActivationSpec;
  /** SGD step size. */
  readonly learningRate: number;
  /** Passes over the training set. */
  readonly epochs: number;
  /** Digits per SGD step (the last step of an epoch may have fewer). */
  readonly batchSize: number;
  /** Hidden layer widths after activation. */
  readonly hidden: readonly number[];
  /** The study's seed: initialisation, example order and RReLU slopes each use their own stream of it. */
  readonly seed: number;
  /** Digits per forward call during evaluation. @defaultValue `500` */
  readonly evalBatch?: number;
  /** Element type. @defaultValue `'float32'` */
  readonly dtype?: DType;
}

/**
 * The state of a run after an epoch (epoch 0: after initialisation, before training).
 * @public
 */
export interface EpochRecord {
  /** 0 before training, then 1, 2, … */
  readonly epoch: number;
  /** Mean training loss over the epoch's steps; `null` for epoch 0 or when it was not finite. */
  readonly trainLoss: number | null;
  /** Test accuracy, from 0 to 1. */
  readonly testAccuracy: number;
  /** Mean test loss; `null` when not finite. */
  readonly testLoss: number | null;
  /** Per hidden layer, the share of units never active on the test set. */
  readonly neverActive: readonly number[];
  /** Per hidden layer, the share of pre-activations with zero gradient on the test set. */
  readonly zeroGradient: readonly number[];
  /**
   * Per hidden layer, the RMS of the weight gradient of the dense layer
   * before it over the epoch's SGD steps (`null` where not finite); `null`
   * for epoch 0. See {@link DEFINITIONS}.
   */
  readonly weightGradientRms: readonly (number | null)[] | null;
}

/**
 * The outcome of {@link trainRun}.
 * @public
 */
export interface RunResult {
  /** The activation's canonical name. */
  readonly activation: string;
  /** The learning rate. */
  readonly learningRate: number;
  /** One record per epoch, starting with epoch 0. */
  readonly history: readonly EpochRecord[];
  /** Width of each hidden layer before its activation (Maxout: twice the width, for its two pieces). */
  readonly preWidths: readonly number[];
  /** Whether the training loss stopped being finite; training stops at that epoch. */
  readonly diverged: boolean;
  /** Final values of the activations' learnable parameters, by `layer<n>.<name>` (PReLU: the learnt slopes). */
  readonly parameters: Readonly<Record<string, readonly number[]>>;
}

/**
 * Progress of a run, reported after every SGD step.
 * @public
 */
export interface StepProgress {
  /** Steps done so far in the run. */
  readonly step: number;
  /** Steps in the whole run. */
  readonly steps: number;
  /** The current epoch, from 1. */
  readonly epoch: number;
  /** Mean training loss so far in this epoch. */
  readonly loss: number;
}

/**
 * Callbacks for a run's progress.
 * @public
 */
export interface RunListener {
  /** After every SGD step. */
  readonly step?: (progress: StepProgress) => void;
  /** After each epoch's evaluation, epoch 0 included. */
  readonly epoch?: (record: EpochRecord) => void;
  /** Once training ends, with the trained model (to export it, for one). */
  readonly trained?: (model: Mlp) => void;
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * Trains an MLP on the split's training digits with plain SGD on the mean
 * softmax cross-entropy, evaluating on its test digits before training and
 * after every epoch, and measuring each hidden layer's weight gradient over
 * every epoch's steps.
 *
 * @remarks
 * Deterministic: the weights, the order of examples in each epoch and RReLU's
 * training-mode slopes come from seeded streams of `settings.seed`. Every
 * run of a study with the same seed and widths draws the same initial normal
 * numbers and sees the examples in the same order; only each activation's
 * gain scales the weights. Training runs the activations in training mode
 * (RReLU draws its slopes); evaluation in eval mode.
 * @param registry - Where the activation is looked up.
 * @param split - Training and test digits.
 * @param settings - What to run.
 * @param listener - Progress callbacks.
 * @public
 */
export function trainRun(registry: Registry, split: Split, settings: RunSettings, listener: RunListener = {}): RunResult {
  const { batchSize, epochs, learningRate, seed } = settings;
  const evalBatch = settings.evalBatch ?? 500;
  const model = new Mlp(registry, {
    inputs: IMAGE_SIZE,
    hidden: settings.hidden,
    classes: CLASSES,
    activation: settings.activation,
    maxBatch: Math.max(batchSize, evalBatch),
    dtype: settings.dtype ?? 'float32',
  });
  model.init(streamRng(seed, Stream.init));
  const orderRng = streamRng(seed, Stream.order);
  const slopeRng = streamRng(seed, Stream.slopes);
  const trainables = model.trainables();
  const { train, test } = split;
  const order = new Uint32Array(train.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const x = new Float32Array(batchSize * IMAGE_SIZE);
  const labels = new Uint8Array(batchSize);
  const dLogits = allocate(model.dtype, batchSize * CLASSES);
  const stepsPerEpoch = Math.ceil(train.count / batchSize);

  const history: EpochRecord[] = [];
  const gradients = new GradientRms(model.layers.slice(0, model.hidden.length).map((layer) => layer.weight.grad));
  const record = (epoch: number, trainLoss: number | null): void => {
    const result = evaluate(model, test);
    const entry: EpochRecord = {
      epoch,
      trainLoss,
      testAccuracy: result.accuracy,
      testLoss: finiteOrNull(result.loss),
      neverActive: result.neverActive,
      zeroGradient: result.zeroGradient,
      weightGradientRms: epoch === 0 ? null : gradients.take(),
    };
    history.push(entry);
    listener.epoch?.(entry);
  };

  record(0, null);
  let diverged = false;
  for (let epoch = 1; epoch <= epochs && !diverged; epoch++) {
    shuffleInPlace(order, orderRng);
    let lossSum = 0;
    let seen = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const start = step * batchSize;
      const batch = Math.min(batchSize, train.count - start);
      for (let b = 0; b < batch; b++) {
        const n = order[start + b] as number;
        x.set(train.images.subarray(n * IMAGE_SIZE, (n + 1) * IMAGE_SIZE), b * IMAGE_SIZE);
        labels[b] = train.labels[n] as number;
      }
      model.zeroGrad();
      const logits = model.forward(x, batch, { training: true, rng: slopeRng });
      const loss = softmaxCrossEntropy(logits, labels, batch, CLASSES, dLogits);
      model.backward(x, dLogits, batch);
      gradients.add();
      sgdStep(trainables, learningRate);
      lossSum += loss * batch;
      seen += batch;
      listener.step?.({ step: (epoch - 1) * stepsPerEpoch + step + 1, steps: epochs * stepsPerEpoch, epoch, loss: lossSum / seen });
      if (!Number.isFinite(loss)) {
        diverged = true;
        break;
      }
    }
    record(epoch, finiteOrNull(lossSum / seen));
  }

  listener.trained?.(model);
  const parameters: Record<string, readonly number[]> = {};
  model.activations.forEach((activation, l) => {
    for (const parameter of activation.parameters) parameters[`layer${l + 1}.${parameter.name}`] = Array.from(parameter.data);
  });
  return { activation: (model.activations[0] as { name: string }).name, learningRate, preWidths: model.preWidths, history, diverged, parameters };
}
