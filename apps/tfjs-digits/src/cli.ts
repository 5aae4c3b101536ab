/**
 * The `tfjs-digits` command: parses options with commander and runs {@link runDigits}.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { runDigits, type DigitsOptions } from './run.js';

/** The defaults, and the smaller `--quick` preset. @public */
export const PRESETS = {
  full: { train: 4000, test: 1000, epochs: 4, hidden: 64, seed: 1, learningRate: 0.005, out: 'out/tfjs-digits' },
  quick: { train: 800, test: 300, epochs: 2, hidden: 32, seed: 1, learningRate: 0.005, out: 'out/tfjs-digits' },
} as const satisfies Record<string, DigitsOptions>;

function positive(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError(`expected a positive integer, got "${value}".`);
  return Number(value);
}

/**
 * Runs the command.
 * @param argv - The arguments after the program name.
 * @param out - Where the report goes.
 * @param err - Where progress and errors go.
 * @returns The exit code: 0 done, 1 the run failed, 2 a bad option.
 * @public
 */
export async function main(argv: readonly string[], out: (text: string) => void = (t) => process.stdout.write(t), err: (text: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const command = new Command('tfjs-digits')
    .description('Trains a TensorFlow.js network with Rectify layers (Maxout, PReLU, RReLU, softmax) on MNIST digits, saves and reloads it, exports it to ONNX and compares the test accuracy in TensorFlow.js and ONNX Runtime.')
    .option('--quick', `a small run: ${PRESETS.quick.train}/${PRESETS.quick.test} digits, ${PRESETS.quick.epochs} epochs`)
    .option('--train <n>', `training digits (default: ${PRESETS.full.train})`, positive)
    .option('--test <n>', `test digits (default: ${PRESETS.full.test})`, positive)
    .option('--epochs <n>', `passes over the training digits (default: ${PRESETS.full.epochs})`, positive)
    .option('--hidden <n>', `hidden layer width (default: ${PRESETS.full.hidden})`, positive)
    .option('--seed <n>', `seed (default: ${PRESETS.full.seed})`, positive)
    .option('--out <dir>', 'output folder', PRESETS.full.out)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const parsed = command.opts<Partial<DigitsOptions> & { quick?: boolean }>();
  const preset = parsed.quick === true ? PRESETS.quick : PRESETS.full;
  const { quick: _quick, ...given } = parsed;
  const options: DigitsOptions = { ...preset, ...given };
  try {
    const report = await runDigits(options, (line) => err(`${line}\n`));
    const percent = (v: number): string => `${(100 * v).toFixed(2)}%`;
    out(
      [
        `test accuracy on ${options.test} digits:`,
        `  TensorFlow.js             ${percent(report.tfjsAccuracy)}`,
        `  saved and reloaded        ${percent(report.reloadedAccuracy)} (${report.reloadedIdentical ? 'identical probabilities' : 'probabilities differ'})`,
        `  ONNX Runtime              ${percent(report.onnxAccuracy)} (${report.agreeing} of ${options.test} predictions as in TensorFlow.js; probabilities within ${report.largestDifference.toExponential(1)})`,
        `wrote ${report.files.join(', ')}`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    err(`tfjs-digits: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
