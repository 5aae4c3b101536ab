import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { collectSetting, configsFor, finiteOption, integerOption, type Setting } from '../args.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { formatExact } from '../format.js';
import { sampleCurve } from '../plot/sample.js';
import { designates } from '../registry.js';

interface PlotOptions {
  readonly set?: Setting[];
  readonly from: number;
  readonly to: number;
  readonly samples: number;
  readonly output?: string;
  readonly title?: string;
  readonly terminal?: true;
}

/** Terminal columns used when standard output is not a terminal. */
const DEFAULT_COLUMNS = 80;

function defaultTitle(labels: readonly string[], from: number, to: number): string {
  const names = labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) as string}`;
  return `${names} on [${formatExact(from)}, ${formatExact(to)}]`;
}

/**
 * Adds `rectify plot <name...>`: an SVG figure of the activations and their
 * derivatives (`-o file.svg`), or a quick plot in the terminal
 * (`--terminal`), or both.
 *
 * @remarks
 * Stochastic activations are drawn in eval mode. Activations that are not
 * elementwise (maxout, softmax, log_softmax, softmin, glu) are refused with
 * an explanation: they have no curve y = f(x).
 *
 * @param program - The root command.
 * @param context - Registry, output, exit code.
 * @internal
 */
export function addPlotCommand(program: Command, context: CommandContext): void {
  program
    .command('plot')
    .description('plot activations and their derivatives as an SVG figure or in the terminal; several names overlay')
    .argument('<name...>', 'activation names or aliases (elementwise ones; stochastic ones are drawn in eval mode)')
    .option('--set <key=value>', 'config value for every named activation that has the key, or name.key=value for one; repeatable', collectSetting)
    .option('--from <x>', 'start of the x range', finiteOption, -5)
    .option('--to <x>', 'end of the x range', finiteOption, 5)
    .option('--samples <n>', 'points per curve in the SVG', integerOption(2, 100_000), 401)
    .option('-o, --output <file>', 'write the SVG figure to this file')
    .option('--title <text>', 'title of the figure (default: the names and the range)')
    .option('--terminal', 'draw a quick plot in the terminal')
    .addHelpText(
      'after',
      `
Examples:
  rectify plot relu leaky_relu rrelu -o rectifiers.svg
  rectify plot sigmoid tanh -o sigmoid-tanh.svg
  rectify plot leaky_relu --set negativeSlope=0.2 --from -3 --to 3 --terminal
  rectify plot relu leaky_relu --set leaky_relu.negativeSlope=0.1 -o two.svg`,
    )
    .action(async (names: string[], options: PlotOptions) => {
      if (options.output === undefined && options.terminal !== true) {
        throw new UsageError('plot needs somewhere to draw: -o FILE.svg for an SVG figure, or --terminal');
      }
      if (!(options.from < options.to)) {
        throw new UsageError(`--from must be less than --to, got --from ${formatExact(options.from)} --to ${formatExact(options.to)}`);
      }
      const plugins = names.map((name) => context.registry.get(name));
      const configs = configsFor(plugins, options.set ?? [], designates);
      const sample = (points: number, sharpKinks: boolean) =>
        plugins.map((plugin, i) => sampleCurve(plugin, configs[i] ?? {}, options.from, options.to, points, sharpKinks));

      if (options.output !== undefined) {
        const curves = sample(options.samples, true);
        const title = options.title ?? defaultTitle(curves.map((c) => c.label), options.from, options.to);
        const file = resolve(context.io.cwd, options.output);
        const { renderSvg } = await import('../plot/svg.js');
        const svg = renderSvg(curves, { title, from: options.from, to: options.to });
        try {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, svg);
        } catch (error) {
          throw new UsageError(`cannot write ${options.output}: ${(error as Error).message}`);
        }
        context.io.out(`wrote ${options.output} (${curves.map((c) => c.label).join(', ')}; x from ${formatExact(options.from)} to ${formatExact(options.to)})\n`);
      }
      if (options.terminal === true) {
        const width = Math.max(20, Math.min(200, (context.io.columns ?? DEFAULT_COLUMNS) - 12));
        const curves = sample(width, false);
        const { renderTerminal } = await import('../plot/terminal.js');
        const title = options.title ?? defaultTitle(curves.map((c) => c.label), options.from, options.to);
        context.io.out(`${renderTerminal(curves, { title, from: options.from, to: options.to, width, color: context.io.color })}\n`);
      }
    });
}
