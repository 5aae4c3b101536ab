import { describe, it } from 'vitest';
import { rectify } from './cli.js';

interface Entry {
  name: string;
  displayName: string;
  aliases: string[];
  summary: string;
  elementwise: boolean;
  stochastic: boolean;
  defaults: Record<string, unknown>;
  fields: Record<string, { default: unknown; description: string }>;
  parameters: { name: string; shape: number[] }[];
  gain: number;
}

describe.concurrent('rectify list', () => {
  it('should list the five rectifiers as JSON with defaults, parameters and gain', async ({ expect }) => {
    const run = await rectify(['list', '--json']);
    expect(run.code).toBe(0);
    const entries = JSON.parse(run.stdout) as Entry[];
    expect(entries.map((e) => e.name)).toEqual(['leaky_relu', 'maxout', 'prelu', 'relu', 'rrelu']);
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
    expect(byName.get('maxout')?.elementwise).toBe(false);
    for (const entry of entries) {
      expect(entry.summary.length).toBeGreaterThan(0);
      expect(Object.keys(entry.fields).sort()).toEqual(Object.keys(entry.defaults).sort());
    }
  });

  it('should print a block per activation in text, with the same facts', async ({ expect }) => {
    const run = await rectify(['list']);
    expect(run.code).toBe(0);
    const blocks = run.stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(5);
    const prelu = blocks.find((b) => b.startsWith('prelu (PReLU)')) as string;
    expect(prelu).toMatch(/^ {2}aliases: {5}PReLU, parametric_relu$/m);
    expect(prelu).toMatch(/^ {2}parameters: {2}weight \[1\]$/m);
    const relu = blocks.find((b) => b.startsWith('relu (ReLU)')) as string;
    expect(relu).toMatch(/^ {2}defaults: {4}none \(no config\)$/m);
    expect(relu).toMatch(new RegExp(`^ {2}gain: {8}${String(Math.SQRT2).replace('.', '\\.')}$`, 'm'));
  });
});
