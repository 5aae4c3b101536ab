import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

/** Tests read each workspace package from its sources, never from a stale build. */
const alias = readdirSync(packagesDir)
  .filter((dir) => existsSync(`${packagesDir}${dir}/src/index.ts`))
  .flatMap((dir) => [
    { find: new RegExp(`^@rectify/${dir}$`), replacement: `${packagesDir}${dir}/src/index.ts` },
    { find: new RegExp(`^@rectify/${dir}/(.+)$`), replacement: `${packagesDir}${dir}/src/$1.ts` },
  ]);

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
