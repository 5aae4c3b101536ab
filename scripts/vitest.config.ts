import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

/** Tests of the documentation site and its examples; `pnpm docs` runs them after building the site. */
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      root: new URL('.', import.meta.url).pathname,
      include: ['test/**/*.test.ts'],
    },
  }),
);
