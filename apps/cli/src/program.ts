/**
 * The `rectify` command: its subcommands, and how errors become messages and
 * exit codes.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { addCheckCommand } from './commands/check.js';
import { addEvalCommand } from './commands/eval.js';
import { addListCommand } from './commands/list.js';
import { addPlotCommand } from './commands/plot.js';
import type { CommandContext, Io } from './context.js';
import { EXIT_CODES_HELP, ExitCode, UsageError, isRectifyError } from './errors.js';
import { createCliRegistry } from './registry.js';

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

/**
 * Builds the command tree.
 *
 * @param context - Registry, output, exit code.
 * @internal
 */
export function createProgram(context: CommandContext): Command {
  const program = new Command('rectify')
    .description('List, evaluate, plot and check neural-network activation functions from the Rectify registry.')
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: context.io.out, writeErr: context.io.err })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);
  addListCommand(program, context);
  addEvalCommand(program, context);
  addPlotCommand(program, context);
  addCheckCommand(program, context);
  return program;
}

/**
 * Runs `rectify` with the given arguments.
 *
 * @remarks
 * Mistakes of the user (commander's usage errors, {@link UsageError},
 * `RectifyError`) are printed as one `error:` line and give exit code 2;
 * anything else is a bug and is rethrown, for the caller to print with its
 * stack.
 *
 * @param argv - The arguments after the program name.
 * @param io - Output and environment.
 * @returns The exit code.
 * @internal
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const context: CommandContext = { registry: createCliRegistry(), io, exitCode: ExitCode.ok };
  const program = createProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message; help and version end in success.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof UsageError || isRectifyError(error)) {
      io.err(`error: ${error.message}\n`);
      return ExitCode.usage;
    }
    throw error;
  }
}
