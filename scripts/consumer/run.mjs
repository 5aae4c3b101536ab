// @ts-check
/**
 * The consumer test: packs @rectify/core, @rectify/relu, @rectify/prelu,
 * @rectify/sigmoid, @rectify/simd, @rectify/onnx and @rectify/tfjs
 * (and any workspace package they depend on at runtime) with `pnpm pack`
 * (which turns workspace: ranges into versions), installs the
 * tarballs with plain npm into a fresh project in the system's temporary
 * directory, far from the workspace, beside the engines the adapters take as
 * peers (TensorFlow.js, ONNX Runtime), and there
 *
 * 1. checks that no installed file mentions the workspace (its absolute path,
 *    or a `workspace:` range),
 * 2. runs consumer.mjs, a Node ESM program that registers the packages and a
 *    custom activation and asserts forward, backward and JSON round trips,
 * 3. type-checks consumer.ts with TypeScript 5.9 against the installed types,
 *    and engines.ts (the adapters) as a TensorFlow.js project would, with the
 *    DOM's types and skipLibCheck.
 *
 * A file missing from a package's `files`, an undeclared dependency or a
 * leaked workspace path makes one of these steps fail. The packages must be
 * built first (`pnpm test:consumer` builds them).
 *
 * Usage: node scripts/consumer/run.mjs [--keep]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['core', 'relu', 'prelu', 'sigmoid', 'simd', 'onnx', 'tfjs'];
/** The engines a user installs beside the adapters. */
const ENGINES = {
  '@tensorflow/tfjs-core': '4.22.0',
  '@tensorflow/tfjs-layers': '4.22.0',
  '@tensorflow/tfjs-backend-cpu': '4.22.0',
  'onnxruntime-node': '1.30.0',
};
const TYPESCRIPT = '~5.9.3';
const keep = process.argv.includes('--keep');

/** @param {string} message */
function step(message) {
  process.stdout.write(`consumer: ${message}\n`);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 */
function run(command, args, cwd) {
  try {
    // onnxruntime-node's install script downloads GPU binaries; its CPU build ships inside the package.
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false', ONNXRUNTIME_NODE_INSTALL: 'skip' } });
  } catch (error) {
    const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`);
  }
}

/**
 * Every file under a directory, following no symlinks.
 * @param {string} dir
 * @returns {string[]}
 */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
  });
}

/** @type {Map<string, string>} package name to its directory under packages/ */
const workspace = new Map(
  readdirSync(join(root, 'packages'))
    .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
    .map((dir) => [JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).name, dir]),
);

/**
 * The packages to pack: those under test and, transitively, every
 * workspace package they depend on at runtime (unpublished, so npm could not
 * fetch them).
 */
function packagesToPack() {
  const dirs = [...PACKAGES];
  for (let i = 0; i < dirs.length; i++) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', /** @type {string} */ (dirs[i]), 'package.json'), 'utf8'));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      const dir = workspace.get(name);
      if (dir !== undefined && !dirs.includes(dir)) dirs.push(dir);
    }
  }
  return dirs;
}

const started = Date.now();
const project = mkdtempSync(join(tmpdir(), 'rectify-consumer-'));
try {
  const tarballs = join(project, 'tarballs');
  mkdirSync(tarballs);
  /** @type {Record<string, string>} */
  const dependencies = {};
  for (const dir of packagesToPack()) {
    const packageDir = join(root, 'packages', dir);
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    statSync(join(packageDir, 'dist', 'index.js')); // throws if the package is not built
    const before = new Set(readdirSync(tarballs));
    run('pnpm', ['pack', '--pack-destination', tarballs], packageDir);
    const file = readdirSync(tarballs).find((f) => !before.has(f));
    if (file === undefined) throw new Error(`pnpm pack wrote no tarball for ${manifest.name}`);
    dependencies[manifest.name] = `file:./tarballs/${file}`;
    step(`packed ${manifest.name} as ${file}`);
  }

  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'rectify-consumer', version: '1.0.0', private: true, type: 'module', dependencies: { ...dependencies, ...ENGINES }, devDependencies: { typescript: TYPESCRIPT } }, null, 2)}\n`,
  );
  for (const file of ['consumer.mjs', 'consumer.ts', 'engines.ts', 'tsconfig.json', 'tsconfig.engines.json']) copyFileSync(join(here, file), join(project, file));

  step(`npm install in ${project}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], project);

  const installed = join(project, 'node_modules', '@rectify');
  const leaks = [];
  for (const file of walk(installed)) {
    const text = readFileSync(file, 'utf8');
    if (text.includes(root.replace(/\/$/, ''))) leaks.push(`${file} mentions the workspace path ${root}`);
    if (file.endsWith('package.json') && text.includes('"workspace:')) leaks.push(`${file} keeps a workspace: range`);
  }
  if (leaks.length > 0) throw new Error(`the installed packages leak the workspace:\n${leaks.join('\n')}`);
  step(`no workspace paths in ${walk(installed).length} installed files`);

  step('node consumer.mjs');
  process.stdout.write(run(process.execPath, ['consumer.mjs'], project));

  for (const config of ['tsconfig.json', 'tsconfig.engines.json']) {
    step(`tsc -p ${config}`);
    run(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], project);
  }

  step(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  process.stderr.write(`consumer: FAILED\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  if (keep) step(`kept ${project}`);
  else rmSync(project, { recursive: true, force: true });
}
