import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simdSupported } from '../src/index.js';
import { KERNELS_WASM_BASE64, KERNELS_WASM_BYTES, SHARED_MEMORY_FLAG_OFFSET } from '../src/generated/module.js';

describe('the embedded WebAssembly module', () => {
  it('should be exactly what wat/ assembles to (run `pnpm build:wasm` after editing a kernel)', async () => {
    // @ts-expect-error: the assembler is a plain JavaScript build script.
    const { assemble } = (await import('../scripts/assemble.mjs')) as { assemble: () => Promise<Uint8Array> };
    const bytes = await assemble();
    expect(Buffer.from(bytes).toString('base64')).toBe(KERNELS_WASM_BASE64);
    expect(bytes.length).toBe(KERNELS_WASM_BYTES);
  });

  it('should become the shared-memory build by its memory import\'s limits flag alone', async () => {
    // @ts-expect-error: the assembler is a plain JavaScript build script.
    const { assemble, sharedFlagOffset } = (await import('../scripts/assemble.mjs')) as {
      assemble: (options?: { shared?: boolean }) => Promise<Uint8Array>;
      sharedFlagOffset: (a: Uint8Array, b: Uint8Array) => number;
    };
    const [bytes, shared] = await Promise.all([assemble(), assemble({ shared: true })]);
    expect(sharedFlagOffset(bytes, shared)).toBe(SHARED_MEMORY_FLAG_OFFSET);
    const patched = Uint8Array.from(bytes);
    patched[SHARED_MEMORY_FLAG_OFFSET] = 0x03;
    expect(Buffer.from(patched).equals(Buffer.from(shared))).toBe(true);
    // A build that differs anywhere else is refused.
    const other = Uint8Array.from(shared);
    other[8] = (other[8] as number) ^ 1;
    expect(() => sharedFlagOffset(bytes, other)).toThrow(/differ/);
  });

  it('should validate as WebAssembly with SIMD on Node 20', () => {
    expect(simdSupported()).toBe(true);
    expect(readFileSync(new URL('../wat/elementwise.wat', import.meta.url), 'utf8')).toContain('v128');
  });
});
