import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// `gc()` lets the arena tests check that an array allocateBeside placed in an arena returns to it once collected.
export default mergeConfig(shared, defineConfig({ test: { execArgv: ['--expose-gc'] } }));
