/**
 * Rectify activations as functions of TensorFlow.js tensors.
 */
import { RectifyError, describeValue, findPlugin, nativeBackward, type Activation, type LoweredValue, type PluginSource } from '@rectify/core';
import * as tf from '@tensorflow/tfjs-core';
// TensorFlow.js' gradients, for the forwards tfjs differentiates itself (and for the losses of
// tf.grad and model.fit): tfjs-core registers none; tfjs-layers' bundle registers them all, in the
// registry every copy of tfjs-core shares, in Node.js as in bundlers (tfjs-core's own
// dist/register_all_gradients.js does not load in Node.js' ESM).
import '@tensorflow/tfjs-layers';
import { LoweringEvaluator } from './evaluate.js';

/**
 * Options of {@link toTfjs}.
 * @public
 */
export interface ToTfjsOptions {
  /**
   * The activation's plugin, or a registry that knows it: its `lowering` is
   * what is translated. Needed only for an activation whose plugin was not
   * recorded (see `pluginOf` in `@rectify/core`): every activation made by a
   * built-in plugin, `definePlugin`, `defineElementwise` or a registry is.
   */
  readonly plugin?: PluginSource;
  /**
   * The learnable parameters as tfjs tensors, by name (PReLU's `weight`), in
   * the parameter's own shape. Pass `tf.variable`s (see
   * {@link tfjsParameters}) to train them: `tf.grads`, `tf.variableGrads` and
   * optimizers then see their gradients. Absent: float32 constants copied
   * from `activation.parameters` when `toTfjs` is called (later changes to
   * the activation are not seen), disposed by `dispose`.
   */
  readonly parameters?: Readonly<Record<string, tf.Tensor>>;
  /**
   * Training mode, as `forward`'s `training` (RReLU draws its slopes with
   * `tf.randomUniform`, not Rectify's generator). Defaults to `false`.
   */
  readonly training?: boolean;
  /**
   * Seed of the function's random draws (RReLU's slopes in training): its
   * k-th draw, from 0, is `tf.randomUniform` seeded with the string
   * `seed/k`, so a run repeats exactly, successive calls draw fresh slopes
   * and no two seeds share a draw. Absent: unseeded draws. tfjs' generator is not Rectify's, so the slopes differ
   * from Rectify's for the same seed.
   */
  readonly seed?: number;
  /**
   * Whether native nodes of the lowering run TensorFlow.js' own `relu`,
   * `leakyRelu` and `prelu` (faster) instead of their fallbacks. Defaults to
   * `false`, because those ops differ from PyTorch: `tf.relu(−0)` is +0, the
   * wasm backend's `prelu(−0)` is +0 and its NaN slopes make every output
   * NaN, and the cpu backend's `leakyRelu` rounds α·x once from float64 (one
   * ulp off). The gradients are PyTorch's either way.
   */
  readonly native?: boolean;
  /**
   * The element type the caller means the activation to compute in. Rectify
   * activations take the dtype of their input; TensorFlow.js has float32
   * only, so `'float64'` throws `DTYPE_MISMATCH` unless `allowDowncast` is
   * true. Defaults to `'float32'`.
   */
  readonly dtype?: 'float32' | 'float64';
  /**
   * Whether a float64 activation (`dtype: 'float64'`, or a lowering that
   * casts to float64) may run in float32. Defaults to `false`.
   */
  readonly allowDowncast?: boolean;
}

/**
 * A Rectify activation as a function of TensorFlow.js tensors.
 * @public
 */
export interface TfjsActivation {
  /**
   * y for x. Differentiable by `tf.grad`, `tf.grads`, `tf.variableGrads` and
   * inside `model.fit`, with Rectify's (PyTorch's) gradients.
   * @param x - A float32 tensor of any shape the activation takes.
   * @returns y, a new tensor (shaped by `outputShape`).
   * @throws `RectifyError` for a shape the activation cannot take, or a non-float32 x.
   */
  (x: tf.Tensor): tf.Tensor;
  /** The parameter tensors it reads, by name: those given, or the constants it made. */
  readonly parameters: Readonly<Record<string, tf.Tensor>>;
  /**
   * The output shape for an input shape (Maxout and GLU change it).
   * @param inputShape - x's shape.
   */
  outputShape(inputShape: readonly number[]): number[];
  /**
   * The gradients for x and dy without the tape: the lowering's backward
   * evaluated directly, as the gradient pass of `tf.grad` runs it but
   * without the forward (y, or a saved value not given, is computed from x
   * only where the backward reads it). Where the lowering has no backward,
   * this is `tf.grads` of the forward, which runs the forward too.
   *
   * @param x - The forward's input.
   * @param dy - The output gradient, y's shape.
   * @param saved - Values to use for the lowering's saved values (RReLU's
   * training slopes `r`), by name; those absent are drawn anew.
   * @returns dx, and each parameter's gradient in its own shape, new tensors.
   */
  backward(x: tf.Tensor, dy: tf.Tensor, saved?: Readonly<Record<string, tf.Tensor>>): TfjsGradients;
  /** Disposes the tensors it keeps: constants, and parameters it made itself (not those given). */
  dispose(): void;
}

