#!/usr/bin/env node
/**
 * Entry point of the `rectify` binary.
 *
 * @packageDocumentation
 */
import { ExitCode } from './errors.js';
import { run } from './program.js';

const colorWanted = process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0';
const colorRefused = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';

try {
  process.exitCode = await run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    color: !colorRefused && (colorWanted || process.stdout.isTTY === true),
  });
} catch (error) {
  process.stderr.write(`rectify: internal error (please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = ExitCode.internal;
}
