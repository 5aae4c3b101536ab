import { RectifyError, describeValue, sizeOf, type DType, type FloatArray, type Tensor } from '@rectify/core';
import type { Kernel, SplitTarget } from './thread-protocol.js';
import { shareWithThreads, threadCount } from './threads.js';
import { PAGE_BYTES, SPLITTABLE_KERNELS, fixedMemory, fixedSharedMemory, instantiate, simdSupported, type KernelExports, type WasmMemory } from './wasm.js';

/**
 * Bytes at the start of every arena kept for kernel parameters (PReLU slopes and sums).
 * @internal
 */
export const PARAM_BYTES = PAGE_BYTES;
/** Allocations start on 64-byte boundaries: whole cache lines, whole vectors. */
const ALIGN = 64;
/** Largest arena: 2 GiB keeps every byte offset a positive 32-bit integer. */
const MAX_ARENA_BYTES = 2 ** 31 - PAGE_BYTES;

/**
 * A block of WebAssembly memory from which tensors are allocated, so that the
 * SIMD kernels read and write them in place, with no copy.
 *
 * @remarks
 * An arena never grows: its memory is created at its full size, so the typed
 * arrays it hands out are never detached (growing a WebAssembly memory
 * detaches every view of it). Tensors from an arena are ordinary
 * `Float32Array`/`Float64Array` tensors and work everywhere; activations
 * run their kernels on them in place when the input and the output (and `dy`
 * in a backward call) live in the same arena, and copy through a small
 * buffer otherwise.
 * @public
 */
export interface Arena {
  /** Usable bytes. */
  readonly capacity: number;
  /** Bytes in live allocations, alignment included. */
  readonly used: number;
  /**
   * Allocates a zero-filled tensor in the arena.
   * @param shape - The tensor's shape.
   * @param dtype - `'float32'` or `'float64'`. Defaults to `'float32'`.
   * @returns The tensor, or `undefined` when the arena has no room for it.
   * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for a bad shape or dtype.
   */
  allocate(shape: readonly number[], dtype?: DType): Tensor | undefined;
  /**
   * Returns a tensor's memory to the arena. Do not use the tensor afterwards:
   * its memory will be handed out again.
   * @param tensor - A tensor (or its data) that this arena allocated.
   * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` when it did not come from this arena or was released already.
   */
  release(tensor: Tensor | FloatArray): void;
  /**
   * Whether a typed array lives in this arena's memory.
   * @param array - The array.
   */
  owns(array: FloatArray): boolean;
  /** Whether its memory is shared, so that kernel threads ({@link startThreads}) can work on its tensors. */
  readonly shared: boolean;
}

/**
 * A memory with kernels bound to it, and views of the whole memory for
 * writing kernel parameters. Its first {@link PARAM_BYTES} bytes hold them.
 * @internal
 */
export interface Target {
  readonly kernels: KernelExports;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  /** For a shared arena: what a call split across the kernel threads needs. */
  readonly split?: SplitTarget;
}

/** The target of each arena, by the arena's buffer. */
const residentTargets = new WeakMap<ArrayBufferLike, Target>();
const arenasByBuffer = new WeakMap<ArrayBufferLike, ArenaImpl>();

/**
 * The kernels bound to the arena that holds a buffer, if any.
 * @param buffer - A typed array's buffer.
 * @internal
 */
export function targetFor(buffer: ArrayBufferLike): Target | undefined {
  return residentTargets.get(buffer);
}

class ArenaImpl implements Arena {
  readonly capacity: number;
  used = 0;
  readonly memory: WasmMemory;
  readonly buffer: ArrayBuffer;
  readonly kernels: KernelExports;
  readonly shared: boolean;
  /** Free blocks, sorted by start: parallel arrays of byte offsets and sizes. */
  private readonly freeStart: number[];
  private readonly freeSize: number[];
  /** Live blocks: start → size. */
  private readonly live = new Map<number, number>();