/**
 * The gradients of {@link TfjsActivation.backward}.
 * @public
 */
export interface TfjsGradients {
  /** The input's gradient. */
  readonly dx: tf.Tensor;
  /** Each parameter's gradient by name, in the parameter's shape. */
  readonly parameterGradients: Readonly<Record<string, tf.Tensor>>;
}

/**
 * The activation's learnable parameters as trainable `tf.variable`s, in
 * their own shapes and rounded to float32, for {@link ToTfjsOptions.parameters}.
 *
 * @param activation - A Rectify activation.
 * @param trainable - Whether the variables are trainable. Defaults to `true`.
 * @returns One variable per parameter, by name; empty for parameter-free activations.
 * @public
 */
export function tfjsParameters(activation: Activation, trainable = true): Record<string, tf.Variable> {
  return Object.fromEntries(
    activation.parameters.map((p) => {
      const initial = tf.tensor(Float32Array.from(p.data), [...p.shape], 'float32');
      const variable = tf.variable(initial, trainable);
      initial.dispose();
      return [p.name, variable];
    }),
  );
}

const OPTION_KEYS = ['plugin', 'parameters', 'training', 'seed', 'native', 'dtype', 'allowDowncast'];

/** Checks the activation and every option of `toTfjs`, naming the field and value of the first one that is wrong. */
function checkOptions(activation: unknown, options: unknown): asserts options is ToTfjsOptions {
  if (typeof activation !== 'object' || activation === null || typeof (activation as Activation).name !== 'string') {
    throw new RectifyError('INVALID_ARGUMENT', `toTfjs: activation must be a Rectify activation, got ${describeValue(activation)}`, { field: 'activation', value: activation });
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new RectifyError('INVALID_ARGUMENT', `toTfjs: options must be an object such as { training: true }, got ${describeValue(options)}`, { field: 'options', value: options });
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!OPTION_KEYS.includes(key)) throw new RectifyError('INVALID_ARGUMENT', `toTfjs: unknown option ${JSON.stringify(key)}; known options: ${OPTION_KEYS.join(', ')}`, { field: `options.${key}`, value: record[key] });
  }
  const { parameters, dtype } = record;
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64') {
    throw new RectifyError('INVALID_ARGUMENT', `toTfjs: options.dtype must be "float32" or "float64", got ${describeValue(dtype)}`, { field: 'options.dtype', value: dtype });
  }
  if (record['seed'] !== undefined && !Number.isSafeInteger(record['seed'])) {
    throw new RectifyError('INVALID_ARGUMENT', `toTfjs: options.seed must be an integer, got ${describeValue(record['seed'])}`, { field: 'options.seed', value: record['seed'] });
  }
  for (const field of ['training', 'native', 'allowDowncast']) {
    const value = record[field];
    if (value !== undefined && typeof value !== 'boolean') throw new RectifyError('INVALID_ARGUMENT', `toTfjs: options.${field} must be a boolean, got ${describeValue(value)}`, { field: `options.${field}`, value });
  }
  if (parameters !== undefined) {
    if (typeof parameters !== 'object' || parameters === null) {
      throw new RectifyError('INVALID_ARGUMENT', `toTfjs: options.parameters must map each parameter's name to a tf.Tensor, got ${describeValue(parameters)}`, { field: 'options.parameters', value: parameters });
    }
    for (const [key, value] of Object.entries(parameters)) {
      if (!(value instanceof tf.Tensor)) throw new RectifyError('INVALID_ARGUMENT', `toTfjs: options.parameters.${key} must be a tf.Tensor, got ${describeValue(value)}`, { field: `options.parameters.${key}`, value });
    }
  }
}

