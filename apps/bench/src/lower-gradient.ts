/**
 * The engines' own gradient of a lowered forward, for lowerings that give no
 * `backward` because, as the {@link Lowering} contract says, an engine's
 * automatic gradient of their forward is PyTorch's (sigmoid, SiLU, GELU,
 * Mish): reverse-mode differentiation of the forward's ops, each by the
 * gradient TensorFlow.js registers for it, written as lowered ops so that
 * ONNX Runtime, which has no gradients of its own, runs the same graph.
 */
import { L, type LoweredNode, type LoweredValue, type Lowering } from '@rectify/core';
import { isDeterministic } from './lower-onnx.js';

/** 2/√π, the factor of TensorFlow.js' `Erf` gradient, as it computes it. */
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The gradient of each input of one node for the node's gradient `g`, as
 * TensorFlow.js' registered gradient writes it (`tfjs-core/src/gradients/*_grad.ts`),
 * op for op and operand for operand, so that the rounding is the engine's.
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

/** The ops {@link derivedBackward} differentiates. */
export const DIFFERENTIABLE_OPS: readonly string[] = Object.keys(RULES);

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

/**
 * dx for a lowering without `backward`: the gradient of its forward with
 * respect to x for the output gradient dy, by reverse-mode differentiation.
 *
 * @remarks
 * The nodes of the forward are ordered as an engine evaluating it records
 * them (each node after its inputs, inputs in order, values equal in
 * structure once), then visited in reverse: each node's gradient is the sum
 * of what the nodes that read it passed back, added in the order TensorFlow.js'
 * tape adds them, and each input of the node receives its share by the
 * node's rule (see `RULES`: `Sigmoid` gives dy·(y·(1 − y)), `Tanh`
 * (1 − y·y)·dy, `Erf` dy·(exp(−x·x)·2/√π), `Mul(a, b)` dy·b and dy·a, …).
 * Constants and parameters receive nothing. So the result is TensorFlow.js'
 * own gradient of the forward, written as ops both engines run; the
 * lowering test checks it against `tf.grad` of the same forward.
 *
 * @param lowering - A lowering whose forward reads only x.
 * @returns dx as a lowered value of x and dy.
 * @throws Error for an op without a rule here (the lowering should give its
 * backward), or a forward that does not depend on x.
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
    else if ('saved' in value) throw new Error(`cannot differentiate through the saved value ${value.saved}; the lowering should give its backward`);
    else if ('op' in value) {
      for (const input of value.inputs) depends = visit(input) || depends;
      if (depends) {
        if (RULES[value.op] === undefined) throw new Error(`no gradient rule for ${value.op}; the lowering should give its backward`);
        order.push(value);
      }
    }
    dependsOnX.set(key, depends);
    return depends;
  };
  if (!visit(lowering.forward)) throw new Error('the forward does not depend on x');
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
  if (dx === undefined) throw new Error('the forward does not depend on x');
  return dx;
}
