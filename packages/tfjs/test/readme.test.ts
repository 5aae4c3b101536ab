import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it, vi } from 'vitest';

/**
 * The README's examples, run here because scripts/test/examples.test.ts
 * cannot resolve @tensorflow/* from the repository root: its typescript
 * blocks, in order, as one module.
 */
it('should run the README\'s examples', async () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const blocks = [...readme.matchAll(/^```typescript\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
  expect(blocks.length).toBe(2);
  const file = fileURLToPath(new URL('./.readme-example.ts', import.meta.url));
  // Imports first, then the code of each block.
  const lines = blocks.join('\n').split('\n');
  const imports = [...new Set(lines.filter((l) => l.startsWith('import ')))];
  writeFileSync(file, [...imports, ...lines.filter((l) => !l.startsWith('import '))].join('\n'));
  const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    print.mockRestore();
    rmSync(file, { force: true });
  }
});
