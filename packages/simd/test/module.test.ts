import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simdSupported } from '../src/index.js';
import { KERNELS_WASM_BASE64, KERNELS_WASM_BYTES } from '../src/generated/module.js';

describe('the embedded WebAssembly module', () => {
  it('should be exactly what wat/ assembles to (run `pnpm build:wasm` after editing a kernel)', async () => {
    // @ts-expect-error: the assembler is a plain JavaScript build script.
    const { assemble } = (await import('../scripts/assemble.mjs')) as { assemble: () => Promise<Uint8Array> };
    const bytes = await assemble();
    expect(Buffer.from(bytes).toString('base64')).toBe(KERNELS_WASM_BASE64);
    expect(bytes.length).toBe(KERNELS_WASM_BYTES);
  });

  it('should validate as WebAssembly with SIMD on Node 20', () => {
    expect(simdSupported()).toBe(true);
    expect(readFileSync(new URL('../wat/elementwise.wat', import.meta.url), 'utf8')).toContain('v128');
  });
});
