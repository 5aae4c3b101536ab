/**
 * The `dying-relu` command: parses options with commander, runs the study,
 * writes the outputs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RectifyError } from '@rectify/core';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { chartSvg } from './chart.js';
import type { Mlp } from './mlp.js';
import { mlpToOnnx } from './onnx.js';
import { progressListener, type ProgressStream } from './progress.js';
import { jsonReport, markdownReport, markdownTable } from './report.js';
import { DEFAULT_OPTIONS, QUICK_OPTIONS, runStudy, type RunInfo, type StudyListener, type StudyOptions } from './study.js';

/**
 * Exit codes of the command.
 * @public
 */
export const ExitCode = {
  /** The study ran and its outputs were written. */
  ok: 0,
  /** The output folder or a file in it could not be written. */
  output: 1,
  /** A bad option or value; nothing was run (as for the `rectify` command). */
  usage: 2,
} as const;

/**
 * Where the command writes: results to `out`, progress and errors to `err`.
 * @public
 */
export interface CliIO {
  /** Standard output: the results table and the files written. */
  readonly out: (text: string) => void;
  /** Standard error: progress (a bar per run on a terminal) and error messages. */
  readonly err: ProgressStream;
}

/** Default output folder, relative to the working directory. @public */
export const DEFAULT_OUT = 'out/dying-relu';

/** The names of the files the command writes into the output folder. @public */
export const OUTPUT_FILES = { markdown: 'results.md', json: 'results.json', chart: 'chart.svg' } as const;

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}".`);
  }
  return Number(value);
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 0x7fffffff) throw new InvalidArgumentError(`expected an integer from 0 to 2147483647, got "${value}".`);
  return Number(value);
}

function parseRates(value: string): number[] {
  return value.split(',').map((part) => {
    const rate = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(rate) || rate <= 0) throw new InvalidArgumentError(`expected positive numbers separated by commas, got "${value}".`);
    return rate;
  });
}

function parseWidths(value: string): number[] {
  return value.split(',').map((part) => {
    try {
      return parseCount(part.trim());
    } catch {
      throw new InvalidArgumentError(`expected positive integers separated by commas, got "${value}".`);
    }
  });
}

function parseNames(value: string): string[] {
  const names = value.split(',').map((part) => part.trim());
  if (names.some((name) => name === '')) throw new InvalidArgumentError(`expected names separated by commas, got "${value}".`);
  return names;
}

interface ParsedOptions {
  readonly quick?: boolean;
  readonly seed?: number;
  readonly epochs?: number;
  readonly out: string;
  readonly activations?: string[];
  readonly lr?: number[];
  readonly train?: number;
  readonly test?: number;
  readonly hidden?: number[];
  readonly batchSize?: number;
  readonly onnx?: string;
}

/**
 * The study's options from the command line: the default or quick preset,
 * overridden by every option given.
 * @param parsed - What commander parsed.
 */
function studyOptions(parsed: ParsedOptions): StudyOptions {
  const preset = parsed.quick === true ? QUICK_OPTIONS : DEFAULT_OPTIONS;
  return {
    seed: parsed.seed ?? preset.seed,
    epochs: parsed.epochs ?? preset.epochs,
    learningRates: parsed.lr ?? preset.learningRates,
    activations: parsed.activations ?? preset.activations,
    train: parsed.train ?? preset.train,
    test: parsed.test ?? preset.test,
    hidden: parsed.hidden ?? preset.hidden,
    batchSize: parsed.batchSize ?? preset.batchSize,
  };
}

