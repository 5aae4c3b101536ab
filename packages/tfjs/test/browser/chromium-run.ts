/**
 * Runs the parity page in headless Chromium: bundles it with esbuild
 * (workspace packages from their sources), serves it on 127.0.0.1 (a
 * secure context, which WebGPU requires), and compares what each backend
 * computed with Rectify.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { engineColumn, type EngineColumn } from '../../../../scripts/parity/report.js';
import { loweringHasNativeNodes } from './tfjs-engine.js';
import { decodeBits, type GpuBackend, type PageRun } from './protocol.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Resolves `@rectify/<dir>` and `@rectify/<dir>/<module>` to packages/<dir>/src, as the tests' aliases do, so the page holds one copy of each package. */
const workspaceSources: Plugin = {
  name: 'rectify-workspace-sources',
  setup(b) {
    b.onResolve({ filter: /^@rectify\/[^/]+(\/.+)?$/ }, (args) => {
      const [, dir, sub] = /^@rectify\/([^/]+)(?:\/(.+))?$/.exec(args.path) ?? [];
      const file = `${ROOT}packages/${dir}/src/${sub ?? 'index'}.ts`;
      return existsSync(file) ? { path: file } : undefined;
    });
  },
};

/**
 * Bundles the page's script.
 *
 * @returns The script, an ES module for the browser.
 */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    plugins: [workspaceSources],
    logLevel: 'error',
  });
  return (result.outputFiles[0] as { text: string }).text;
}

/** Serves the page and its script on 127.0.0.1, on a free port. */
async function serve(script: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><title>Rectify parity</title><script type="module" src="/page.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** What the shared launcher (scripts/browser/chromium.mjs) exports. */
interface ChromiumLauncher {
  launchChromium(options: { gpu?: boolean }): Promise<{
    version(): string;
    newPage(): Promise<{
      goto(url: string): Promise<unknown>;
      waitForFunction(f: string): Promise<unknown>;
      evaluate<R, A>(f: (arg: A) => Promise<R>, arg: A): Promise<R>;
      on(event: 'pageerror', listener: (error: Error) => void): void;
    }>;
    close(): Promise<void>;
  }>;
}

/** Chromium's runs of the page, one per backend. */
export interface ChromiumRun {
  /** Chromium's version. */
  readonly chromium: string;
  /** Each backend's run. */
  readonly runs: readonly PageRun[];
}

/**
 * Runs the page in headless Chromium with a software GPU (SwiftShader) on each backend.
 *
 * @param backends - The backends, in order.
 * @returns Chromium's version and each backend's outputs.
 */
export async function runPageInChromium(backends: readonly GpuBackend[] = ['webgl', 'webgpu']): Promise<ChromiumRun> {
  const server = await serve(await bundlePage());
  const { launchChromium } = (await import(pathToFileURL(`${ROOT}scripts/browser/chromium.mjs`).href)) as ChromiumLauncher;
  const browser = await launchChromium({ gpu: true });
  try {
    const runs: PageRun[] = [];
    for (const backend of backends) {
      // A fresh page per backend: each starts from a clean tfjs engine.
      const page = await browser.newPage();
      const errors: Error[] = [];
      page.on('pageerror', (e) => errors.push(e));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.waitForFunction('typeof window.rectifyParity === "function"');
      runs.push(await page.evaluate((b) => (globalThis as unknown as { rectifyParity(b: GpuBackend): Promise<PageRun> }).rectifyParity(b), backend));
      if (errors.length > 0) throw new Error(`the page failed on ${backend}: ${errors.map((e) => e.message).join('; ')}`);
    }
    return { chromium: browser.version(), runs };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * An engine's column from a backend's run in the page: each case compared with Rectify.
 *
 * @param run - The backend's run.
 * @param chromium - Chromium's version.
 * @returns The `tfjs-webgl` or `tfjs-webgpu` column; unavailable, with the reason, where the browser did not offer the backend.
 */
export async function columnOfRun(run: PageRun, chromium: string): Promise<EngineColumn> {
  const id = run.backend === 'webgl' ? 'tfjs-webgl' : 'tfjs-webgpu';
  const note = `@tensorflow/tfjs-backend-${run.backend} in headless Chromium ${chromium}`;
  if (!run.available) return { id, available: false, note: `${note}: unavailable (${run.device})`, cases: [] };
  return engineColumn(
    id,
    `${note} on ${run.device}`,
    async (c, _dy, native) => {
      const o = run.outputs[`${c.name}|${native}`];
      if (o === undefined) throw new Error(`the page did not run ${c.name} (native ${native}) on ${run.backend}`);
      return { y: decodeBits(o.y), dx: decodeBits(o.dx), gradients: Object.fromEntries(Object.entries(o.gradients).map(([k, v]) => [k, decodeBits(v)])) };
    },
    loweringHasNativeNodes,
  );
}
