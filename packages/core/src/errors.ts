/**
 * The kinds of failure Rectify reports. Each is a stable string that callers
 * may switch on; messages may be reworded, codes never change.
 *
 * - `UNKNOWN_ACTIVATION`: a name or alias that no registered plugin answers to.
 * - `DUPLICATE_NAME`: registering a name or alias that is already taken.
 * - `INVALID_CONFIG`: a hyperparameter that is missing, unknown, or out of range.
 * - `INVALID_ARGUMENT`: any other bad argument (a shape, an option, a buffer).
 * - `SHAPE_MISMATCH`: data and shape disagree, or `dy` does not match `y`.
 * - `DTYPE_MISMATCH`: a buffer whose element type differs from the input's.
 * - `FROZEN_REGISTRY`: changing a registry after {@link Registry.freeze}.
 * - `INVALID_JSON`: a serialised activation that fails validation.
 *
 * @public
 */
export type RectifyErrorCode =
  | 'UNKNOWN_ACTIVATION'
  | 'DUPLICATE_NAME'
  | 'INVALID_CONFIG'
  | 'INVALID_ARGUMENT'
  | 'SHAPE_MISMATCH'
  | 'DTYPE_MISMATCH'
  | 'FROZEN_REGISTRY'
  | 'INVALID_JSON';

/**
 * Extra facts attached to a {@link RectifyError}.
 * @public
 */
export interface RectifyErrorDetails {
  /** The offending field or argument, as a path such as `config.negativeSlope`. */
  readonly field?: string;
  /** The offending value, as received. */
  readonly value?: unknown;
}

/**
 * The one error class every Rectify package throws for bad input.
 *
 * @remarks
 * `code` tells the kind of failure; `field` and `value` name what was wrong.
 * A function that throws a `RectifyError` has changed nothing.
 *
 * @example
 * ```ts
 * try {
 *   registry.create('leaky_relu', { negativeSlope: Number.NaN });
 * } catch (error) {
 *   if (error instanceof RectifyError && error.code === 'INVALID_CONFIG') {
 *     console.log(error.field); // 'negativeSlope'
 *   }
 * }
 * ```
 * @public
 */
export class RectifyError extends Error {
  /** The stable kind of this failure. */
  readonly code: RectifyErrorCode;
  /** The offending field or argument, when there is one. */
  readonly field: string | undefined;
  /** The offending value, when there is one. */
  readonly value: unknown;

  /**
   * @param code - The kind of failure.
   * @param message - A sentence naming the field and the value.
   * @param details - The field and value, for programs that handle the error.
   */
  constructor(code: RectifyErrorCode, message: string, details: RectifyErrorDetails = {}) {
    super(message);
    this.name = 'RectifyError';
    this.code = code;
    this.field = details.field;
    this.value = details.value;
  }
}

/**
 * Renders a value for an error message: short, unambiguous, never throwing.
 *
 * @param value - Anything.
 * @returns `-0`, `NaN`, strings in quotes, arrays and objects abridged.
 * @public
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  if (Array.isArray(value)) {
    return value.length > 8 ? `an array of length ${value.length}` : `[${value.map(describeValue).join(', ')}]`;
  }
  return 'an object';
}
