import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const packagesDir = fileURLToPath(new URL('../../../packages/', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** The latest modification time of any file under a directory. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function stale(dir: string, entry: string): boolean {
  const output = join(dir, entry);
  return !existsSync(output) || newest(join(dir, 'src')) > statSync(output).mtimeMs;
}

function build(dir: string): void {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
}

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

/** The workspace packages (`@rectify/x` → `x`) a manifest depends on at run time. */
function workspaceDependencies(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  return Object.keys({ ...manifest.peerDependencies, ...manifest.dependencies })
    .filter((name) => name.startsWith('@rectify/'))
    .map((name) => name.slice('@rectify/'.length))
    .filter((name) => existsSync(join(packagesDir, name, 'package.json')));
}

/** The workspace packages the CLI runs, transitively, each after those it imports. */
function buildOrder(): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dependency of workspaceDependencies(join(packagesDir, name))) if (dependency !== name) visit(dependency);
    order.push(name);
  };
  for (const name of workspaceDependencies(appDir)) visit(name);
  return order;
}

/**
 * Builds what `node dist/main.js` runs, when it is missing or older than its
 * sources: the workspace packages the CLI imports, transitively, each after
 * its own dependencies; then the CLI. Under turbo, `test` depends on `build`,
 * and nothing is rebuilt here.
 */
export default function setup(): void {
  for (const name of buildOrder()) {
    const dir = join(packagesDir, name);
    if (!stale(dir, 'dist/index.js')) continue;
    try {
      build(dir);
    } catch (error) {
      // tsc emits despite type errors; only a package left without output stops the run.
      if (!existsSync(join(dir, 'dist/index.js'))) throw error;
    }
  }
  if (stale(appDir, 'dist/main.js')) build(appDir);
}