/**
 * Turns a Rectify activation into a function of TensorFlow.js tensors, built
 * from tfjs ops, so that it runs on every backend (cpu, wasm, webgl, webgpu)
 * and differentiates with PyTorch's gradients.
 *
 * @remarks
 * The activation's plugin gives its lowering for x's shape (computed once
 * per shape); each lowering op becomes the tfjs op of the same meaning. Where
 * the lowering gives a backward (relu′ at NaN, relu6′ at 6, Maxout's ties,
 * the gradients that avoid overflow), the function is a `tf.customGrad` whose
 * gradient evaluates it, and the parameters' gradients from the lowering's
 * `parameterGradients`; elsewhere tfjs differentiates the forward itself,
 * which the lowering contract says is PyTorch's gradient.
 *
 * −0 and NaN: by default native nodes run their fallbacks, which give
 * Rectify's bits (see {@link ToTfjsOptions.native}). What cannot be
 * corrected cheaply: ELU of a negative subnormal x gives a zero
 * signed as α·x (tfjs' `expm1` is exact there; PyTorch's exp(x) − 1 is +0);
 * the transcendental activations (tanh, sigmoid, GELU, softmax, …) agree with
 * Rectify within a few float32 ulps, not bit for bit; values are float32
 * (see {@link ToTfjsOptions.dtype}).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gelu } from '@rectify/gelu';
 * import { toTfjs } from '@rectify/tfjs';
 *
 * const f = toTfjs(gelu.create({ approximate: 'tanh' }));
 * const x = tf.tensor([-1, 0, 2]);
 * f(x).print();
 * tf.grad(f)(x).print(); // PyTorch's gradient
 * ```
 *
 * @param activation - A Rectify activation (from `plugin.create` or a registry).
 * @param options - Parameter tensors, mode, dtype, and the plugin where it is not recorded. Defaults to `{}`.
 * @returns The function, with the parameters it reads, its output shape and `dispose`.
 * @throws `RectifyError` `INVALID_ARGUMENT` when the plugin declares no
 * `lowering` or is not the activation's, for an activation whose plugin is
 * unknown and not given, and for a malformed option (`seed` not an
 * integer, say); `DTYPE_MISMATCH` for a float64 activation without
 * `allowDowncast`.
 * @public
 */
