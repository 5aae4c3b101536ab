import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseDigits, downsample, generateDigitsAsset, loadMnistClasses, makeDigitsAsset, PLAYGROUND_DIGITS, SOURCE_PIXELS, SOURCE_SIDE } from '../build/digits-asset.js';
import { assetBytes, decodeDigits, DIGIT_PIXELS, DIGITS_IN_ASSET, encodeDigits } from '../src/digits/format.js';

const classes = loadMnistClasses();
const bytes = generateDigitsAsset(PLAYGROUND_DIGITS, classes);
const asset = decodeDigits(bytes);

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label] = (counts[label] as number) + 1;
  return counts;
}

describe('the digits asset', () => {
  it('should hold 1,000 training and 300 test digits, balanced across the ten classes, in well under 300 kB', () => {
    expect(asset.train.count).toBe(DIGITS_IN_ASSET.train);
    expect(asset.test.count).toBe(DIGITS_IN_ASSET.test);
    expect(bytes.length).toBe(assetBytes(1000, 300));
    expect(bytes.length).toBe(10 + 1300 * 197);
    expect(bytes.length).toBeLessThan(300_000);
    expect(classCounts(asset.train.labels)).toEqual(new Array(10).fill(100));
    expect(classCounts(asset.test.labels)).toEqual(new Array(10).fill(30));
  });

  it('should give the same bytes on every run, and other digits for another seed', () => {
    expect(Buffer.from(generateDigitsAsset(PLAYGROUND_DIGITS, classes)).equals(Buffer.from(bytes))).toBe(true);
    const other = generateDigitsAsset({ ...PLAYGROUND_DIGITS, seed: PLAYGROUND_DIGITS.seed + 1 }, classes);
    expect(other.length).toBe(bytes.length);
    expect(Buffer.from(other).equals(Buffer.from(bytes))).toBe(false);
  });

  it('should mix the classes rather than store them in order', () => {
    const firstTen = Array.from(asset.train.labels.subarray(0, 10));
    expect(new Set(firstTen).size).toBeGreaterThan(3);
  });

  it('should keep every test digit apart from the training digits', () => {
    const choice = chooseDigits(classes, PLAYGROUND_DIGITS);
    const key = ({ digit, index }: { digit: number; index: number }) => `${digit}:${index}`;
    const train = new Set(choice.train.map(key));
    expect(train.size).toBe(1000);
    expect(new Set(choice.test.map(key)).size).toBe(300);
    expect(choice.test.filter((source) => train.has(key(source)))).toEqual([]);
  });

  it('should store each chosen digit as the 2 × 2 means of its MNIST image, as bytes, with its class as label', () => {
    const choice = chooseDigits(classes, PLAYGROUND_DIGITS);
    for (const [set, sources] of [[asset.train, choice.train], [asset.test, choice.test]] as const) {
      sources.forEach(({ digit, index }, k) => {
        expect(set.labels[k]).toBe(digit);
        const raw = classes[digit]?.raw as readonly number[];
        const image = set.pixels.subarray(k * DIGIT_PIXELS, (k + 1) * DIGIT_PIXELS);
        for (const [row, column] of [[7, 7], [5, 8], [10, 4]] as const) {
          const top = index * SOURCE_PIXELS + 2 * row * SOURCE_SIDE + 2 * column;
          const mean = ((raw[top] as number) + (raw[top + 1] as number) + (raw[top + SOURCE_SIDE] as number) + (raw[top + SOURCE_SIDE + 1] as number)) / 4;
          expect(image[row * 14 + column]).toBe(Math.round(255 * mean));
        }
      });
    }
  });

  it('should keep pixels from 0 to 255: background at the border, ink in every image', () => {
    for (const set of [asset.train, asset.test]) {
      expect(set.pixels.reduce((min, value) => Math.min(min, value), 255)).toBe(0);
      expect(set.pixels.reduce((max, value) => Math.max(max, value), 0)).toBe(255);
      for (let k = 0; k < set.count; k++) {
        const image = set.pixels.subarray(k * DIGIT_PIXELS, (k + 1) * DIGIT_PIXELS);
        expect(Math.max(...image)).toBeGreaterThan(128);
        expect(image[0]).toBe(0);
        const ink = image.reduce((sum, value) => sum + value, 0) / (255 * DIGIT_PIXELS);
        expect(ink).toBeGreaterThan(0.03);
        expect(ink).toBeLessThan(0.6);
      }
    }
  });

  it('should be the file the built page serves', () => {
    const assets = fileURLToPath(new URL('../dist/assets/', import.meta.url));
    const served = readdirSync(assets).filter((name) => /^digits-[\w-]+\.bin$/.test(name));
    expect(served).toHaveLength(1);
    expect(readFileSync(`${assets}${served[0]}`).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('downsample', () => {
  it('should average each 2 × 2 block into one byte, rounding to the nearest', () => {
    const raw = Array.from({ length: SOURCE_PIXELS }, (_, p) => ((Math.floor(p / SOURCE_SIDE) % 2) * 2 + (p % 2)) / 3);
    const into = new Uint8Array(3 + DIGIT_PIXELS);
    downsample(raw, 0, into, 3);
    // Each block holds 0, 1/3, 2/3 and 1: its mean is 1/2, stored as round(127.5) = 128.
    expect(into.subarray(3).every((value) => value === 128)).toBe(true);
    expect(Array.from(into.subarray(0, 3))).toEqual([0, 0, 0]);
  });
});

describe('chooseDigits', () => {
  it('should refuse a class with fewer digits than asked for', () => {
    const sizes = Array.from({ length: 10 }, (_, digit) => ({ length: digit === 4 ? 120 : 1000 }));
    expect(() => chooseDigits(sizes, PLAYGROUND_DIGITS)).toThrow(/class 4 has 120 digits, fewer than the 130/);
  });
});

describe('the asset format', () => {
  it('should read back what it writes', () => {
    const small = makeDigitsAsset({ trainPerClass: 2, testPerClass: 1, seed: 5 }, classes);
    expect(decodeDigits(encodeDigits(small))).toEqual(small);
  });

  it.each([
    ['another file', (b: Uint8Array) => b.set([0x50, 0x4e, 0x47], 1), /does not start with RDIG/],
    ['another version', (b: Uint8Array) => b.set([2], 4), /format version is 2/],
    ['another image size', (b: Uint8Array) => b.set([28], 5), /28 pixels wide/],
    ['a label of 10', (b: Uint8Array) => b.set([10], 12), /label is not a digit/],
  ] as const)('should refuse %s', (_name, spoil, message) => {
    const copy = Uint8Array.from(bytes);
    spoil(copy);
    expect(() => decodeDigits(copy)).toThrow(message);
  });

  it('should refuse a truncated file, and one too short for its header', () => {
    expect(() => decodeDigits(bytes.subarray(0, bytes.length - 1))).toThrow(/has 256109 bytes, not the 256110/);
    expect(() => decodeDigits(bytes.subarray(0, 6))).toThrow(/does not start with RDIG/);
  });

  it('should refuse to write labels that are not digits', () => {
    const bad = { count: 1, labels: Uint8Array.of(12), pixels: new Uint8Array(DIGIT_PIXELS) };
    expect(() => encodeDigits({ train: bad, test: asset.test })).toThrow(/label is not a digit/);
  });
});
