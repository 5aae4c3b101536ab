import { RectifyError, describeValue } from './errors.js';
import type { DType, FloatArray } from './tensor.js';

/**
 * A fast kernel: one step of one activation, for one dtype.
 *
 * @remarks
 * Every kernel follows one convention: it returns `true` when it wrote its
 * outputs, and `false`, having written nothing, when it declines the call
 * (an input too small to repay a call into WebAssembly, a layout it has no
 * kernel for). The activation then runs its own loop, so that every path
 * gives the same bits and the reference loop lives in one place. Results
 * that are not arrays (a sum) are written into an array the caller passes.
 * A kernel checks nothing: the activation calls it after validating the call.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Kernel = (...args: any[]) => boolean;

/**
 * What a kernel computes: which activation, which step, which dtype.
 * @public
 */
export interface KernelKey {
  /** The activation's canonical name, such as `leaky_relu`. */
  readonly activation: string;
  /**
   * The step: `forward` or `backward` for an elementwise activation, or a
   * step the activation names (PReLU's `forward-rows`, RReLU's
   * `train-forward`); each activation package documents its steps and their
   * arguments.
   */
  readonly op: string;
  /** The dtype of the arrays it takes. */
  readonly dtype: DType;
}

/**
 * A source of fast kernels, such as the `simd` provider of `@rectify/simd`.
 * `createRegistry({ kernels: [provider] })` hands it to every activation that
 * registry creates.
 *
 * @remarks
 * An activation asks for its kernels once, when it is created, and keeps
 * what it gets; an activation the provider does not know runs its own loops.
 * A provider holds its own settings (which instruction set, which path), so
 * two registries with two providers run two paths side by side.
 * @public
 */
export interface KernelProvider {
  /** A short name for listings and errors, such as `simd`. */
  readonly name: string;
  /**
   * The kernel for a key, made for one activation's config, or `undefined`
   * when the provider has none.
   *
   * @param key - The activation, step and dtype.
   * @param config - The activation's validated config, frozen; a kernel may
   * read it once here rather than on every call.
   */
  kernel(key: KernelKey, config: Readonly<object>): Kernel | undefined;
  /**
   * An array of `like`'s dtype placed where this provider's kernels run best
   * beside `like` (for `@rectify/simd`, in the same WebAssembly arena), or
   * `undefined` to leave the choice to the caller. Optional.
   *
   * @param like - The array the new one will be used with.
   * @param length - Its length.
   */
  allocateBeside?(like: FloatArray, length: number): FloatArray | undefined;
  /**
   * Whether `array` is where {@link KernelProvider.allocateBeside} would put
   * an array for `like`, so that a buffer kept from an earlier call can be
   * reused. Optional; absent means yes.
   *
   * @param array - The kept buffer.
   * @param like - The array it is used with now.
   */
  isBeside?(array: FloatArray, like: FloatArray): boolean;
}

/**
 * The kernels an activation is created with: the providers of its registry,
 * in order, and a buffer allocator. A plugin's `create` receives it.
 * @public
 */
export interface Kernels {
  /** The providers, first asked first. */
  readonly providers: readonly KernelProvider[];
  /**
   * The first provider's kernel for a key, or `undefined` when none has one.
   *
   * @typeParam K - The kernel's signature, as the activation documents it.
   * @param activation - The activation's canonical name.
   * @param op - The step, such as `forward`.
   * @param dtype - The dtype.
   * @param config - The activation's validated config.
   */
  find<K extends Kernel>(activation: string, op: string, dtype: DType, config: Readonly<object>): K | undefined;
  /**
   * An array of `like`'s dtype and `length` elements, placed by the first
   * provider that places it, otherwise a plain typed array.
   *
   * @param like - The array it will be used with.
   * @param length - Its length.
   */
  allocateBeside(like: FloatArray, length: number): FloatArray;
  /**
   * Whether a kept `array` may serve `like` again: the dtype matches and
   * every provider agrees it is placed beside `like`.
   *
   * @param array - The kept array.
   * @param like - The array it is used with now.
   * @param length - The length needed.
   */
  canReuse(array: FloatArray, like: FloatArray, length: number): boolean;
}

function isProvider(value: unknown): value is KernelProvider {
  return typeof value === 'object' && value !== null && typeof (value as KernelProvider).name === 'string' && typeof (value as KernelProvider).kernel === 'function';
}

/**
 * Checks a list of kernel providers and wraps it as the {@link Kernels} an
 * activation is created with. `createRegistry({ kernels })` calls it; call it
 * yourself to create an activation with a provider but no registry:
 * `relu.create({}, { kernels: createKernels([simd]) })`.
 *
 * @param providers - The providers, first asked first. Defaults to none: the
 * activations' own loops.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` naming the entry that is not a provider.
 * @public
 */
export function createKernels(providers: readonly KernelProvider[] = []): Kernels {
  if (!Array.isArray(providers)) {
    throw new RectifyError('INVALID_ARGUMENT', `kernels must be an array of kernel providers, got ${describeValue(providers)}`, { field: 'kernels', value: providers });
  }
  providers.forEach((provider: unknown, index) => {
    if (!isProvider(provider)) {
      throw new RectifyError('INVALID_ARGUMENT', `kernels[${index}] must be a kernel provider with a name and kernel(), got ${describeValue(provider)}`, {
        field: `kernels[${index}]`,
        value: provider,
      });
    }
  });
  const list = Object.freeze([...providers]);
  return Object.freeze({
    providers: list,
    find<K extends Kernel>(activation: string, op: string, dtype: DType, config: Readonly<object>): K | undefined {
      const key = { activation, op, dtype };
      for (const provider of list) {
        const kernel = provider.kernel(key, config);
        if (kernel !== undefined) return kernel as K;
      }
      return undefined;
    },
    allocateBeside(like: FloatArray, length: number): FloatArray {
      for (const provider of list) {
        const array = provider.allocateBeside?.(like, length);
        if (array !== undefined) return array;
      }
      return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
    },
    canReuse(array: FloatArray, like: FloatArray, length: number): boolean {
      if (array.length !== length || array.constructor !== like.constructor) return false;
      // An indexed loop: this runs on every training forwardInto, which must allocate nothing.
      for (let i = 0; i < list.length; i++) {
        const provider = list[i] as KernelProvider;
        if (provider.isBeside !== undefined && !provider.isBeside(array, like)) return false;
      }
      return true;
    },
  });
}

/**
 * The kernels of an activation created without providers: its own loops,
 * plain typed arrays.
 * @public
 */
export const plainKernels: Kernels = createKernels();

/**
 * What a plugin's `create` receives besides the config.
 * @public
 */
export interface CreateContext {
  /** The kernels to run; {@link plainKernels} when absent. */
  readonly kernels?: Kernels;
}