export function toTfjs(activation: Activation, options: ToTfjsOptions = {}): TfjsActivation {
  checkOptions(activation, options);
  const plugin = findPlugin(activation, options.plugin, 'options.plugin');
  const name = activation.name;
  if (plugin.lowering === undefined) {
    throw new RectifyError('INVALID_ARGUMENT', `toTfjs: the plugin "${name}" declares no lowering(config, inputShape, options), so it cannot be written in TensorFlow.js ops; give the plugin a lowering (see the custom-activation guide)`, { field: 'plugin.lowering', value: name });
  }
  const allowDowncast = options.allowDowncast === true;
  if (options.dtype === 'float64' && !allowDowncast) {
    throw new RectifyError('DTYPE_MISMATCH', `toTfjs: ${name} is a float64 activation, and TensorFlow.js computes in float32 only; pass allowDowncast: true to accept float32 values`, { field: 'dtype', value: 'float64' });
  }
  const lower = plugin.lowering.bind(plugin);
  const training = options.training === true;
  const native = options.native === true;
  const owned = options.parameters === undefined;
  const parameters: Readonly<Record<string, tf.Tensor>> =
    options.parameters ?? Object.fromEntries(activation.parameters.map((p) => [p.name, tf.keep(tf.tensor(Float32Array.from(p.data), [...p.shape], 'float32'))]));
  const parameterNames = Object.keys(parameters);
  for (const p of activation.parameters) {
    const t = parameters[p.name];
    if (t === undefined) throw new RectifyError('INVALID_ARGUMENT', `toTfjs: ${name} needs a tensor for its parameter ${p.name}`, { field: `parameters.${p.name}`, value: t });
    if (!tf.util.arraysEqual(t.shape, [...p.shape])) throw new RectifyError('SHAPE_MISMATCH', `toTfjs: ${name}'s parameter ${p.name} has shape [${p.shape.join(', ')}], got a tensor of shape [${t.shape.join(', ')}]`, { field: `parameters.${p.name}`, value: t.shape });
  }

  const seed = options.seed;
  let draws = 0;
  const random = (shape: readonly number[], low: number, high: number): tf.Tensor =>
    seed === undefined ? tf.randomUniform([...shape], low, high, 'float32') : tf.randomUniform([...shape], low, high, 'float32', `${seed}/${draws++}`);

  /** The compiled lowering of one input shape. */
  interface Compiled {
    readonly evaluator: LoweringEvaluator;
    readonly apply: (x: tf.Tensor) => tf.Tensor;
    readonly backward: (x: tf.Tensor, dy: tf.Tensor, saved: Readonly<Record<string, tf.Tensor>>) => TfjsGradients;
  }
  const compiled = new Map<string, Compiled>();

  /** Runs a gradient computation in a `tf.tidy`, keeping only its results. */
  const tidyGradients = (run: () => TfjsGradients): TfjsGradients => {
    const list = tf.tidy(() => {
      const g = run();
      return [g.dx, ...parameterNames.map((p) => g.parameterGradients[p] as tf.Tensor)];
    });
    return { dx: list[0] as tf.Tensor, parameterGradients: Object.fromEntries(parameterNames.map((p, k) => [p, list[k + 1] as tf.Tensor])) };
  };

  const compile = (shape: readonly number[]): Compiled => {
    const lowering = lower(activation.config, shape, { training });
    const evaluator = new LoweringEvaluator(lowering, { native, allowDowncast, name, random });
    const backward = nativeBackward(lowering);
    const savedNames = Object.keys(lowering.saved ?? {});
    const forward = (x: tf.Tensor): { y: tf.Tensor; saved: Record<string, tf.Tensor> } => {
      const saved: Record<string, tf.Tensor> = {};
      const value = evaluator.evaluator({ x }, parameters, saved, true);
      const y = value(lowering.forward);
      for (const s of savedNames) value({ saved: s });
      return { y, saved };
    };
    /** Whether the gradients read y, which a call without the forward then computes from x. */
    const readsY = backward !== undefined && [backward, ...Object.values(lowering.parameterGradients ?? {})].some((v) => JSON.stringify(v).includes('{"input":"y"}'));
    /** The gradients evaluated from x, dy and the saved values, computing y (where read) and any saved value not given from x. */
    const gradients = (x: tf.Tensor, dy: tf.Tensor, given: Readonly<Record<string, tf.Tensor>>, y: tf.Tensor | undefined, dxOf: LoweredValue): TfjsGradients => {
      const saved = { ...given };
      const forwardY = y === undefined && readsY ? evaluator.evaluator({ x }, parameters, saved, true)(lowering.forward) : y;
      const value = evaluator.evaluator({ x, y: forwardY, dy }, parameters, saved, true);
      const parameterGradients = Object.fromEntries(
        parameterNames.map((p) => {
          const definition = lowering.parameterGradients?.[p];
          const own = parameters[p] as tf.Tensor;
          return [p, definition === undefined ? tf.zerosLike(own) : tf.reshape(value(definition), own.shape)];
        }),
      );
      return { dx: value(dxOf), parameterGradients };
    };
    if (backward === undefined) {
      // tfjs' own gradient of the forward: through the tape, parameters included.
      const direct = (x: tf.Tensor, dy: tf.Tensor): TfjsGradients => {
        const ps = parameterNames.map((p) => parameters[p] as tf.Tensor);
        const all = tf.grads((input: tf.Tensor, ...rest: tf.Tensor[]) => {
          const own = Object.fromEntries(parameterNames.map((p, k) => [p, rest[k] as tf.Tensor]));
          return evaluator.evaluator({ x: input }, own, {}, true)(lowering.forward);
        })([x, ...ps], dy);
        return { dx: all[0] as tf.Tensor, parameterGradients: Object.fromEntries(parameterNames.map((p, k) => [p, all[k + 1] as tf.Tensor])) };
      };
      return { evaluator, apply: (x) => tf.tidy(() => forward(x).y), backward: (x, dy) => tidyGradients(() => direct(x, dy)) };
    }
    const parameterTensors = parameterNames.map((p) => parameters[p] as tf.Tensor);
    const custom = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = args[0] as tf.Tensor;
      const save = args[args.length - 1] as tf.GradSaveFunc;
      const { y, saved } = forward(x);
      save([x, y, ...savedNames.map((s) => saved[s] as tf.Tensor)]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, kept: tf.Tensor[]) => {
          const [xs, ys, ...rest] = kept as [tf.Tensor, tf.Tensor, ...tf.Tensor[]];
          const savedKept = Object.fromEntries(savedNames.map((s, k) => [s, rest[k] as tf.Tensor]));
          const { dx, parameterGradients } = gradients(xs, dy, savedKept, ys, backward);
          return [dx, ...parameterNames.map((p) => parameterGradients[p] as tf.Tensor)];
        },
      };
    });
    return { evaluator, apply: (x) => custom(x, ...parameterTensors), backward: (x, dy, saved) => tidyGradients(() => gradients(x, dy, saved, undefined, backward)) };
  };

  const compiledFor = (x: tf.Tensor): Compiled => {
    if (x.dtype !== 'float32') throw new RectifyError('DTYPE_MISMATCH', `${name}: TensorFlow.js input must be float32, got ${x.dtype}`, { field: 'x', value: x.dtype });
    const key = x.shape.join(',');
    let c = compiled.get(key);
    if (c === undefined) {
      c = compile(x.shape);
      compiled.set(key, c);
    }
    return c;
  };
  const apply = (x: tf.Tensor): tf.Tensor => compiledFor(x).apply(x);
  return Object.assign(apply, {
    parameters,
    backward: (x: tf.Tensor, dy: tf.Tensor, saved: Readonly<Record<string, tf.Tensor>> = {}) => compiledFor(x).backward(x, dy, saved),
    outputShape: (inputShape: readonly number[]) => activation.outputShape(inputShape),
    dispose: () => {
      for (const c of compiled.values()) c.evaluator.dispose();
      compiled.clear();
      if (owned) tf.dispose(Object.values(parameters));
    },
  });
}
