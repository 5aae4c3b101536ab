/**
 * Every TypeScript example in the guides (docs/guides) and the package READMEs
 * must compile against the packages' real types and run. An example line
 * `console.log(...); // expected` must print what its comment says (the
 * comment may go on after a colon); whitespace and quotes are ignored.
 *
 * A fence `ts file=name.ts` names the block's file, so that other blocks of
 * the same page can import it; files ending in `.test.ts` are type-checked
 * but not run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = join(root, 'scripts', '.examples');

interface Example {
  /** Where it comes from, for test names: `docs/guides/conventions.md#2`. */
  readonly origin: string;
  /** The file it is written to. */
  readonly file: string;
  readonly code: string;
}

const sources = [
  'README.md',
  ...readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md')).map((f) => join('docs', 'guides', f)),
  ...readdirSync(join(root, 'packages'))
    .map((dir) => join('packages', dir, 'README.md'))
    .filter((f) => existsSync(join(root, f))),
];

function extract(source: string): Example[] {
  const text = readFileSync(join(root, source), 'utf8');
  const dir = join(work, source.replace(/[\\/]/g, '__').replace(/\.md$/, ''));
  const examples: Example[] = [];
  let index = 0;
  for (const match of text.matchAll(/^```ts(?: file=(\S+))?\n([\s\S]*?)^```$/gm)) {
    index++;
    const name = match[1] ?? `example-${index}.ts`;
    examples.push({ origin: `${source}#${index}`, file: join(dir, name), code: match[2] as string });
  }
  return examples;
}

const examples = sources.flatMap(extract);

/** Turns `console.log(args); // expected` into a checked call. */
function instrument(code: string, origin: string): { code: string; expectations: number } {
  let expectations = 0;
  const lines = code.split('\n').map((line) => {
    const m = /^(\s*)console\.log\((.*)\);\s*\/\/\s*(.+)$/.exec(line);
    if (m === null) return line;
    const id = `${origin}:${expectations++}`;
    return `${m[1]}(globalThis as any).__expectPrinted(${JSON.stringify(id)}, ${JSON.stringify(m[3])}, ${m[2]});`;
  });
  return { code: lines.join('\n'), expectations };
}

const normalise = (text: string): string => text.replace(/[\s'"]/g, '');

const printed = new Map<string, { expected: string; actual: string }>();

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  for (const example of examples) {
    mkdirSync(dirname(example.file), { recursive: true });
    writeFileSync(example.file, example.code);
  }
  const packagesDir = relative(work, join(root, 'packages')).replace(/\\/g, '/');
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      extends: relative(work, join(root, 'tsconfig.base.json')).replace(/\\/g, '/'),
      compilerOptions: {
        noEmit: true,
        types: ['node'],
        declaration: false,
        declarationMap: false,
        sourceMap: false,
        paths: {
          '@rectify/testing/vitest': [`${packagesDir}/testing/src/vitest.ts`],
          '@rectify/*': [`${packagesDir}/*/src/index.ts`],
        },
      },
      include: ['**/*.ts'],
      exclude: ['**/*.run.ts'],
    }),
  );
  (globalThis as Record<string, unknown>).__expectPrinted = (id: string, expected: string, ...args: unknown[]) => {
    printed.set(id, { expected, actual: format(...args) });
  };
});

afterAll(() => {
  delete (globalThis as Record<string, unknown>).__expectPrinted;
  rmSync(work, { recursive: true, force: true });
});

describe('the documentation examples', () => {
  it('should find examples in the guides and READMEs', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  it('should all type-check against the packages', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], { cwd: work, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`the examples do not type-check:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  }, 120_000);

  it.each(examples.filter((e) => !e.file.endsWith('.test.ts')).map((e) => [e.origin, e] as const))('should run %s and print what it says', async (origin, example) => {
    const { code, expectations } = instrument(example.code, origin);
    const runnable = example.file.replace(/\.ts$/, '.run.ts');
    writeFileSync(runnable, code);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(pathToFileURL(runnable).href);
    } finally {
      log.mockRestore();
    }
    for (let i = 0; i < expectations; i++) {
      const result = printed.get(`${origin}:${i}`);
      expect(result, `expectation ${i} of ${origin} never ran`).toBeDefined();
      const { expected, actual } = result as { expected: string; actual: string };
      const want = normalise(expected);
      const got = normalise(actual);
      expect(want === got || want.startsWith(`${got}:`), `printed ${actual}, but the comment says ${expected}`).toBe(true);
    }
  });
});
