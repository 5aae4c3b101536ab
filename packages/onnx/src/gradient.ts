/**
 * The input gradient of a lowering as lowered ops: its own `backward`, the
 * hand-written gradient of a native op, or, for a forward made of the
 * elementwise ops, reverse-mode differentiation op by op.
 */
import { L, RectifyError, nativeBackward, type LoweredNode, type LoweredValue, type Lowering } from '@rectify/core';

export { attributeNumber } from '@rectify/core';

/** 2/√π, the factor of the `Erf` gradient, as TensorFlow.js computes it. */
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The gradient of each input of one node for the node's gradient `g`, as
 * TensorFlow.js' registered gradient writes it (`tfjs-core/src/gradients/*_grad.ts`),
 * op for op and operand for operand, so that the rounding is the engines'.
 * `self` is the node itself, the saved output of `Exp`, `Tanh` and `Sigmoid`.
 */
const RULES: Partial<Record<string, (g: LoweredValue, inputs: readonly LoweredValue[], self: LoweredValue) => readonly LoweredValue[]>> = {
  Add: (g) => [g, g],
  Sub: (g) => [g, L.op('Neg', [g])],
  Mul: (g, [a, b]) => [L.mul(g, b as LoweredValue), L.mul(g, a as LoweredValue)],
  Div: (g, [a, b]) => [L.op('Div', [g, b as LoweredValue]), L.op('Neg', [L.op('Div', [L.mul(g, a as LoweredValue), L.mul(b as LoweredValue, b as LoweredValue)])])],
  Neg: (g) => [L.op('Neg', [g])],
  Exp: (g, _inputs, self) => [L.mul(g, self)],
  Expm1: (g, [a]) => [L.mul(g, L.op('Exp', [a as LoweredValue]))],
  Log: (g, [a]) => [L.op('Div', [g, a as LoweredValue])],
  Log1p: (g, [a]) => [L.op('Div', [g, L.op('Add', [a as LoweredValue, L.c(1)])])],
  Tanh: (g, _inputs, self) => [L.mul(L.op('Sub', [L.c(1), L.mul(self, self)]), g)],
  Sigmoid: (g, _inputs, self) => [L.mul(g, L.mul(self, L.op('Sub', [L.c(1), self])))],
  Erf: (g, [a]) => [L.mul(g, L.mul(L.op('Exp', [L.op('Neg', [L.mul(a as LoweredValue, a as LoweredValue)])]), L.c(TWO_OVER_SQRT_PI)))],
};

/**
 * The ops {@link derivedBackward} differentiates.
 * @public
 */
export const DIFFERENTIABLE_OPS: readonly string[] = Object.freeze(Object.keys(RULES));

/**
 * Whether a lowered value computes the same tensor wherever it appears, so
 * that two values equal in structure may be computed once: every value but
 * those containing a random draw (`RandomUniformLike`), which are shared only
 * through `saved`.
 *
 * @param value - A lowered value.
 * @returns `true` unless the value draws random numbers.
 * @public
 */
export function isDeterministic(value: LoweredValue): boolean {
  if (!('op' in value)) return true;
  if (value.op === 'RandomUniformLike') return false;
  return value.inputs.every(isDeterministic) && (value.fallback === undefined || isDeterministic(value.fallback));
}


/** A key equal for values of equal structure (random draws are never merged). */
function keyOf(value: LoweredValue, identities: Map<LoweredValue, string>): string {
  if (isDeterministic(value)) return JSON.stringify(value);
  let key = identities.get(value);
  if (key === undefined) {
    key = `random:${identities.size}`;
    identities.set(value, key);
  }
  return key;
}

/** A refusal to differentiate, asking for the lowering's backward. */
function cannot(message: string, value?: unknown): RectifyError {
  return new RectifyError('INVALID_ARGUMENT', `${message}; the lowering should give its backward`, { field: 'lowering.backward', value });
}