  /** @param memory - A memory from `fixedMemory`, or from `fixedSharedMemory` with `shared`. */
  constructor(memory: WasmMemory, shared: boolean) {
    this.memory = memory;
    this.shared = shared;
    this.buffer = this.memory.buffer;
    this.kernels = instantiate(this.memory, shared);
    this.capacity = this.buffer.byteLength - PARAM_BYTES;
    this.freeStart = [PARAM_BYTES];
    this.freeSize = [this.capacity];
    const views = { kernels: this.kernels, f32: new Float32Array(this.buffer), f64: new Float64Array(this.buffer) };
    const kernels = this.kernels as unknown as Record<string, Kernel>;
    const split = shared ? { memoryId: shareWithThreads(memory), splittable: SPLITTABLE_KERNELS.map((name) => kernels[name] as Kernel) } : undefined;
    residentTargets.set(this.buffer, split === undefined ? views : { ...views, split });
    arenasByBuffer.set(this.buffer, this);
  }

  allocate(shape: readonly number[], dtype: DType = 'float32'): Tensor | undefined {
    const length = sizeOf(shape);
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new RectifyError('INVALID_ARGUMENT', `dtype must be 'float32' or 'float64', got ${describeValue(dtype)}`, { field: 'dtype', value: dtype });
    }
    const data = this.allocateArray(length, dtype);
    return data === undefined ? undefined : { data, shape: Object.freeze([...shape]) };
  }

  allocateArray(length: number, dtype: DType): FloatArray | undefined {
    const bytesPer = dtype === 'float32' ? 4 : 8;
    const size = Math.max(ALIGN, Math.ceil((length * bytesPer) / ALIGN) * ALIGN);
    for (let i = 0; i < this.freeStart.length; i++) {
      const free = this.freeSize[i] as number;
      if (free < size) continue;
      const start = this.freeStart[i] as number;
      if (free === size) {
        this.freeStart.splice(i, 1);
        this.freeSize.splice(i, 1);
      } else {
        this.freeStart[i] = start + size;
        this.freeSize[i] = free - size;
      }
      this.live.set(start, size);
      this.used += size;
      const data = dtype === 'float32' ? new Float32Array(this.buffer, start, length) : new Float64Array(this.buffer, start, length);
      data.fill(0);
      return data;
    }
    return undefined;
  }

  release(tensor: Tensor | FloatArray): void {
    const data = ArrayBuffer.isView(tensor) ? tensor : (tensor as Tensor | undefined)?.data;
    const start = data instanceof Float32Array || data instanceof Float64Array ? data.byteOffset : -1;
    const size = data !== undefined && data.buffer === this.buffer ? this.live.get(start) : undefined;
    if (size === undefined) {
      throw new RectifyError('INVALID_ARGUMENT', 'tensor was not allocated by this arena, or was released already', { field: 'tensor', value: tensor });
    }
    collected.unregister(data as FloatArray);
    this.free(start, size);
  }

  /** Returns the block at a start offset, if it is still live (a collected array's block). */
  releaseStart(start: number): void {
    const size = this.live.get(start);
    if (size !== undefined) this.free(start, size);
  }

  private free(start: number, size: number): void {
    this.live.delete(start);
    this.used -= size;
    let i = 0;
    while (i < this.freeStart.length && (this.freeStart[i] as number) < start) i++;
    this.freeStart.splice(i, 0, start);
    this.freeSize.splice(i, 0, size);
    // Merge with the next block, then with the previous one.
    if (i + 1 < this.freeStart.length && start + size === this.freeStart[i + 1]) {
      this.freeSize[i] = size + (this.freeSize[i + 1] as number);
      this.freeStart.splice(i + 1, 1);
      this.freeSize.splice(i + 1, 1);
    }
    if (i > 0 && (this.freeStart[i - 1] as number) + (this.freeSize[i - 1] as number) === start) {
      this.freeSize[i - 1] = (this.freeSize[i - 1] as number) + (this.freeSize[i] as number);
      this.freeStart.splice(i, 1);
      this.freeSize.splice(i, 1);
    }
  }

  owns(array: FloatArray): boolean {
    return array.buffer === this.buffer;
  }
}

function checkBytes(bytes: unknown): number {
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 1 || bytes > MAX_ARENA_BYTES) {
    throw new RectifyError('INVALID_ARGUMENT', `bytes must be an integer from 1 to ${MAX_ARENA_BYTES}, got ${describeValue(bytes)}`, { field: 'bytes', value: bytes });
  }
  return bytes;
}

/**
 * Options of {@link createArena}.
 * @public
 */