function program(io: CliIO): Command {
  const d = DEFAULT_OPTIONS;
  const q = QUICK_OPTIONS;
  return new Command('dying-relu')
    .description(
      'Trains an MLP on the MNIST digits of the mnist package once per activation and learning rate, and measures how many hidden units ' +
        'die (are never active on the test digits) and how large each hidden layer\'s weight gradient is. Writes a Markdown table, a JSON document and an SVG chart.',
    )
    .option('--quick', `a small, fast study: ${q.train}/${q.test} digits, layers ${q.hidden.join(',')}, ${q.epochs} epochs`)
    .option('--seed <n>', `seed of the split, the weights, the example order and RReLU's slopes (default: ${d.seed})`, parseSeed)
    .option('--epochs <n>', `passes over the training digits (default: ${d.epochs}, quick ${q.epochs})`, parseCount)
    .option('--out <dir>', 'output folder', DEFAULT_OUT)
    .option('--activations <names>', `comma-separated registered names or aliases, any elementwise activation or maxout (default: ${d.activations.join(',')})`, parseNames)
    .option('--lr <rates>', `comma-separated learning rates (default: ${d.learningRates.join(',')})`, parseRates)
    .option('--train <n>', `training digits (default: ${d.train}, quick ${q.train})`, parseCount)
    .option('--test <n>', `test digits (default: ${d.test}, quick ${q.test})`, parseCount)
    .option('--hidden <widths>', `comma-separated hidden layer widths (default: ${d.hidden.join(',')}, quick ${q.hidden.join(',')})`, parseWidths)
    .option('--batch-size <n>', `digits per SGD step (default: ${d.batchSize})`, parseCount)
    .option('--onnx <dir>', 'also write each trained model as ONNX, <activation>-lr<rate>.onnx, into this folder')
    .addHelpText('after', '\nExit codes: 0 done, 1 the output folder could not be written, 2 bad option or value (nothing run).')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err.write(text),
    });
}

/**
 * Runs the command.
 *
 * @param argv - The arguments after the program name, such as `['--quick']`.
 * @param io - Where to write; the process's stdout and stderr by default.
 * @returns The exit code; see {@link ExitCode}.
 * @public
 */
export function main(argv: readonly string[], io: CliIO = { out: (text) => process.stdout.write(text), err: process.stderr }): number {
  const command = program(io);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    throw error;
  }
  const parsed = command.opts<ParsedOptions>();
  const started = performance.now();
  let result;
  const progress = progressListener(io.err);
  const models: (readonly [string, Uint8Array])[] = [];
  let current: RunInfo | undefined;
  const listener: StudyListener = {
    ...progress,
    runStart: (run) => {
      current = run;
      progress.runStart?.(run);
    },
    ...(parsed.onnx === undefined ? {} : { trained: (model: Mlp) => models.push([`${current?.activation}-lr${current?.learningRate}.onnx`, mlpToOnnx(model)]) }),
  };
  try {
    result = runStudy(studyOptions(parsed), listener);
  } catch (error) {
    if (error instanceof RectifyError) {
      io.err.write(`dying-relu: ${error.message}\n`);
      return ExitCode.usage;
    }
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  const files = [
    [OUTPUT_FILES.markdown, markdownReport(result)],
    [OUTPUT_FILES.json, `${JSON.stringify(jsonReport(result), null, 2)}\n`],
    [OUTPUT_FILES.chart, chartSvg(result)],
  ] as const;
  try {
    mkdirSync(parsed.out, { recursive: true });
    for (const [name, content] of files) writeFileSync(join(parsed.out, name), content);
  } catch (error) {
    io.err.write(`dying-relu: cannot write the outputs to ${parsed.out}: ${(error as Error).message}\n`);
    return ExitCode.output;
  }
  if (parsed.onnx !== undefined) {
    try {
      mkdirSync(parsed.onnx, { recursive: true });
      for (const [name, bytes] of models) writeFileSync(join(parsed.onnx, name), bytes);
    } catch (error) {
      io.err.write(`dying-relu: cannot write the ONNX models to ${parsed.onnx}: ${(error as Error).message}\n`);
      return ExitCode.output;
    }
    io.out(`wrote ${models.length} ONNX models into ${parsed.onnx}\n`);
  }
  io.out(`\n${markdownTable(result)}\n`);
  io.out(`${result.runs.length} runs in ${seconds.toFixed(1)} s; wrote ${files.map(([name]) => join(parsed.out, name)).join(', ')}\n`);
  return ExitCode.ok;
}
