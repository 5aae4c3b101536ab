import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { rectify } from './cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'rectify-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.concurrent('rectify check', () => {
  it('should pass a correct plugin, listing every property, and exit 0', async ({ expect }) => {
    const run = await rectify(['check', 'swish.mjs', '--runs', '25', '--seed', '1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Checking swish (default export of swish.mjs): 25 runs per property, seed 1');
    const results = lines.filter((line) => /^(pass|FAIL) {2}/.test(line));
    expect(results.length).toBeGreaterThan(10);
    expect(results.every((line) => line.startsWith('pass  '))).toBe(true);
    expect(results).toContain('pass  gradient matches finite differences (float64, 25 runs)');
    expect(lines.at(-1)).toBe('swish: all properties passed');
  });

  it('should check the plugin with the --set config', async ({ expect }) => {
    const [good, bad] = await Promise.all([
      rectify(['check', 'swish.mjs', '--runs', '10', '--set', 'beta=2']),
      rectify(['check', 'swish.mjs', '--runs', '10', '--set', 'beta=20']),
    ]);
    expect(good.code).toBe(0);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: --set beta=20: swish: config.beta must be a finite number from 0.1 to 10, got 20\n');
  });

  it('should print FAIL with the shrunk counterexample for a broken plugin and exit 1', async ({ expect }) => {
    const run = await rectify(['check', './broken.mjs', '--runs', '50', '--seed', '3']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Checking broken_leaky \(export brokenLeaky of \.\/broken\.mjs\)/);
    expect(run.stdout).toMatch(/^FAIL {2}gradient matches finite differences \(float64, \d+ runs\)$/m);
    expect(run.stdout).toMatch(/^pass {2}JSON round trip \(float64, 50 runs\)$/m);
    expect(run.stdout).toMatch(/Counterexample: /);
    expect(run.stdout).toMatch(/Shrunk \d+ time/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^broken_leaky: 1 of \d+ failed$/);
  });

  it('should pass an activation written with defineElementwise, and exit 0', async ({ expect }) => {
    const run = await rectify(['check', 'softsign.mjs', '--runs', '25', '--seed', '1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Checking softsign \(export softsign of softsign\.mjs\)/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('softsign: all properties passed');
  });

  it('should reject a defineElementwise activation whose derivative is wrong, and exit 1', async ({ expect }) => {
    const run = await rectify(['check', 'broken-softsign.mjs', '--runs', '50', '--seed', '3']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}gradient matches finite differences \(float64, \d+ runs\)$/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^broken_softsign: \d+ of \d+ failed$/);
  });

  it('should report a plugin whose create() throws as a failed check, exit 1', async ({ expect }) => {
    const source = [
      "export default { name: 'unfinished', aliases: [], fields: {}, defaults: {}, traits: { elementwise: true },",
      "  validate: () => ({}), create: () => { throw new TypeError('not written yet'); } };",
    ].join('\n');
    writeFileSync(join(scratch, 'unfinished.mjs'), source);
    const run = await rectify(['check', 'unfinished.mjs'], scratch);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}creates an instance with the config \(float64, 0 runs\)$/m);
    expect(run.stdout).toMatch(/^TypeError: not written yet$/m);
    expect(run.stderr).toBe('');
  });

  it('should say what it expected for a missing file', async ({ expect }) => {
    const run = await rectify(['check', 'nowhere/swish.mjs']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: cannot find nowhere\/swish\.mjs \(looked for .*nowhere\/swish\.mjs\); expected the path of an ES module/);
  });

  it('should say what it expected for a module without a plugin, naming what its exports lack', async ({ expect }) => {
    const run = await rectify(['check', 'not-a-plugin.mjs']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: not-a-plugin.mjs exports no activation plugin (its exports: half, helper; export "half" lacks aliases, fields, defaults, traits, validate()); ' +
        'expected a default or named export made with defineElementwise() or definePlugin() from @rectify/core: an object with name, aliases, fields, defaults, traits, validate() and create()\n',
    );
  });

  it('should report a module that fails to import, without a stack trace', async ({ expect }) => {
    writeFileSync(join(scratch, 'syntax-error.mjs'), 'export const oops = ;\n');
    const run = await rectify(['check', 'syntax-error.mjs'], scratch);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: cannot import syntax-error\.mjs: .*; expected an ES module that exports an activation plugin\n$/);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });
});
