import { RectifyError } from '@rectify/core';

/**
 * The exit codes of `rectify`, as `rectify --help` and the README list them.
 * @internal
 */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** `rectify check`: at least one conformance property failed. */
  checkFailed: 1,
  /** A usage or input error: bad arguments, unknown name, bad config, unreadable module. */
  usage: 2,
  /** A bug in `rectify` itself; a stack trace is printed. */
  internal: 70,
} as const;

/**
 * The help text that lists the exit codes.
 * @internal
 */
export const EXIT_CODES_HELP = `
Exit codes:
  0   success
  1   rectify check: a conformance property failed
  2   usage or input error (unknown activation, bad number, bad --set, unreadable module)
  70  internal error: a bug in rectify, printed with its stack trace`;

/**
 * A mistake in how `rectify` was called or in what it was given: printed as
 * one line, without a stack trace, and the exit code is 2.
 * @internal
 */
export class UsageError extends Error {
  /** @param message - What was wrong and, where it helps, what was expected. */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Whether an error is a {@link RectifyError}, also when it comes from another
 * copy of `@rectify/core` (a user's module in `rectify check` may bring its own).
 *
 * @param error - Anything caught.
 * @internal
 */
export function isRectifyError(error: unknown): error is RectifyError {
  if (error instanceof RectifyError) return true;
  return error instanceof Error && error.name === 'RectifyError' && typeof (error as { code?: unknown }).code === 'string';
}
