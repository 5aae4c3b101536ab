/**
 * What the browser page of the parity run sends back to Node.js.
 */

/** The backends the page runs. */
export type GpuBackend = 'webgl' | 'webgpu';

/** One case's outputs as float32 bit patterns (uint32), so that −0 and NaN arrive intact. */
export interface EncodedOutputs {
  readonly y: readonly number[];
  readonly dx: readonly number[];
  readonly gradients: Readonly<Record<string, readonly number[]>>;
}

/** One backend's run in the page. */
export interface PageRun {
  /** The backend. */
  readonly backend: GpuBackend;
  /** Whether the browser offered it. */
  readonly available: boolean;
  /** The WebGL renderer or WebGPU adapter, or why it is unavailable. */
  readonly device: string;
  /** The outputs by `case name|native`. */
  readonly outputs: Readonly<Record<string, EncodedOutputs>>;
  /** How long the run took in the page. */
  readonly milliseconds: number;
}

/**
 * Decodes float32 bit patterns.
 *
 * @param bits - uint32 values.
 */
export function decodeBits(bits: readonly number[]): Float32Array {
  return new Float32Array(Uint32Array.from(bits).buffer);
}
