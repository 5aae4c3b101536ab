// @ts-check
/**
 * `changeset status` against the main branch, wherever the checkout came
 * from. With a local `main` (a clone, or a developer's checkout) it is plain
 * `changeset status`, which compares against `baseBranch` and lists every
 * pending changeset. A CI checkout on a detached HEAD often has only
 * `origin/main`; then it passes `--since=origin/main`. With neither there is
 * nothing to compare against, and `--since=HEAD` still validates
 * .changeset/config.json and the changesets. Exits non-zero when a changed
 * package lacks a changeset, or a changeset or the config is malformed.
 *
 * Usage: node scripts/changeset-status.mjs [--verbose]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** @param {string} ref */
function exists(ref) {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const base = ['main', 'origin/main'].find(exists) ?? 'HEAD';
if (base === 'HEAD') process.stderr.write('changeset-status: no main or origin/main branch; comparing against HEAD\n');
const since = base === 'main' ? [] : [`--since=${base}`];
const result = spawnSync(join(root, 'node_modules', '.bin', 'changeset'), ['status', ...since, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
