import { describe, it } from 'vitest';
import { rectify } from './cli.js';

/** The table the ReLU tutorial's Python prints with '%.1f' for 1, -10, 0, 15, -20. */
const RELU_TABLE = [
  'Applying Relu on (1.0) gives 1.0',
  'Applying Relu on (-10.0) gives 0.0',
  'Applying Relu on (0.0) gives 0.0',
  'Applying Relu on (15.0) gives 15.0',
  'Applying Relu on (-20.0) gives 0.0',
];

/** The Leaky ReLU tutorial's table (slope 0.01) for the same inputs. */
const LEAKY_TABLE = [
  'Applying Leaky Relu on (1.0) gives 1.0',
  'Applying Leaky Relu on (-10.0) gives -0.1',
  'Applying Leaky Relu on (0.0) gives 0.0',
  'Applying Leaky Relu on (15.0) gives 15.0',
  'Applying Leaky Relu on (-20.0) gives -0.2',
];

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe.concurrent('rectify eval', () => {
  it('should reproduce the tutorial table exactly for `rectify eval relu 1 -10 0 15 -20`', async ({ expect }) => {
    const run = await rectify(['eval', 'relu', '1', '-10', '0', '15', '-20']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run.stdout)).toEqual([
      `${RELU_TABLE[0]}  (gradient 1)`,
      `${RELU_TABLE[1]}  (gradient 0)`,
      `${RELU_TABLE[2]}  (gradient 0)`,
      `${RELU_TABLE[3]}  (gradient 1)`,
      `${RELU_TABLE[4]}  (gradient 0)`,
    ]);
  });

  it('should print only the tutorial lines with --no-gradient', async ({ expect }) => {
    const run = await rectify(['eval', 'relu', '1', '-10', '0', '15', '-20', '--no-gradient']);
    expect(run.stdout).toBe(`${RELU_TABLE.join('\n')}\n`);
  });

  it('should reproduce the Leaky ReLU table, with the slope as the gradient where x <= 0', async ({ expect }) => {
    const run = await rectify(['eval', 'LeakyReLU', '1', '-10', '0', '15', '-20']);
    expect(run.code).toBe(0);
    const gradients = ['1', '0.01', '0.01', '1', '0.01'];
    expect(lines(run.stdout)).toEqual(LEAKY_TABLE.map((line, i) => `${line}  (gradient ${gradients[i]})`));
  });

  it('should take the slope from --set and print it through --digits', async ({ expect }) => {
    const run = await rectify(['eval', 'leaky_relu', '--set', 'negativeSlope=0.2', '--digits', '3', '-2.5', '0.125']);
    expect(lines(run.stdout)).toEqual([
      'Applying Leaky Relu on (-2.500) gives -0.500  (gradient 0.200)',
      'Applying Leaky Relu on (0.125) gives 0.125  (gradient 1.000)',
    ]);
  });

  it('should round exact ties to even, as %.Nf does', async ({ expect }) => {
    const run = await rectify(['eval', 'relu', '--digits', '0', '--no-gradient', '0.5', '1.5', '2.5']);
    expect(lines(run.stdout)).toEqual(['Applying Relu on (0) gives 0', 'Applying Relu on (2) gives 2', 'Applying Relu on (2) gives 2']);
  });

  it('should keep the sign of zero, NaN and the infinities, and accept them as inputs', async ({ expect }) => {
    const run = await rectify(['eval', 'relu', '-0', 'NaN', '-Infinity', 'inf']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      'Applying Relu on (-0.0) gives -0.0  (gradient 0)',
      'Applying Relu on (NaN) gives NaN  (gradient 1)',
      'Applying Relu on (-Infinity) gives 0.0  (gradient 0)',
      'Applying Relu on (Infinity) gives Infinity  (gradient 1)',
    ]);
  });

  it('should print a JSON document with the inputs, outputs and gradients at full precision', async ({ expect }) => {
    const run = await rectify(['eval', 'leaky_relu', '--json', '1', '-10', '-0', '15', '-20']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      activation: 'leaky_relu',
      displayName: 'Leaky ReLU',
      config: { negativeSlope: 0.01 },
      dtype: 'float64',
      training: false,
      seed: null,
      elementwise: true,
      x: [1, -10, '-0', 15, -20],
      y: [1, -10 * 0.01, '-0', 15, -20 * 0.01],
      gradient: [1, 0.01, 0.01, 1, 0.01],
    });
  });

  it('should compute in float32 with --dtype float32, the slope rounded to float32', async ({ expect }) => {
    const run = await rectify(['eval', 'leaky_relu', '--dtype', 'float32', '--json', '-10']);
    const document = JSON.parse(run.stdout) as { dtype: string; y: number[]; gradient: number[] };
    expect(document.dtype).toBe('float32');
    expect(document.gradient).toEqual([Math.fround(0.01)]);
    expect(document.y).toEqual([Math.fround(-10 * Math.fround(0.01))]);
  });

  it('should draw RReLU slopes in training mode, the same for the same --seed', async ({ expect }) => {
    const args = ['eval', 'rrelu', '--train', '--json', '-1', '-2', '-3', '-4'];
    const [a, b, c, evalMode] = await Promise.all([
      rectify([...args, '--seed', '7']),
      rectify([...args, '--seed', '7']),
      rectify([...args, '--seed', '8']),
      rectify(['eval', 'rrelu', '--json', '-1', '-2', '-3', '-4']),
    ]);
    const slopes = (run: { stdout: string }) => (JSON.parse(run.stdout) as { gradient: number[] }).gradient;
    expect(slopes(a)).toEqual(slopes(b));
    expect(slopes(a)).not.toEqual(slopes(c));
    for (const slope of slopes(a)) expect(slope >= 1 / 8 && slope < 1 / 3).toBe(true);
    expect(new Set(slopes(a)).size).toBe(4);
    expect(slopes(evalMode)).toEqual([0, 0, 0, 0].map(() => (1 / 8 + 1 / 3) / 2));
  });

  it('should print one line for maxout, which is not elementwise', async ({ expect }) => {
    const run = await rectify(['eval', 'maxout', '1', '-10', '0', '15']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Applying Maxout on (1.0, -10.0, 0.0, 15.0) gives (1.0, 15.0)  (gradient of the sum: 1, 0, 0, 1)\n');
  });

  it('should print `Applying Sigmoid on (0.0) gives 0.5` for `rectify eval sigmoid 0`, with the gradient 0.25', async ({ expect }) => {
    const [plain, withGradient] = await Promise.all([rectify(['eval', 'sigmoid', '0', '--no-gradient']), rectify(['eval', 'sigmoid', '0'])]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('Applying Sigmoid on (0.0) gives 0.5\n');
    expect(withGradient.stdout).toBe('Applying Sigmoid on (0.0) gives 0.5  (gradient 0.25)\n');
  });

  it('should print tanh and gelu under their display names, with their gradients', async ({ expect }) => {
    const [tanh, gelu] = await Promise.all([rectify(['eval', 'tanh', '0', '1', '-1']), rectify(['eval', 'GELU', '0', '1', '-3', '--digits', '4'])]);
    expect(tanh.code).toBe(0);
    const t1 = Math.tanh(1);
    expect(lines(tanh.stdout)).toEqual([
      'Applying Tanh on (0.0) gives 0.0  (gradient 1)',
      `Applying Tanh on (1.0) gives 0.8  (gradient ${String(1 - t1 * t1)})`,
      `Applying Tanh on (-1.0) gives -0.8  (gradient ${String(1 - t1 * t1)})`,
    ]);
    // GELU(x) = x·Φ(x): Φ(1) = 0.8413447…, GELU′(1) = Φ(1) + φ(1) = 1.0833154…, GELU(−3) = −0.0040497…
    expect(gelu.code).toBe(0);
    expect(lines(gelu.stdout)).toEqual([
      'Applying GELU on (0.0000) gives 0.0000  (gradient 0.5000)',
      'Applying GELU on (1.0000) gives 0.8413  (gradient 1.0833)',
      'Applying GELU on (-3.0000) gives -0.0040  (gradient -0.0119)',
    ]);
  });

  it('should print SiLU (asked for by its alias swish) and ReLU6 as the field writes them', async ({ expect }) => {
    const [silu, relu6] = await Promise.all([rectify(['eval', 'swish', '0', '--no-gradient']), rectify(['eval', 'relu6', '7', '--no-gradient'])]);
    expect(silu.stdout).toBe('Applying SiLU on (0.0) gives 0.0\n');
    expect(relu6.stdout).toBe('Applying ReLU6 on (7.0) gives 6.0\n');
  });

  it('should print one row for softmax, log_softmax, softmin and glu, which are not elementwise', async ({ expect }) => {
    const [softmax, logSoftmax, softmin, glu] = await Promise.all([
      rectify(['eval', 'softmax', '0', '0', '0', '0', '--no-gradient', '--digits', '2']),
      rectify(['eval', 'log_softmax', '0', '0', '--no-gradient', '--digits', '4']),
      rectify(['eval', 'softmin', '1', '1', '--no-gradient']),
      rectify(['eval', 'glu', '1', '2', '0', '0']),
    ]);
    expect(softmax.stdout).toBe('Applying Softmax on (0.00, 0.00, 0.00, 0.00) gives (0.25, 0.25, 0.25, 0.25)\n');
    expect(logSoftmax.stdout).toBe('Applying LogSoftmax on (0.0000, 0.0000) gives (-0.6931, -0.6931)\n');
    expect(softmin.stdout).toBe('Applying Softmin on (1.0, 1.0) gives (0.5, 0.5)\n');
    // glu([a, b]) = a·σ(b): σ(0) = ½ for both gates; d/da = σ(b) = ½, d/db = a·σ′(b) = a/4.
    expect(glu.code).toBe(0);
    expect(glu.stdout).toBe('Applying GLU on (1.0, 2.0, 0.0, 0.0) gives (0.5, 1.0)  (gradient of the sum: 0.5, 0.5, 0.25, 0.5)\n');
  });

  it('should refuse glu on an odd number of inputs, naming the size', async ({ expect }) => {
    const run = await rectify(['eval', 'glu', '1', '2', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: glu: .*size 3, which is odd/);
  });

  it('should name the nearest activation for an unknown name, exit 2, no stack', async ({ expect }) => {
    const run = await rectify(['eval', 'leaky_rleu', '1']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: unknown activation "leaky_rleu" .*Did you mean "leaky_relu"\?\n$/);
  });

  it('should name a bad input by its position', async ({ expect }) => {
    const run = await rectify(['eval', 'relu', '1', '-10', 'ten']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: input x[2] must be a number (such as 1.5, -10, 2e-3, NaN or Infinity), got "ten"\n');
  });

  it('should report a mistyped option as an unknown option, not as an input', async ({ expect }) => {
    const run = await rectify(['eval', 'relu', '1', '--digit', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown option "--digit"/);
  });

  it('should name the --set argument with an unknown key', async ({ expect }) => {
    const run = await rectify(['eval', 'leaky_relu', '--set', 'slope=0.2', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: --set slope=0.2: leaky_relu: unknown config key "slope"; known keys: negativeSlope\n');
  });

  it('should name the --set argument with a value the plugin refuses', async ({ expect }) => {
    const run = await rectify(['eval', 'rrelu', '--set', 'lower=0.5', '--set', 'upper=0.25', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --set lower=0\.5: rrelu: config\.lower must be ≤ config\.upper/);
  });

  it('should refuse a --set value that is not a JSON number or boolean, naming the option', async ({ expect }) => {
    const run = await rectify(['eval', 'leaky_relu', '--set', 'negativeSlope=big', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: option '--set <key=value>' argument 'negativeSlope=big' is invalid\. the value of negativeSlope must be a JSON number or boolean/);
  });

  it('should refuse --digits out of range and --seed without --train', async ({ expect }) => {
    const [digits, seed] = await Promise.all([rectify(['eval', 'relu', '--digits', '-1', '1']), rectify(['eval', 'rrelu', '--seed', '3', '1'])]);
    expect(digits.code).toBe(2);
    expect(digits.stderr).toMatch(/option '--digits <n>' argument '-1' is invalid\. expected an integer from 0 to 50/);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toBe('error: --seed applies to training mode only; add --train\n');
  });

  it('should pass a shape error of the activation through as a usage error', async ({ expect }) => {
    const run = await rectify(['eval', 'maxout', '1', '2', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: maxout: .*not divisible by pieces = 2\n$/);
    expect(run.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
  });
});
