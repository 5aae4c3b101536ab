/**
 * The kinks of a formula: where one of its non-smooth functions switches.
 * `abs`, `sign` and `step` switch where their argument crosses 0, `max` and
 * `min` where their arguments cross each other. The formula's plugin declares
 * these points, so the plot marks the gradient used there and the kit's
 * gradient check keeps away from them, as for a built-in activation.
 *
 * @packageDocumentation
 */
import { compileFormula } from './evaluate.js';
import type { FormulaNode } from './parse.js';

/** Where kinks are looked for. */
export const KINK_SEARCH = Object.freeze({ from: -100, to: 100, step: 1 / 64, most: 64 });

const ZERO_CROSSING = new Set(['abs', 'sign', 'step']);
const CROSSING = new Set(['max', 'min']);

/** The expressions whose sign decides a branch, each a function of x. */
function switches(node: FormulaNode): FormulaNode[] {
  switch (node.kind) {
    case 'number':
    case 'x':
    case 'constant':
      return [];
    case 'negate':
      return switches(node.operand);
    case 'binary':
      return [...switches(node.left), ...switches(node.right)];
    case 'call': {
      const inner = node.args.flatMap(switches);
      const [a, b] = node.args;
      if (ZERO_CROSSING.has(node.name) && a) return [a, ...inner];
      if (CROSSING.has(node.name) && a && b) return [{ kind: 'binary', op: '-', left: a, right: b }, ...inner];
      return inner;
    }
  }
}

/** A root of g between a and b, where g changes sign, to the last bit. */
function bisect(g: (x: number) => number, a: number, b: number): number {
  let [low, high] = [a, b];
  const lowSign = Math.sign(g(low));
  for (let i = 0; i < 80; i++) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    const value = g(middle);
    if (value === 0) return middle;
    if (Math.sign(value) === lowSign) low = middle;
    else high = middle;
  }
  return Math.abs(g(low)) <= Math.abs(g(high)) ? low : high;
}

/**
 * The points in {@link KINK_SEARCH}'s range where a switch of the formula
 * changes sign, increasing, at most {@link KINK_SEARCH}`.most` of them.
 *
 * @param tree - A parsed formula.
 */
export function formulaKinks(tree: FormulaNode): number[] {
  const found = new Set<number>();
  const { from, to, step, most } = KINK_SEARCH;
  for (const node of switches(tree)) {
    const compiled = compileFormula(node);
    const g = (x: number): number => compiled({ v: x, d: 0 }).v;
    let previous = g(from);
    for (let x = from + step; x <= to && found.size < most; x += step) {
      const value = g(x);
      if (value === 0) found.add(x);
      else if (Number.isFinite(previous) && Number.isFinite(value) && previous !== 0 && Math.sign(value) !== Math.sign(previous)) found.add(bisect(g, x - step, x));
      previous = value;
    }
  }
  return [...found].sort((a, b) => a - b);
}
