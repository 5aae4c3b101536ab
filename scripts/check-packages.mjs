// @ts-check
/**
 * Lints every published package (each packages/* whose package.json is not
 * private) as npm would receive it:
 *
 * - `publint --strict`: package.json fields, exports and files (warnings fail);
 * - `attw --pack . --profile esm-only`: the types resolve for every ESM
 *   consumer. The packages are ESM-only on purpose (one core at runtime, never
 *   a CommonJS and an ESM copy side by side), so the profile ignores the
 *   `node10` and `node16-cjs` resolutions, in which a `require` of an ES
 *   module cannot work.
 *
 * Usage: node scripts/check-packages.mjs [package-dir ...]
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = (/** @type {string} */ name) => join(root, 'node_modules', '.bin', name);
const CONCURRENCY = 2;

const requested = process.argv.slice(2);
const dirs = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .filter((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).private !== true)
  .filter((dir) => requested.length === 0 || requested.includes(dir));

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<{ ok: boolean, output: string }>}
 */
function exec(command, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

/** @param {string} dir */
async function check(dir) {
  const cwd = join(root, 'packages', dir);
  if (!existsSync(join(cwd, 'dist'))) return { dir, ok: false, output: `packages/${dir} is not built (no dist/)` };
  const publint = await exec(bin('publint'), ['--strict'], cwd);
  const attw = await exec(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii'], cwd);
  return { dir, ok: publint.ok && attw.ok, output: `publint --strict:\n${publint.output}\nattw --pack . --profile esm-only:\n${attw.output}` };
}

const queue = [...dirs];
/** @type {{ dir: string, ok: boolean, output: string }[]} */
const results = [];
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
      const result = await check(dir);
      results.push(result);
      process.stdout.write(`${result.ok ? 'pass' : 'FAIL'}  packages/${dir}\n`);
    }
  }),
);
for (const result of results) if (!result.ok) process.stdout.write(`\n--- packages/${result.dir}\n${result.output}\n`);
const failed = results.filter((r) => !r.ok).length;
process.stdout.write(`\n${results.length - failed} of ${results.length} packages pass publint --strict and attw (esm-only)\n`);
if (failed > 0 || results.length === 0) process.exitCode = 1;
