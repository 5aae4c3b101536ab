/**
 * The digits asset: a small set of MNIST digits, downsampled to 14 × 14 and
 * stored as bytes, that the build makes from the `mnist` package and the
 * page serves from its own origin. This module is the file's format, shared
 * by the build that writes it and the worker that reads it.
 *
 * The file is a 10-byte header, then the label of every digit, then the
 * pixels of every digit, training digits before test digits:
 *
 * | bytes | content |
 * | --- | --- |
 * | 0–3 | `RDIG` in ASCII |
 * | 4 | format version, 1 |
 * | 5 | side of an image in pixels, 14 |
 * | 6–7 | training digits, uint16 little-endian |
 * | 8–9 | test digits, uint16 little-endian |
 * | 10… | one label (0–9) per digit |
 * | … | 196 pixels per digit, row-major, 0 (background) to 255 (ink) |
 *
 * @packageDocumentation
 */
import { RectifyError } from '@rectify/core';

/** Side of a stored image, in pixels. */
export const DIGIT_SIDE = 14;

/** Pixels per stored image: 14 × 14. */
export const DIGIT_PIXELS = DIGIT_SIDE * DIGIT_SIDE;

/** Number of classes, the digits 0 to 9. */
export const DIGIT_CLASSES = 10;

/** How many digits the asset holds: the page describes them before it has loaded them. */
export const DIGITS_IN_ASSET = Object.freeze({
  /** Training digits, the same number of each class. */
  train: 1000,
  /** Test digits, none of them among the training digits, the same number of each class. */
  test: 300,
});

/** The format version written in byte 4. */
export const DIGITS_FORMAT_VERSION = 1;

const MAGIC = 'RDIG';
const HEADER_BYTES = 10;

/** Labelled digits as bytes. */
export interface DigitSet {
  /** How many digits. */
  readonly count: number;
  /** 0 (background) to 255 (ink), {@link DIGIT_PIXELS} per digit, row-major. */
  readonly pixels: Uint8Array;
  /** The digit each image shows, 0 to 9. */
  readonly labels: Uint8Array;
}

/** The whole asset: training and test digits. */
export interface DigitsAsset {
  /** The digits a network trains on. */
  readonly train: DigitSet;
  /** Digits kept apart, to measure what the network learned. */
  readonly test: DigitSet;
}

/**
 * The size of an asset file in bytes.
 *
 * @param train - Training digits.
 * @param test - Test digits.
 */
export function assetBytes(train: number, test: number): number {
  return HEADER_BYTES + (train + test) * (1 + DIGIT_PIXELS);
}

/**
 * Writes digits in the asset's format.
 *
 * @param asset - Training and test digits; labels must be 0 to 9 and counts below 65,536.
 * @throws RectifyError `INVALID_ARGUMENT` when a label, a count or an array's length is wrong.
 */
export function encodeDigits(asset: DigitsAsset): Uint8Array {
  const { train, test } = asset;
  for (const set of [train, test]) checkSet(set);
  const bytes = new Uint8Array(assetBytes(train.count, test.count));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  bytes[4] = DIGITS_FORMAT_VERSION;
  bytes[5] = DIGIT_SIDE;
  view.setUint16(6, train.count, true);
  view.setUint16(8, test.count, true);
  bytes.set(train.labels, HEADER_BYTES);
  bytes.set(test.labels, HEADER_BYTES + train.count);
  const pixels = HEADER_BYTES + train.count + test.count;
  bytes.set(train.pixels, pixels);
  bytes.set(test.pixels, pixels + train.count * DIGIT_PIXELS);
  return bytes;
}

/**
 * Reads an asset file, checking its header, its length and every label. The
 * sets returned are views on `bytes`, not copies.
 *
 * @param bytes - The file's content.
 * @throws RectifyError `INVALID_ARGUMENT` when the file is not a digits asset of this format.
 */
export function decodeDigits(bytes: Uint8Array): DigitsAsset {
  if (bytes.length < HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) refuse('it does not start with RDIG');
  if (bytes[4] !== DIGITS_FORMAT_VERSION) refuse(`its format version is ${bytes[4]}, not ${DIGITS_FORMAT_VERSION}`);
  if (bytes[5] !== DIGIT_SIDE) refuse(`its images are ${bytes[5]} pixels wide, not ${DIGIT_SIDE}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trainCount = view.getUint16(6, true);
  const testCount = view.getUint16(8, true);
  if (bytes.length !== assetBytes(trainCount, testCount)) refuse(`it has ${bytes.length} bytes, not the ${assetBytes(trainCount, testCount)} its header announces`);
  const labels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + trainCount + testCount);
  if (labels.some((label) => label >= DIGIT_CLASSES)) refuse('a label is not a digit from 0 to 9');
  const pixels = bytes.subarray(HEADER_BYTES + trainCount + testCount);
  return {
    train: { count: trainCount, labels: labels.subarray(0, trainCount), pixels: pixels.subarray(0, trainCount * DIGIT_PIXELS) },
    test: { count: testCount, labels: labels.subarray(trainCount), pixels: pixels.subarray(trainCount * DIGIT_PIXELS) },
  };
}

function checkSet(set: DigitSet): void {
  if (!Number.isInteger(set.count) || set.count < 0 || set.count > 0xffff) refuse(`${set.count} digits do not fit its 16-bit counts`);
  if (set.labels.length !== set.count || set.pixels.length !== set.count * DIGIT_PIXELS) refuse(`a set of ${set.count} digits needs ${set.count} labels and ${set.count * DIGIT_PIXELS} pixels`);
  if (set.labels.some((label) => label >= DIGIT_CLASSES)) refuse('a label is not a digit from 0 to 9');
}

function refuse(reason: string): never {
  throw new RectifyError('INVALID_ARGUMENT', `not a digits asset: ${reason}`, { field: 'digits', value: reason });
}
