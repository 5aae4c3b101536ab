/* global process, console, URL */
// Regenerates docs/parity/results.json and docs/parity.md: runs the parity tests of
// @rectify/tfjs (tfjs-cpu, tfjs-wasm, and tfjs-webgl and tfjs-webgpu in headless Chromium) and of
// @rectify/onnx (ONNX Runtime with graph optimisation off and on) with RECTIFY_PARITY_OUT set, so
// that each writes its engine's column instead of checking it, then renders the table.
// Usage: npx --yes pnpm@10 parity
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, release, tmpdir, type as osType, arch, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
/** The engines in the table's order (as ENGINES in report.ts). */
const ENGINES = ['tfjs-cpu', 'tfjs-wasm', 'ort', 'ort-optimized', 'tfjs-webgl', 'tfjs-webgpu'];

/** Runs a package's parity tests, writing their columns into `out`. */
function runTests(pkg, files, out) {
  execFileSync(process.execPath, [vitest, 'run', ...files], { cwd: join(root, 'packages', pkg), stdio: 'inherit', env: { ...process.env, RECTIFY_PARITY_OUT: out } });
}

/** The version of a dependency as a package resolves it. */
function versionOf(pkg, dependency) {
  const require = createRequire(join(root, 'packages', pkg, 'package.json'));
  return JSON.parse(readFileSync(require.resolve(`${dependency}/package.json`), 'utf8')).version;
}

/** Loads scripts/parity/render.ts, compiled by esbuild. */
async function loadRenderer(dir) {
  const file = join(dir, 'render.mjs');
  await build({ entryPoints: [join(root, 'scripts', 'parity', 'render.ts')], bundle: true, format: 'esm', platform: 'node', outfile: file, logLevel: 'error' });
  return import(pathToFileURL(file).href);
}

const out = mkdtempSync(join(tmpdir(), 'rectify-parity-'));
try {
  runTests('tfjs', ['test/parity.test.ts', 'test/browser/gpu.test.ts'], out);
  runTests('onnx', ['test/parity.test.ts'], out);
  const engines = ENGINES.map((id) => JSON.parse(readFileSync(join(out, `${id}.json`), 'utf8')));
  const cpu = cpus();
  const results = {
    generated: {
      date: new Date().toISOString(),
      command: 'npx --yes pnpm@10 parity',
      machine: `${cpu[0]?.model ?? 'an unknown CPU'} (${cpu.length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, ${osType()} ${release()} ${arch()}, Node.js ${process.version}`,
      versions: {
        '@tensorflow/tfjs-core': versionOf('tfjs', '@tensorflow/tfjs-core'),
        'onnxruntime-node': versionOf('onnx', 'onnxruntime-node'),
        Chromium: /Chromium ([\d.]+)/.exec(engines.find((e) => e.id === 'tfjs-webgl')?.note ?? '')?.[1] ?? 'unknown',
      },
    },
    engines,
  };
  mkdirSync(join(root, 'docs', 'parity'), { recursive: true });
  writeFileSync(join(root, 'docs', 'parity', 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  const { renderParity } = await loadRenderer(out);
  writeFileSync(join(root, 'docs', 'parity.md'), renderParity(results));
  console.log('wrote docs/parity/results.json and docs/parity.md');
} finally {
  rmSync(out, { recursive: true, force: true });
}
