// Checks the branchless float32 ReLU kernels of the typescript path on every
// one of the 2^32 bit patterns of x: y must be x's bits where the scalar
// comparison keeps x (not x < 0), +0 elsewhere; dx must be dy's bits where it
// keeps dy (not x <= 0), +0 elsewhere. dy is all ones, so dx is the mask itself.
// Usage (after building the package): node scripts/check-bit-masks.mjs
// Takes a minute or so; exits with status 1 at the first mismatch.
/* global console */
import process from 'node:process';
import { fastRelu, fastReluBackward, setKernelPath } from '../dist/index.js';

const CHUNK = 2 ** 20;
const bits = new Int32Array(CHUNK);
const x = new Float32Array(bits.buffer);
const y = new Float32Array(CHUNK);
const yBits = new Int32Array(y.buffer);
const dy = new Float32Array(new Int32Array(CHUNK).fill(-1).buffer);
const dx = new Float32Array(CHUNK);
const dxBits = new Int32Array(dx.buffer);

setKernelPath('typescript');
const started = Date.now();
for (let base = 0; base < 2 ** 32; base += CHUNK) {
  for (let i = 0; i < CHUNK; i++) bits[i] = (base + i) | 0;
  if (!fastRelu(x, y) || !fastReluBackward(x, dy, dx)) throw new Error('the typescript path declined a float32 input');
  for (let i = 0; i < CHUNK; i++) {
    const v = x[i];
    const b = bits[i];
    if (yBits[i] !== (v < 0 ? 0 : b) || dxBits[i] !== (v <= 0 ? 0 : -1)) {
      const hex = (w) => `0x${(w >>> 0).toString(16).padStart(8, '0')}`;
      console.error(`mismatch at x = ${hex(b)}: y = ${hex(yBits[i])}, dx = ${hex(dxBits[i])}`);
      process.exit(1);
    }
  }
}
console.log(`all 2^32 bit patterns agree, forward and backward (${((Date.now() - started) / 1000).toFixed(0)} s)`);
