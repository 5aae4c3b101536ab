import { describe, it } from 'vitest';
import { rectify } from './cli.js';

describe.concurrent('rectify help and usage errors', () => {
  it('should document the exit codes in --help and exit 0', async ({ expect }) => {
    const run = await rectify(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: rectify \[options\] \[command\]/);
    for (const command of ['list', 'eval', 'plot', 'check']) expect(run.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    expect(run.stdout).toMatch(/^Exit codes:\n {2}0 {3}success\n {2}1 {3}rectify check: a conformance property failed\n {2}2 {3}usage or input error/m);
  });

  it('should exit 2 with the usage for no command, and suggest for a misspelt one', async ({ expect }) => {
    const [none, misspelt] = await Promise.all([rectify([]), rectify(['evl', 'relu', '1'])]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: rectify/);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/^error: unknown command 'evl'\n\(Did you mean eval\?\)/);
  });
});
