import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/** The latest modification time of a file or of any file under a directory. */
function newest(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

/**
 * Builds the page with Vite when dist/index.html is missing or older than its
 * sources, so that the browser tests never run a stale page. Under turbo,
 * `test` runs after `build` and nothing is rebuilt here. The workspace
 * packages the page imports must have been built (turbo's `^build`).
 */
export default async function setup(): Promise<void> {
  const page = join(appDir, 'dist', 'index.html');
  const sources = Math.max(...['src', 'build', 'index.html', 'vite.config.ts'].map((path) => newest(join(appDir, path))));
  if (existsSync(page) && statSync(page).mtimeMs >= sources) return;
  await build({ root: appDir, logLevel: 'warn' });
}