export interface ArenaOptions {
  /**
   * Make the arena's memory shared (a `SharedArrayBuffer`), so that kernel
   * threads ({@link startThreads}) can split calls on its tensors. Copying
   * into and out of shared memory with `set` is slower than into ordinary
   * memory.
   * @defaultValue `false`
   */
  readonly shared?: boolean;
}

function pagesFor(bytes: number): number {
  return Math.ceil((bytes + PARAM_BYTES) / PAGE_BYTES);
}

function newArena(bytes: number, shared: boolean): ArenaImpl {
  if (!shared) return new ArenaImpl(fixedMemory(pagesFor(bytes)), false);
  const memory = fixedSharedMemory(pagesFor(bytes));
  if (memory === undefined) {
    throw new RectifyError('INVALID_ARGUMENT', 'shared WebAssembly memory is not available in this runtime', { field: 'shared', value: shared });
  }
  return new ArenaImpl(memory, true);
}

/**
 * Creates an arena of WebAssembly memory for tensors that the SIMD kernels
 * process in place.
 *
 * @param bytes - Usable size in bytes, rounded up to whole 64 KiB pages; at most 2 GiB.
 * @param options - See {@link ArenaOptions}. Defaults to an ordinary, unshared arena.
 * @returns The arena.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for a bad size or option, or when
 * WebAssembly SIMD (or, for `shared`, shared memory) is not available (check {@link simdSupported}).
 *
 * @example
 * ```ts
 * const arena = createArena(64 * 2 ** 20);
 * const x = arena.allocate([1024, 64])!;
 * const y = arena.allocate([1024, 64])!;
 * x.data.set(myInput);
 * const act = createRegistry({ kernels: [simd] }).use(relu).create('relu');
 * act.forward(x, { out: y.data }); // SIMD, in place, no copy
 * ```
 * @public
 */
export function createArena(bytes: number, options: ArenaOptions = {}): Arena {
  checkBytes(bytes);
  const shared = checkOptions(options);
  if (!simdSupported()) {
    throw new RectifyError('INVALID_ARGUMENT', 'WebAssembly SIMD is not available in this runtime', { field: 'bytes', value: bytes });
  }
  return newArena(bytes, shared);
}

function checkOptions(options: unknown): boolean {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new RectifyError('INVALID_ARGUMENT', `options must be an object, got ${describeValue(options)}`, { field: 'options', value: options });
  }
  for (const key of Object.keys(options)) {
    if (key !== 'shared') throw new RectifyError('INVALID_ARGUMENT', `unknown option ${JSON.stringify(key)} (known: shared)`, { field: key, value: (options as Record<string, unknown>)[key] });
  }
  const shared = (options as ArenaOptions).shared ?? false;
  if (typeof shared !== 'boolean') throw new RectifyError('INVALID_ARGUMENT', `shared must be a boolean, got ${describeValue(shared)}`, { field: 'shared', value: shared });
  return shared;
}

/** Size of each arena that {@link allocateTensor} adds when it runs out of room. */
const DEFAULT_ARENA_BYTES = 64 * 2 ** 20;
/** How many tensors as large as the one that needs a larger arena that arena holds (within the 2 GiB limit). */
const LARGE_TENSORS_PER_ARENA = 4;
/** The arenas of {@link allocateTensor}: ordinary ones, and shared ones for while kernel threads run. */
const defaultArenas: ArenaImpl[] = [];
const sharedDefaultArenas: ArenaImpl[] = [];

/**
 * Allocates a zero-filled tensor in WebAssembly memory, where the SIMD
 * kernels process it in place.
 *
 * @remarks
 * Draws from a list of 64 MiB arenas, adding one when all are full. A
 * tensor too large for that gets an arena with room for four tensors of its
 * size (at most 2 GiB), so that the tensors of one layer, allocated one
 * after the other, can share it: the kernels run in place only on tensors of
 * one arena. While kernel threads run ({@link startThreads}), it draws from
 * shared arenas instead, whose tensors the threads work on together.
 * For exact control, allocate from a {@link createArena} arena. Where WebAssembly SIMD is missing, it returns
 * an ordinary tensor, so code written against it runs everywhere. Pair each
 * call with {@link releaseTensor} when the tensor is no longer used.
 *
 * @param shape - The tensor's shape.
 * @param dtype - `'float32'` or `'float64'`. Defaults to `'float32'`.
 * @returns The tensor.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for a bad shape or dtype,
 * or a tensor larger than 2 GiB.
 *
 * @example
 * ```ts
 * const x = allocateTensor([256, 64]);
 * const y = allocateTensor([256, 64]);
 * const { backward } = act.forward(x, { out: y.data });
 * ```
 * @public
 */