/**
 * dx for a lowering without `backward`: the gradient of its forward with
 * respect to x for the output gradient dy, by reverse-mode differentiation.
 *
 * @remarks
 * The nodes of the forward are ordered as an engine evaluating it records
 * them (each node after its inputs, inputs in order, values equal in
 * structure once), then visited in reverse: each node's gradient is the sum
 * of what the nodes that read it passed back, added in the order
 * TensorFlow.js' tape adds them, and each input of the node receives its
 * share by the node's rule (`Sigmoid` gives dy·(y·(1 − y)), `Tanh`
 * (1 − y·y)·dy, `Erf` dy·(exp(−x·x)·2/√π), `Mul(a, b)` dy·b and dy·a, …; see
 * {@link DIFFERENTIABLE_OPS}). Constants and parameters receive nothing. So
 * the result is TensorFlow.js' own gradient of the forward, written as ops
 * every engine runs; for the built-in lowerings that leave `backward` out it
 * is PyTorch's.
 *
 * @param lowering - A lowering whose forward reads only x.
 * @returns dx as a lowered value of x and dy.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for an op without a rule
 * here, a saved value, or a forward that does not depend on x.
 * @public
 */
export function derivedBackward(lowering: Lowering): LoweredValue {
  const identities = new Map<LoweredValue, string>();
  const order: LoweredNode[] = [];
  /** Whether a value depends on x, by key. */
  const dependsOnX = new Map<string, boolean>();
  const visit = (value: LoweredValue): boolean => {
    const key = keyOf(value, identities);
    const known = dependsOnX.get(key);
    if (known !== undefined) return known;
    let depends = false;
    if ('input' in value) depends = value.input === 'x';
    else if ('saved' in value) throw cannot(`cannot differentiate through the saved value ${value.saved}`, value.saved);
    else if ('op' in value) {
      for (const input of value.inputs) depends = visit(input) || depends;
      if (depends) {
        if (RULES[value.op] === undefined) throw cannot(`no gradient rule for ${value.op}`, value.op);
        order.push(value);
      }
    }
    dependsOnX.set(key, depends);
    return depends;
  };
  if (!visit(lowering.forward)) throw cannot('the forward does not depend on x');
  const gradients = new Map<string, LoweredValue>([[keyOf(lowering.forward, identities), L.dy]]);
  const accumulate = (value: LoweredValue, share: LoweredValue): void => {
    const key = keyOf(value, identities);
    if (dependsOnX.get(key) !== true) return;
    const before = gradients.get(key);
    gradients.set(key, before === undefined ? share : L.op('Add', [before, share]));
  };
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k] as LoweredNode;
    const g = gradients.get(keyOf(node, identities));
    if (g === undefined) continue;
    const shares = (RULES[node.op] as NonNullable<(typeof RULES)[string]>)(g, node.inputs, node);
    node.inputs.forEach((input, j) => accumulate(input, shares[j] as LoweredValue));
  }
  const dx = gradients.get(keyOf(L.x, identities));
  if (dx === undefined) throw cannot('the forward does not depend on x');
  return dx;
}

/**
 * The input gradient of a lowering: its `backward`, or, where it has none,
 * the engines' own gradient of its forward.
 *
 * @remarks
 * A lowering leaves `backward` out where the engines' own gradient of its
 * forward is PyTorch's. ONNX has no gradients, so that gradient is written
 * here: for a forward composed of the elementwise ops by
 * {@link derivedBackward}; for the native ops by hand: `Relu` gives
 * `Where(LessOrEqual(x, 0), 0, dy)`; `LeakyRelu {alpha}` gives
 * `Mul(dy, Where(Greater(x, 0), 1, alpha))`; `PRelu(x, s)` gives
 * `Mul(dy, Where(Greater(x, 0), 1, s))`: PyTorch's `threshold_backward` and
 * `leaky_relu_backward` (dy where x \> 0, else slope·dy, NaN x included).
 * The factor is selected, not dy, because ONNX Runtime's `Where` returns +0
 * where it selects a −0 from its second input; dy·1 keeps dy's −0 and NaN.
 *
 * @param lowering - A plugin's lowering.
 * @returns dx as a lowered value of `x`, `y` and `dy`.
 * @throws {@link @rectify/core!RectifyError} where {@link derivedBackward} does.
 * @public
 */
export function loweredBackward(lowering: Lowering): LoweredValue {
  return nativeBackward(lowering) ?? derivedBackward(lowering);
}
