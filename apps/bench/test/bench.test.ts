import { describe, expect, it } from 'vitest';
import { runChecks } from '../src/check.js';
describe('agreement', () => {
  it('should find every Rectify kernel path bit-identical to the scalar path, and Rectify agreeing with the peers', async () => {
    const report = await runChecks(['relu', 'maxout']);
    expect(report.failures).toEqual([]);
    expect(report.checks.filter((c) => c.against.startsWith('rectify')).every((c) => c.differing === 0)).toBe(true);
  });
});
