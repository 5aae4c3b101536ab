import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyActivationPlugin } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { builtInPackages, builtInPlugins, createCliRegistry } from '../src/registry.js';

const packagesDir = fileURLToPath(new URL('../../../packages/', import.meta.url));
const appManifest = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { dependencies: Record<string, string> };

/** Whether an export is an activation plugin (what `createRegistry().use` takes), not a class, a constant or a helper. */
function isPlugin(value: unknown): value is AnyActivationPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof AnyActivationPlugin, unknown>>;
  return typeof candidate.name === 'string' && Array.isArray(candidate.aliases) && typeof candidate.create === 'function' && typeof candidate.validate === 'function' && typeof candidate.traits === 'object';
}

/** Every workspace package under packages/ that exports activation plugins, with their canonical names, read from its sources. */
async function activationPackages(): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const dir of readdirSync(packagesDir).sort()) {
    const manifestPath = join(packagesDir, dir, 'package.json');
    const entry = join(packagesDir, dir, 'src', 'index.ts');
    if (!existsSync(manifestPath) || !existsSync(entry)) continue;
    const { name } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name: string };
    const module = (await import(entry)) as Record<string, unknown>;
    const plugins = Object.values(module).filter(isPlugin).map((plugin) => plugin.name);
    if (plugins.length > 0) found.set(name, [...new Set(plugins)].sort());
  }
  return found;
}

describe('the built-in registry', () => {
  it('should register every plugin of every activation package in the workspace, and nothing else', async () => {
    const packages = await activationPackages();
    // The rectifiers and the families, and no provider or kit.
    expect([...packages.keys()].sort()).toEqual(builtInPackages.map((entry) => entry.name).sort());
    expect(packages.has('@rectify/simd')).toBe(false);
    for (const { name, plugins } of builtInPackages) {
      expect(plugins.map((plugin) => plugin.name).sort(), name).toEqual(packages.get(name));
      expect(appManifest.dependencies[name], `${name} in apps/cli/package.json`).toBe('workspace:^');
    }
    expect(createCliRegistry().names()).toEqual([...packages.values()].flat().sort());
  });

  it('should register the rectifiers first, then the families', () => {
    expect(builtInPlugins.slice(0, 5).map((plugin) => plugin.name)).toEqual(['relu', 'leaky_relu', 'prelu', 'rrelu', 'maxout']);
    expect(new Set(builtInPlugins.map((plugin) => plugin.name)).size).toBe(builtInPlugins.length);
  });
});
