import type { Registry } from '@rectify/core';

/**
 * Where a command writes and what it knows about its surroundings; `main.ts`
 * fills it from the process.
 * @internal
 */
export interface Io {
  /** Writes text to standard output. */
  readonly out: (text: string) => void;
  /** Writes text to standard error. */
  readonly err: (text: string) => void;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Terminal width in columns, when standard output is a terminal. */
  readonly columns: number | undefined;
  /** Whether to colour terminal output. */
  readonly color: boolean;
}

/**
 * What every command receives.
 * @internal
 */
export interface CommandContext {
  /** The registry of built-in activations. */
  readonly registry: Registry;
  /** Output and environment. */
  readonly io: Io;
  /** The exit code the run ends with, unless an error decides otherwise. */
  exitCode: number;
}
