import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyActivationPlugin } from '@rectify/core';
import type { ConformanceReport } from '@rectify/testing';
import type { Command } from 'commander';
import { collectSetting, configsFor, integerOption, type Setting } from '../args.js';
import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { designates } from '../registry.js';

interface CheckOptions {
  readonly set?: Setting[];
  readonly runs: number;
  readonly seed?: number;
}

/** What a plugin object must have, as `definePlugin` in `@rectify/core` describes it. */
const MEMBERS: readonly [string, (value: unknown) => boolean][] = [
  ['name', (v) => typeof v === 'string' && v !== ''],
  ['aliases', Array.isArray],
  ['fields', (v) => typeof v === 'object' && v !== null],
  ['defaults', (v) => typeof v === 'object' && v !== null],
  ['traits', (v) => typeof v === 'object' && v !== null],
  ['validate()', (v) => typeof v === 'function'],
  ['create()', (v) => typeof v === 'function'],
];

const EXPECTED =
  'a default or named export made with defineElementwise() or definePlugin() from @rectify/core: an object with name, aliases, fields, defaults, traits, validate() and create()';

function missingMembers(value: object): string[] {
  return MEMBERS.filter(([member, ok]) => !ok((value as Record<string, unknown>)[member.replace('()', '')])).map(([member]) => member);
}

/**
 * The activation plugins a module exports: its default export first, then its
 * named exports in order, each distinct object once.
 *
 * @param exports - The module namespace.
 * @param shown - The module path as the user typed it, for messages.
 * @throws {@link UsageError} when there is none, saying what was expected and
 * what the closest exports lack.
 */
function pluginsOf(exports: Record<string, unknown>, shown: string): { exportName: string; plugin: AnyActivationPlugin }[] {
  const keys = Object.keys(exports).sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : 0));
  const found: { exportName: string; plugin: AnyActivationPlugin }[] = [];
  const near: string[] = [];
  for (const key of keys) {
    const value = exports[key];
    if (typeof value !== 'object' || value === null) continue;
    const missing = missingMembers(value);
    if (missing.length === 0) {
      if (!found.some((f) => f.plugin === value)) found.push({ exportName: key, plugin: value as AnyActivationPlugin });
    } else if (missing.length < MEMBERS.length - 1) {
      near.push(`export ${JSON.stringify(key)} lacks ${missing.join(', ')}`);
    }
  }
  if (found.length === 0) {
    const listed = keys.length > 0 ? `its exports: ${[keys.join(', '), ...near].join('; ')}` : 'it has no exports';
    throw new UsageError(`${shown} exports no activation plugin (${listed}); expected ${EXPECTED}`);
  }
  return found;
}

async function importModule(cwd: string, path: string): Promise<Record<string, unknown>> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) {
    throw new UsageError(`cannot find ${path} (looked for ${file}); expected the path of an ES module (.mjs or .js) that exports an activation plugin`);
  }
  if (statSync(file).isDirectory()) {
    throw new UsageError(`${path} is a directory; expected the path of an ES module file (.mjs or .js) that exports an activation plugin`);
  }
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const hint = ['.ts', '.mts', '.cts', '.tsx'].includes(extname(file)) ? ' (compile TypeScript to JavaScript first)' : '';
    throw new UsageError(`cannot import ${path}${hint}: ${error instanceof Error ? error.message : String(error)}; expected an ES module that exports an activation plugin`);
  }
}

function failedToRun(plugin: AnyActivationPlugin, error: unknown): ConformanceReport {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    plugin: plugin.name,
    passed: false,
    results: [{ property: 'creates an instance with the config', dtype: 'float64', passed: false, numRuns: 0, message }],
  };
}

/**
 * Adds `rectify check <module>`: imports a user's ES module, finds the
 * activation plugins it exports, runs the conformance kit of
 * `@rectify/testing` on each, prints every property as `pass` or `FAIL` with
 * the shrunk counterexample, and sets exit code 1 when any property fails.
 *
 * @param program - The root command.
 * @param context - Registry, output, exit code.
 * @internal
 */
export function addCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description('run the conformance kit on your own activation plugin before you register it')
    .argument('<module>', 'path of an ES module (.mjs or .js) exporting a plugin, as its default export or a named one')
    .option('--runs <n>', 'runs per property', integerOption(1, 1_000_000), 100)
    .option('--seed <n>', 'fast-check seed, to replay a run (default: random, printed on failure)', integerOption(-(2 ** 31), 2 ** 31 - 1))
    .option('--set <key=value>', 'config to check the plugin with, a JSON number or boolean per key; repeatable', collectSetting)
    .addHelpText(
      'after',
      `
The module may import @rectify/core and build its plugin with definePlugin and
ActivationBase. Every plugin it exports is checked.

Examples:
  rectify check ./swish.mjs
  rectify check ./swish.mjs --set beta=2 --runs 500 --seed 42`,
    )
    .action(async (path: string, options: CheckOptions) => {
      const exports = await importModule(context.io.cwd, path);
      // Loaded here, so that the other commands start without fast-check.
      const { formatReport, runConformance } = await import('@rectify/testing');
      const found = pluginsOf(exports, path);
      for (const [index, { exportName, plugin }] of found.entries()) {
        const config = configsFor([plugin], options.set ?? [], designates)[0] ?? {};
        const where = exportName === 'default' ? 'default export' : `export ${exportName}`;
        const seed = options.seed === undefined ? '' : `, seed ${options.seed}`;
        context.io.out(`${index > 0 ? '\n' : ''}Checking ${plugin.name} (${where} of ${path}): ${options.runs} runs per property${seed}\n\n`);
        let report: ConformanceReport;
        try {
          report = runConformance(plugin, {
            config,
            numRuns: options.runs,
            ...(options.seed === undefined ? {} : { seed: options.seed }),
          });
        } catch (error) {
          report = failedToRun(plugin, error);
        }
        context.io.out(`${formatReport(report)}\n`);
        if (!report.passed) context.exitCode = ExitCode.checkFailed;
      }
    });
}
