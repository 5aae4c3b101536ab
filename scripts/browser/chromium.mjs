// Headless Chromium for the browser tests: Debian's package, driven by playwright-core.
// Installs the package when it is missing (as root, or through sudo when that needs no password).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where Debian installs Chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags that give headless Chromium a software WebGL2 (SwiftShader) and a WebGPU adapter on a
 * machine without a GPU.
 */
export const GPU_FLAGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--ignore-gpu-blocklist',
];

function run(command, args) {
  execFileSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * Makes sure Chromium is installed, installing Debian's `chromium` package when it is missing
 * (unless `CHROMIUM_PATH` names another executable, which must then exist).
 * @returns The path of the Chromium executable.
 * @throws Error when Chromium is missing and cannot be installed here.
 */
export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.env.CHROMIUM_PATH !== undefined) throw new Error(`CHROMIUM_PATH is ${CHROMIUM_PATH}, and there is no Chromium there`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  try {
    const [command, ...rest] = [...prefix, 'apt-get'];
    run(command, [...rest, 'update', '-qq']);
    run(command, [...rest, 'install', '-y', '-qq', 'chromium']);
  } catch (cause) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH} and apt-get could not install it`, { cause });
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get ran but ${CHROMIUM_PATH} is still missing`);
  return CHROMIUM_PATH;
}

/**
 * Launches headless Chromium, installing it first when it is missing.
 * @param {{ gpu?: boolean, args?: string[] }} [options] `gpu` (default false) adds {@link GPU_FLAGS}.
 * @returns A playwright-core `Browser`.
 */
export async function launchChromium(options = {}) {
  const executablePath = ensureChromium();
  const args = [...(options.gpu ? GPU_FLAGS : []), ...(options.args ?? [])];
  return chromium.launch({ executablePath, headless: true, args });
}
