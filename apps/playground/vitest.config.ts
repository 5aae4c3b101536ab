import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

/** Unit tests run on the sources; the browser tests run the built page (the global setup builds it when it is missing or stale). */
export default mergeConfig(shared, defineConfig({ test: { globalSetup: ['./test/global-setup.ts'], testTimeout: 90_000, hookTimeout: 120_000 } }));
