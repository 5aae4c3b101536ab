import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built binary the tests run. */
export const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** The directory of the test fixtures. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** What one run of the binary did. */
export interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/**
 * Runs `node dist/main.js ...args` as a subprocess, without colour, and
 * resolves with its output and exit code (never rejects on a non-zero code).
 *
 * @param args - The arguments after the program name.
 * @param cwd - The working directory; defaults to the fixtures directory.
 */
export function rectify(args: readonly string[], cwd = FIXTURES): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ stdout, stderr, code });
    });
  });
}
