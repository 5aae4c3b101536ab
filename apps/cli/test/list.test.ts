import { describe, it } from 'vitest';
import { builtInPlugins, packageOf } from '../src/registry.js';
import { rectify } from './cli.js';

interface Entry {
  name: string;
  displayName: string;
  package: string | null;
  aliases: string[];
  summary: string;
  elementwise: boolean;
  stochastic: boolean;
  defaults: Record<string, unknown>;
  fields: Record<string, { default: unknown; description: string }>;
  parameters: { name: string; shape: number[] }[];
  gain: number;
}

/** Every built-in activation, rectifiers first, then each family as its package exports it. */
const NAMES = [
  'relu',
  'leaky_relu',
  'prelu',
  'rrelu',
  'maxout',
  'sigmoid',
  'logsigmoid',
  'hardsigmoid',
  'silu',
  'hardswish',
  'tanh',
  'softsign',
  'hardtanh',
  'relu6',
  'elu',
  'celu',
  'selu',
  'gelu',
  'mish',
  'softplus',
  'hardshrink',
  'softshrink',
  'tanhshrink',
  'threshold',
  'softmax',
  'log_softmax',
  'softmin',
  'glu',
];

describe.concurrent('rectify list', () => {
  it('should list every built-in activation as JSON, rectifiers first, each with its display name and package', async ({ expect }) => {
    const run = await rectify(['list', '--json']);
    expect(run.code).toBe(0);
    const entries = JSON.parse(run.stdout) as Entry[];
    expect(entries.map((e) => e.name)).toEqual(NAMES);
    expect(entries.map((e) => e.name)).toEqual(builtInPlugins.map((p) => p.name));
    for (const entry of entries) {
      const plugin = builtInPlugins.find((p) => p.name === entry.name);
      expect(entry.displayName, entry.name).toBe(plugin?.displayName);
      expect(entry.package, entry.name).toBe(packageOf.get(entry.name));
      expect(entry.package, entry.name).toMatch(/^@rectify\/[a-z-]+$/);
    }
    const byName = new Map(entries.map((e) => [e.name, e]));
    const shown = (name: string): [string | undefined, string | null | undefined] => [byName.get(name)?.displayName, byName.get(name)?.package];
    expect(shown('relu')).toEqual(['ReLU', '@rectify/relu']);
    expect(shown('leaky_relu')).toEqual(['Leaky ReLU', '@rectify/leaky-relu']);
    expect(shown('sigmoid')).toEqual(['Sigmoid', '@rectify/sigmoid']);
    expect(shown('silu')).toEqual(['SiLU', '@rectify/sigmoid']);
    expect(shown('tanh')).toEqual(['Tanh', '@rectify/tanh']);
    expect(shown('relu6')).toEqual(['ReLU6', '@rectify/tanh']);
    expect(shown('gelu')).toEqual(['GELU', '@rectify/gelu']);
    expect(shown('selu')).toEqual(['SELU', '@rectify/elu']);
    expect(shown('softplus')).toEqual(['Softplus', '@rectify/softplus']);
    expect(shown('threshold')).toEqual(['Threshold', '@rectify/shrink']);
    expect(shown('log_softmax')).toEqual(['LogSoftmax', '@rectify/softmax']);
    expect(shown('glu')).toEqual(['GLU', '@rectify/glu']);
  });

  it('should report defaults, parameters, gain and kind as the plugins give them', async ({ expect }) => {
    const run = await rectify(['list', '--json']);
    const entries = JSON.parse(run.stdout) as Entry[];
    const byName = new Map(entries.map((e) => [e.name, e]));
    const relu = byName.get('relu') as Entry;
    expect(relu.aliases).toContain('ReLU');
    expect(relu.defaults).toEqual({});
    expect(relu.parameters).toEqual([]);
    expect(relu.gain).toBe(Math.SQRT2);
    const leaky = byName.get('leaky_relu') as Entry;
    expect(leaky.defaults).toEqual({ negativeSlope: 0.01 });
    expect(leaky.fields['negativeSlope']?.default).toBe(0.01);
    expect(leaky.gain).toBe(Math.sqrt(2 / (1 + 0.01 * 0.01)));
    expect(byName.get('prelu')?.parameters).toEqual([{ name: 'weight', shape: [1] }]);
    expect(byName.get('rrelu')?.stochastic).toBe(true);
    expect(byName.get('sigmoid')?.gain).toBe(1);
    expect(byName.get('tanh')?.gain).toBe(5 / 3);
    for (const name of ['maxout', 'softmax', 'log_softmax', 'softmin', 'glu']) expect(byName.get(name)?.elementwise, name).toBe(false);
    for (const entry of entries) {
      expect(entry.summary.length).toBeGreaterThan(0);
      expect(Object.keys(entry.fields).sort()).toEqual(Object.keys(entry.defaults).sort());
    }
  });

  it('should print a block per activation in text, with the same facts', async ({ expect }) => {
    const run = await rectify(['list']);
    expect(run.code).toBe(0);
    const blocks = run.stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(NAMES.length);
    expect(blocks.map((b) => b.slice(0, b.indexOf(' ')))).toEqual(NAMES);
    const prelu = blocks.find((b) => b.startsWith('prelu (PReLU)')) as string;
    expect(prelu).toMatch(/^ {2}package: {5}@rectify\/prelu$/m);
    expect(prelu).toMatch(/^ {2}aliases: {5}PReLU, parametric_relu$/m);
    expect(prelu).toMatch(/^ {2}parameters: {2}weight \[1\]$/m);
    const relu = blocks.find((b) => b.startsWith('relu (ReLU)')) as string;
    expect(relu).toMatch(/^ {2}defaults: {4}none \(no config\)$/m);
    expect(relu).toMatch(new RegExp(`^ {2}gain: {8}${String(Math.SQRT2).replace('.', '\\.')}$`, 'm'));
    expect(blocks.find((b) => b.startsWith('gelu (GELU)'))).toMatch(/^ {2}package: {5}@rectify\/gelu$/m);
    expect(blocks.find((b) => b.startsWith('silu (SiLU)'))).toMatch(/^ {2}package: {5}@rectify\/sigmoid$/m);
    expect(blocks.find((b) => b.startsWith('softmax (Softmax)'))).toMatch(/^ {2}kind: {8}not elementwise$/m);
  });
});
