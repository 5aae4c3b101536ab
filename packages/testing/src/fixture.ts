import { RectifyError, decodeNumber, describeValue, type DType } from '@rectify/core';

/**
 * A number as a fixture writes it: a JSON number, or one of the strings
 * `"NaN"`, `"Infinity"`, `"-Infinity"` and `"-0"` (as `encodeNumber` in
 * `@rectify/core` writes them).
 * @public
 */
export type EncodedNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

/**
 * One case of a reference fixture: an activation, a config and a dtype, an
 * input and an output gradient, and the values PyTorch computed for them.
 * @public
 */
export interface ReferenceCase {
  /** The activation's canonical name (`leaky_relu`). */
  readonly name: string;
  /** The config, as `plugin.create` takes it. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The dtype of every tensor of the case. */
  readonly dtype: DType;
  /** The input's shape. */
  readonly shape: readonly number[];
  /** The input, row-major. */
  readonly x: readonly EncodedNumber[];
  /** The gradient with respect to the output, row-major in the output's shape. */
  readonly dy: readonly EncodedNumber[];
  /** PyTorch's output. */
  readonly y: readonly EncodedNumber[];
  /** PyTorch's gradient with respect to the input. */
  readonly dx: readonly EncodedNumber[];
  /**
   * Other accepted outputs, by index (a string): where PyTorch's vectorised
   * and scalar paths disagree, either answer is PyTorch's.
   */
  readonly alternativeY?: Readonly<Record<string, EncodedNumber>>;
  /** Other accepted input gradients, by index, as for {@link ReferenceCase.alternativeY}. */
  readonly alternativeDx?: Readonly<Record<string, EncodedNumber>>;
}

/**
 * A reference fixture, as `scripts/fixtures/pytorch.py` writes
 * `packages/<package>/test/fixtures/pytorch.json`.
 * @public
 */
export interface ReferenceFixture {
  /** What wrote it (`scripts/fixtures/pytorch.py`). */
  readonly generator?: string;
  /** The PyTorch version that computed it. */
  readonly torch?: string;
  /** The cases, of one or more activations. */
  readonly cases: readonly ReferenceCase[];
}

function invalid(field: string, expected: string, value: unknown): never {
  throw new RectifyError('INVALID_JSON', `reference fixture: ${field} must be ${expected}, got ${describeValue(value)}`, { field, value });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NUMBER = 'a number or one of "NaN", "Infinity", "-Infinity", "-0"';

function checkNumbers(field: string, value: unknown, length?: number): void {
  if (!Array.isArray(value)) invalid(field, `an array of numbers`, value);
  if (length !== undefined && value.length !== length) invalid(`${field}.length`, `${length}, the size of the shape`, value.length);
  value.forEach((v, i) => {
    if (decodeNumber(v) === undefined) invalid(`${field}[${i}]`, NUMBER, v);
  });
}

function checkAlternatives(field: string, value: unknown, length: number): void {
  if (value === undefined) return;
  if (!isRecord(value)) invalid(field, 'an object from indices to numbers', value);
  for (const [key, v] of Object.entries(value)) {
    const index = Number(key);
    if (!(Number.isInteger(index) && index >= 0 && index < length && String(index) === key)) invalid(`${field} key`, `an index from 0 to ${length - 1}`, key);
    if (decodeNumber(v) === undefined) invalid(`${field}["${key}"]`, NUMBER, v);
  }
}

function checkCase(value: unknown, at: string): void {
  if (!isRecord(value)) invalid(at, 'an object', value);
  if (typeof value['name'] !== 'string') invalid(`${at}.name`, 'a string', value['name']);
  if (!isRecord(value['config'])) invalid(`${at}.config`, 'an object', value['config']);
  if (value['dtype'] !== 'float32' && value['dtype'] !== 'float64') invalid(`${at}.dtype`, '"float32" or "float64"', value['dtype']);
  const shape = value['shape'];
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) invalid(`${at}.shape`, 'an array of sizes', shape);
  checkNumbers(`${at}.x`, value['x'], (shape as number[]).reduce((n, d) => n * d, 1));
  checkNumbers(`${at}.dy`, value['dy']);
  checkNumbers(`${at}.y`, value['y'], (value['dy'] as unknown[]).length);
  checkNumbers(`${at}.dx`, value['dx'], (value['x'] as unknown[]).length);
  checkAlternatives(`${at}.alternativeY`, value['alternativeY'], (value['y'] as unknown[]).length);
  checkAlternatives(`${at}.alternativeDx`, value['alternativeDx'], (value['dx'] as unknown[]).length);
}

/**
 * Checks that a parsed JSON document is a {@link ReferenceFixture}: every
 * case has a name, a config, a dtype and a shape, x and dx of the shape's
 * size, y of dy's, every number encoded as {@link EncodedNumber}, and
 * alternatives keyed by valid indices.
 *
 * @param document - What `JSON.parse` gave for the fixture file.
 * @returns The same document, typed.
 * @throws `RectifyError` `INVALID_JSON` naming the first field that is wrong.
 * @public
 */
export function parseReferenceFixture(document: unknown): ReferenceFixture {
  if (!isRecord(document)) invalid('the document', 'an object with "cases"', document);
  const cases = document['cases'];
  if (!Array.isArray(cases)) invalid('cases', 'an array', cases);
  cases.forEach((c, i) => checkCase(c, `cases[${i}]`));
  return document as unknown as ReferenceFixture;
}

/**
 * Decodes a list of {@link EncodedNumber}s (already checked).
 * @param values - The encoded numbers.
 * @internal
 */
export function decodeAll(values: readonly EncodedNumber[]): number[] {
  return values.map((v) => decodeNumber(v) as number);
}
