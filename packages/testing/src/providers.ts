import fc from 'fast-check';
import { createRegistry, createRng, type Activation, type DType, type FloatArray, type KernelProvider, type Tensor } from '@rectify/core';
import { edgeValueArbitrary, largeShapeArbitrary, shapeArbitrary, toArray, valueArbitrary } from './arbitraries.js';
import { fail, firstDifference } from './compare.js';
import { setParameters, type Case, type ConformanceOptions, type KitContext } from './context.js';
import type { ConformanceProperty } from './properties.js';

/** Where a path's tensors and output buffers live. */
interface Layout {
  /** A name for failure messages. */
  readonly name: string;
  /** The tensor the path reads: the case's own, or a placed copy. */
  tensor(t: Tensor): Tensor;
  /** An output buffer for a tensor of this shape and dtype, or `undefined` to let the activation allocate. */
  buffer(dtype: DType, shape: readonly number[]): FloatArray | undefined;
}

const plainLayout: Layout = {
  name: 'plain arrays',
  tensor: (t) => t,
  buffer: () => undefined,
};

function placedLayout(place: NonNullable<ConformanceOptions['place']>): Layout {
  return {
    name: 'placed arrays',
    tensor: (t) => place(t.data.slice(), t.shape),
    buffer: (dtype, shape) => place(toArray(dtype, new Array<number>(shape.reduce((n, d) => n * d, 1)).fill(0)), shape).data,
  };
}

/** What one path computed for a case, by name: y, dx and parameter gradients from forward and from forwardInto, and the generators' next draws. */
type Outcome = ReadonlyMap<string, ArrayLike<number>>;

function gradients(activation: Activation): number[] {
  return activation.parameters.flatMap((p) => Array.from(p.grad.data));
}

/**
 * Runs a case through forward and its backward, then forwardInto and
 * backwardInto, each from a generator of `seed`, and keeps every result as a
 * plain copy (a placed array may be reused once the path is done).
 */
function outcome(activation: Activation, c: Case, seed: number, layout: Layout): Outcome {
  const dtype: DType = c.x.data instanceof Float32Array ? 'float32' : 'float64';
  const results = new Map<string, ArrayLike<number>>();
  const x = layout.tensor(c.x);
  const dy = layout.tensor(c.dy);
  setParameters(activation, c.parameters);

  activation.zeroGrad();
  const rng = createRng(seed);
  const out = layout.buffer(dtype, c.dy.shape);
  const { y, backward } = activation.forward(x, out === undefined ? { training: c.training, rng } : { training: c.training, rng, out });
  results.set('y by forward', Array.from(y.data));
  const dxOut = layout.buffer(dtype, c.x.shape);
  results.set('dx by backward', Array.from(backward(dy, dxOut === undefined ? undefined : { out: dxOut }).data));
  results.set('parameter gradients by backward', gradients(activation));
  // The generator must be left where the plain loop leaves it, or the next call draws other numbers.
  results.set("generator's next draw after forward", [rng.next()]);

  activation.zeroGrad();
  const rngInto = createRng(seed);
  const yInto = layout.buffer(dtype, c.dy.shape) ?? toArray(dtype, new Array<number>(c.dy.data.length).fill(0));
  activation.forwardInto(x, yInto, { training: c.training, rng: rngInto });
  results.set('y by forwardInto', Array.from(yInto));
  const dxInto = layout.buffer(dtype, c.x.shape) ?? toArray(dtype, new Array<number>(c.x.data.length).fill(0));
  activation.backwardInto(dy, dxInto);
  results.set('dx by backwardInto', Array.from(dxInto));
  results.set('parameter gradients by backwardInto', gradients(activation));
  results.set("generator's next draw after forwardInto", [rngInto.next()]);
  return results;
}

/**
 * Fails with the provider, the layout, the result, the first differing index
 * and the inputs there unless two outcomes are identical bit for bit. There
 * is no tolerance: a provider must give exactly the plain loops' bits.
 */
function expectSameOutcome(provider: KernelProvider, layout: Layout, c: Case, actual: Outcome, expected: Outcome): void {
  for (const [what, values] of expected) {
    const got = actual.get(what) ?? [];
    const i = firstDifference(got, values);
    if (i < 0) continue;
    const inputs = i < c.x.data.length && i < c.dy.data.length ? ` (x[${i}] = ${fc.stringify(c.x.data[i])}, dy[${i}] = ${fc.stringify(c.dy.data[i])})` : '';
    fail(`provider "${provider.name}" on ${layout.name}: ${what} differs at index ${i}: ${fc.stringify(got[i])} instead of ${fc.stringify(values[i])}${inputs}`);
  }
}

/**
 * Most shrinking steps of a failing case. Large tensors shrink one element per
 * step, thousands of steps at a few milliseconds each; the config, the mode
 * and the shape shrink first, within this budget, and the message names the
 * index that differs.
 */
const MAX_SHRINKS = 200;

/**
 * The property that every kernel provider of the run gives the plain loops'
 * bits, through the public API: registries with and without the provider
 * create the activation with one config and one set of parameters.
 * @internal
 */
export const sameBits: ConformanceProperty = {
  name: 'kernel providers give the same bits',
  description:
    'for each provider, an activation from createRegistry({ kernels: [provider] }) computes bit-identical y, dx and parameter gradients (forward and backward, forwardInto and backwardInto) and leaves its generator in the same state as one from createRegistry(), in both modes and on inputs large enough for fast paths.',
  dtypes: ['float32', 'float64'],
  applies: (context) => (context.options.providers?.length ?? 0) > 0,
  build: (context: KitContext, dtype: DType) => {
    const { plugin, options } = context;
    const providers = options.providers ?? [];
    const plain = createRegistry().use(plugin);
    const fast = providers.map((provider) => ({ provider, registry: createRegistry({ kernels: [provider] }).use(plugin) }));
    const layouts = options.place === undefined ? [plainLayout] : [plainLayout, placedLayout(options.place)];
    // A quarter of small cases, where fast kernels may decline and the plain loop runs; the rest large enough for them to engage.
    const shapes = fc.oneof({ weight: 1, arbitrary: options.shapes ?? shapeArbitrary() }, { weight: 3, arbitrary: options.largeShapes ?? largeShapeArbitrary() });
    // Half the cases with ordinary values only, so that sums (a weight gradient) stay finite and
    // show their rounding; half with NaN, ±∞, subnormals and extremes, where fast paths part most often.
    const cases = fc.oneof(
      context.cases(dtype, valueArbitrary(dtype), { shapes, gradients: valueArbitrary(dtype) }),
      context.cases(dtype, edgeValueArbitrary(dtype), { shapes, gradients: edgeValueArbitrary(dtype) }),
    );
    return fc.property(fc.limitShrink(cases, MAX_SHRINKS), fc.integer(), (c, seed) => {
      const expected = outcome(plain.create(plugin.name, c.config), c, seed, plainLayout);
      for (const { provider, registry } of fast) {
        for (const layout of layouts) expectSameOutcome(provider, layout, c, outcome(registry.create(plugin.name, c.config), c, seed, layout), expected);
      }
    });
  },
};
