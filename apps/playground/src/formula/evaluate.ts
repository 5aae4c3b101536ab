/**
 * Evaluates a parsed formula on dual numbers, giving f(x) and f′(x) in one pass.
 *
 * @packageDocumentation
 */
import { add, constant, divide, multiply, power, subtract, type Dual } from './dual.js';
import { CONSTANTS, FUNCTIONS } from './functions.js';
import type { FormulaNode } from './parse.js';

const BINARY = { '+': add, '-': subtract, '*': multiply, '/': divide, '^': power } as const;

/**
 * Turns a tree into a function of a dual number, walking the tree once here
 * rather than at every point.
 *
 * @param node - A tree from {@link parseFormula}.
 */
export function compileFormula(node: FormulaNode): (x: Dual) => Dual {
  switch (node.kind) {
    case 'number': {
      const value = constant(node.value);
      return () => value;
    }
    case 'x':
      return (x) => x;
    case 'constant': {
      const value = CONSTANTS.get(node.name) as Dual;
      return () => value;
    }
    case 'negate': {
      const operand = compileFormula(node.operand);
      return (x) => {
        const a = operand(x);
        return { v: -a.v, d: -a.d };
      };
    }
    case 'binary': {
      const left = compileFormula(node.left);
      const right = compileFormula(node.right);
      const op = BINARY[node.op];
      return (x) => op(left(x), right(x));
    }
    case 'call': {
      const fn = FUNCTIONS.get(node.name);
      if (!fn) throw new Error(`unknown function ${node.name}`);
      const args = node.args.map(compileFormula);
      return (x) => fn.apply(args.map((arg) => arg(x)));
    }
  }
}
