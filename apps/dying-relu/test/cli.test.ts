import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, OUTPUT_FILES, main, type CliIO } from '../src/cli.js';
import { QUICK_OPTIONS } from '../src/study.js';

/** Captures what the command writes; `tty` makes its error stream claim to be a terminal. */
function capture(tty = false): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      err += chunk.toString();
      done();
    },
  });
  Object.assign(stream, { isTTY: tty, columns: 160 });
  return { out: (text) => (out += text), err: stream, stdout: () => out, stderr: () => err };
}

const made: string[] = [];
const outDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'dying-relu-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const SMALL = ['--train', '200', '--test', '100', '--hidden', '8,8', '--epochs', '1'];

describe('the dying-relu command', () => {
  it('should run the --quick study and write the Markdown table, the JSON document and the SVG chart', () => {
    const dir = outDir();
    const io = capture();
    expect(main(['--quick', '--out', dir], io)).toBe(ExitCode.ok);
    const markdown = readFileSync(join(dir, OUTPUT_FILES.markdown), 'utf8');
    const json = JSON.parse(readFileSync(join(dir, OUTPUT_FILES.json), 'utf8')) as { settings: { train: number }; runs: unknown[] };
    const svg = readFileSync(join(dir, OUTPUT_FILES.chart), 'utf8');
    const runs = QUICK_OPTIONS.activations.length * QUICK_OPTIONS.learningRates.length;
    expect(json.runs).toHaveLength(runs);
    expect(json.settings.train).toBe(2000);
    expect(markdown).toContain('| relu | 0.05 |');
    expect(svg).toContain('<svg');
    expect(io.stdout()).toContain('| Activation | LR |');
    expect(io.stdout()).toContain(`${runs} runs in`);
    // Not a terminal: plain progress lines.
    expect(io.stderr()).toContain(`[1/${runs}] relu, lr 0.05\n`);
    expect(io.stderr()).toMatch(/epoch 2\/2: train loss \d/);
  });

  it('should let options override the preset and write the same table for the same seed', () => {
    const first = outDir();
    const second = outDir();
    const args = [...SMALL, '--activations', 'relu,LeakyReLU', '--lr', '0.1', '--seed', '9', '--batch-size', '50'];
    expect(main([...args, '--out', first], capture())).toBe(ExitCode.ok);
    expect(main([...args, '--out', second], capture())).toBe(ExitCode.ok);
    const table = readFileSync(join(first, OUTPUT_FILES.markdown), 'utf8');
    expect(readFileSync(join(second, OUTPUT_FILES.markdown), 'utf8')).toBe(table);
    expect(readFileSync(join(second, OUTPUT_FILES.json), 'utf8')).toBe(readFileSync(join(first, OUTPUT_FILES.json), 'utf8'));
    expect(table).toContain('| leaky_relu | 0.1 |');
    expect(table).toContain('seed 9');
    expect(table).toContain('batch 50');
  });

  it('should run sigmoid, tanh, gelu and silu, and report each layer\'s weight gradient', () => {
    const dir = outDir();
    const io = capture();
    expect(main([...SMALL, '--activations', 'sigmoid,tanh,gelu,silu', '--lr', '0.1', '--out', dir], io)).toBe(ExitCode.ok);
    const table = readFileSync(join(dir, OUTPUT_FILES.markdown), 'utf8');
    for (const name of ['sigmoid', 'tanh', 'gelu', 'silu']) expect(table).toMatch(new RegExp(`^\\| ${name} \\| 0\\.1 \\|.*\\| \\d\\.\\de-\\d / \\d\\.\\de-\\d \\(\\d+\\.\\d\\d\\) \\|`, 'm'));
    expect(table).toContain('Weight gradient RMS (L1 / L2, ratio)');
    expect(io.stderr()).toMatch(/epoch 1\/1: .*weight gradient RMS \d\.\de-\d \/ \d\.\de-\d\n/);
  });

  it('should draw a progress bar per run on a terminal', () => {
    const io = capture(true);
    expect(main([...SMALL, '--activations', 'relu,maxout', '--lr', '0.05', '--out', outDir()], io)).toBe(ExitCode.ok);
    expect(io.stderr()).toContain('[1/2] relu, lr 0.05 |');
    expect(io.stderr()).toContain('[2/2] maxout, lr 0.05 |');
    expect(io.stderr()).toContain('100%');
  });

  it.each([
    [['--lr', 'fast'], "option '--lr <rates>' argument 'fast' is invalid"],
    [['--epochs', '0'], "option '--epochs <n>' argument '0' is invalid"],
    [['--hidden', '8,x'], 'expected positive integers separated by commas'],
    [['--seed', '-3'], "option '--seed <n>'"],
    [['--frobnicate'], "unknown option '--frobnicate'"],
    [['--activations', 'relu,snake'], 'unknown activation "snake"'],
    [['--activations', 'relu,softmax'], 'activations: softmax cannot be a hidden-layer activation of this MLP: it normalises a whole layer'],
    [['--activations', 'LogSoftmax'], 'activations: log_softmax cannot be a hidden-layer activation'],
    [['--activations', 'softmin'], 'activations: softmin cannot be a hidden-layer activation'],
    [['--activations', 'tanh,glu'], 'activations: glu cannot be a hidden-layer activation of this MLP: it gates one half of a layer with the other'],
    [['--activations', 'leaky_rleu'], 'Did you mean "leaky_relu"?'],
    [['--train', '9500', '--test', '1000'], 'train + test is 10500, more than the 10000 digits available'],
  ])('should refuse %j with exit code 2, a message naming it and no stack trace', (args, message) => {
    const io = capture();
    expect(main([...args, '--out', outDir()], io)).toBe(ExitCode.usage);
    expect(io.stderr()).toContain(message);
    expect(io.stderr()).not.toMatch(/\n\s+at /);
  });

  it('should exit with code 1 when the output folder cannot be written', () => {
    const blocker = join(outDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const io = capture();
    expect(main([...SMALL, '--activations', 'relu', '--lr', '0.05', '--out', join(blocker, 'out')], io)).toBe(ExitCode.output);
    expect(io.stderr()).toContain('cannot write the outputs to');
  });

  it('should print help with every option and the exit codes, and exit 0', () => {
    const io = capture();
    expect(main(['--help'], io)).toBe(ExitCode.ok);
    for (const option of ['--quick', '--seed', '--epochs', '--out', '--activations', '--lr']) expect(io.stdout()).toContain(option);
    expect(io.stdout()).toContain('Exit codes: 0 done, 1 the output folder could not be written, 2 bad option or value (nothing run).');
  });
});
