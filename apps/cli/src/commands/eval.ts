import { allocate, createRng, type DType, type ForwardOptions } from '@rectify/core';
import { Option, type Command } from 'commander';
import { collectSetting, configsFor, integerOption, parseInputs, type Setting } from '../args.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { formatExact, formatFixed, jsonNumber, tutorialLine, tutorialName } from '../format.js';
import { designates } from '../registry.js';

interface EvalOptions {
  readonly set?: Setting[];
  readonly digits?: number;
  readonly json?: true;
  readonly dtype: DType;
  readonly train?: true;
  readonly seed?: number;
  readonly gradient: boolean;
}

function list(values: ArrayLike<number>, format: (value: number) => string): string {
  return Array.from(values, format).join(', ');
}

/**
 * Adds `rectify eval <name> <x...>`: applies an activation to numbers and
 * prints one line per input, `Applying Relu on (-10.0) gives 0.0`, with the
 * gradient (the `backward` of dy = 1) beside it.
 *
 * @remarks
 * The name printed is the tutorial's for the rectifiers (`Relu`, `Leaky
 * Relu`) and the plugin's display name for the rest (`Sigmoid`, `GELU`).
 * An activation that is not elementwise (maxout, softmax, log_softmax,
 * softmin, glu) takes the inputs as one vector and prints one line for it;
 * its gradient is that of the sum of the outputs.
 *
 * @param program - The root command.
 * @param context - Registry, output, exit code.
 * @internal
 */
export function addEvalCommand(program: Command, context: CommandContext): void {
  program
    .command('eval')
    .description('apply an activation to numbers: one line per input, with the gradient beside it')
    .argument('<name>', 'activation name or alias (see rectify list)')
    .argument('<x...>', 'input values, such as 1 -10 0 15 -20 -Infinity NaN')
    // Inputs such as -Infinity or -1E3 look like options to the parser; they
    // are kept as inputs, and parseInputs reports real unknown options.
    .allowUnknownOption()
    .option('--set <key=value>', 'config value, a JSON number or boolean; repeat for several keys', collectSetting)
    .option('--digits <n>', 'decimals for values and gradients, rounded as %.Nf rounds (default: 1 for values, gradients exact)', integerOption(0, 50))
    .option('--json', 'print a JSON document instead of text (full precision)')
    .addOption(new Option('--dtype <dtype>', 'element type of the computation').choices(['float32', 'float64']).default('float64'))
    .option('--train', 'training mode: stochastic activations (rrelu) draw random slopes')
    .option('--seed <n>', 'seed of the generator in training mode (default: the activation\'s own)', integerOption(-(2 ** 31), 2 ** 31 - 1))
    .option('--no-gradient', 'print the values only, exactly as the tutorial does')
    .addHelpText(
      'after',
      `
Values print as printf's %.1f prints them (the tutorial's format), from the
exact binary value with ties to even; gradients print exactly, as the shortest
decimal that reads back as the same number (so Leaky Relu's 0.01 shows).
--digits N prints both with N decimals. The sign of zero is kept: relu(-0) is
-0 and prints as -0.0. NaN and the infinities print as NaN, Infinity and
-Infinity; in --json those and -0 are the strings "NaN", "Infinity",
"-Infinity" and "-0", and every number has full precision.

Examples:
  rectify eval relu 1 -10 0 15 -20
  rectify eval leaky_relu --set negativeSlope=0.2 -Infinity -1 0 1
  rectify eval rrelu --train --seed 7 -3 -2 -1
  rectify eval maxout --set pieces=2 1 -10 0 15
  rectify eval sigmoid 0
  rectify eval softmax 1 2 3`,
    )
    .action((name: string, texts: string[], options: EvalOptions) => {
      const plugin = context.registry.get(name);
      if (options.seed !== undefined && options.train !== true) throw new UsageError('--seed applies to training mode only; add --train');
      const config = configsFor([plugin], options.set ?? [], designates)[0] ?? {};
      const activation = plugin.create(config);
      const values = parseInputs(texts);
      const x = allocate(options.dtype, values.length);
      x.set(values);
      const training = options.train === true;
      const forwardOptions: ForwardOptions = options.seed === undefined ? { training } : { training, rng: createRng(options.seed) };
      const { y, backward } = activation.forward({ data: x, shape: [x.length] }, forwardOptions);
      const ones = allocate(options.dtype, y.data.length).fill(1);
      const dx = backward({ data: ones, shape: y.shape }).data;

      if (options.json === true) {
        const document = {
          activation: plugin.name,
          displayName: plugin.displayName,
          config: activation.config,
          dtype: options.dtype,
          training,
          seed: options.seed ?? null,
          elementwise: plugin.traits.elementwise,
          x: Array.from(x, jsonNumber),
          y: Array.from(y.data, jsonNumber),
          gradient: Array.from(dx, jsonNumber),
        };
        context.io.out(`${JSON.stringify(document, null, 2)}\n`);
        return;
      }
      const shown = tutorialName(plugin);
      const digits = options.digits;
      const value = (v: number): string => formatFixed(v, digits ?? 1);
      const gradient = (v: number): string => (digits === undefined ? formatExact(v) : formatFixed(v, digits));
      const lines: string[] = [];
      if (plugin.traits.elementwise) {
        for (let i = 0; i < x.length; i++) {
          lines.push(tutorialLine(plugin, x[i] as number, y.data[i] as number, options.gradient ? (dx[i] as number) : undefined, digits));
        }
      } else {
        const line = `Applying ${shown} on (${list(x, value)}) gives (${list(y.data, value)})`;
        lines.push(options.gradient ? `${line}  (gradient of the sum: ${list(dx, gradient)})` : line);
      }
      context.io.out(`${lines.join('\n')}\n`);
    });
}