export function allocateTensor(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  const length = sizeOf(shape);
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new RectifyError('INVALID_ARGUMENT', `dtype must be 'float32' or 'float64', got ${describeValue(dtype)}`, { field: 'dtype', value: dtype });
  }
  const frozen = Object.freeze([...shape]);
  if (!simdSupported()) return { data: dtype === 'float32' ? new Float32Array(length) : new Float64Array(length), shape: frozen };
  const shared = threadCount() > 1;
  const arenas = shared ? sharedDefaultArenas : defaultArenas;
  for (const arena of arenas) {
    const data = arena.allocateArray(length, dtype);
    if (data !== undefined) return { data, shape: frozen };
  }
  const bytes = length * (dtype === 'float32' ? 4 : 8);
  // Room for four such tensors (a layer's x, y, dy and dx), so that the kernels can run on them in place.
  const room = Math.max(DEFAULT_ARENA_BYTES, Math.min(MAX_ARENA_BYTES, LARGE_TENSORS_PER_ARENA * (bytes + ALIGN)), bytes + ALIGN);
  const arena = newArena(checkBytes(room), shared);
  arenas.push(arena);
  return { data: arena.allocateArray(length, dtype) as FloatArray, shape: frozen };
}

/** Arena arrays from {@link allocateBeside} go back to their arena when they are garbage-collected. */
const collected = new FinalizationRegistry<{ readonly arena: ArenaImpl; readonly start: number }>(({ arena, start }) => arena.releaseStart(start));

/**
 * Allocates a zero-filled array of `like`'s dtype beside `like`: in the
 * arena that holds `like`, when it lives in one with room, so that kernels
 * reading both run in place; an ordinary typed array otherwise. An array
 * from an arena goes back to it when it is garbage-collected, or earlier by
 * {@link releaseTensor}.
 *
 * @remarks
 * For a buffer an activation keeps beside its input, such as RReLU's slopes
 * in training mode.
 *
 * @param like - The array to allocate beside; its dtype is the result's.
 * @param length - Elements, a non-negative integer.
 * @returns The array.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` when `like`
 * is not a `Float32Array` or `Float64Array`, or for a bad length.
 * @public
 */
export function allocateBeside(like: FloatArray, length: number): FloatArray {
  const f32 = like instanceof Float32Array;
  if (!f32 && !(like instanceof Float64Array)) {
    throw new RectifyError('INVALID_ARGUMENT', `like must be a Float32Array or a Float64Array, got ${describeValue(like)}`, { field: 'like', value: like });
  }
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw new RectifyError('INVALID_ARGUMENT', `length must be a non-negative integer, got ${describeValue(length)}`, { field: 'length', value: length });
  }
  const arena = arenasByBuffer.get(like.buffer);
  const data = arena?.allocateArray(length, f32 ? 'float32' : 'float64');
  if (arena === undefined || data === undefined) return f32 ? new Float32Array(length) : new Float64Array(length);
  collected.register(data, { arena, start: data.byteOffset }, data);
  return data;
}

/**
 * Returns a tensor from {@link allocateTensor} to its arena. Tensors that do
 * not live in an arena (where WebAssembly SIMD is missing) are left to the
 * garbage collector.
 *
 * @param tensor - The tensor, or its data.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for a tensor released twice.
 * @public
 */
export function releaseTensor(tensor: Tensor | FloatArray): void {
  const data = ArrayBuffer.isView(tensor) ? tensor : tensor.data;
  const arena = arenasByBuffer.get(data.buffer);
  if (arena !== undefined) arena.release(data);
}

/**
 * Whether a typed array lives in WebAssembly memory that the SIMD kernels
 * can process in place (it came from {@link allocateTensor} or an {@link Arena}).
 *
 * @param array - The array.
 * @public
 */
export function isWasmResident(array: FloatArray): boolean {
  return residentTargets.has(array.buffer);
}
