/**
 * A whitelist parser for formulas in x: numbers, `x`, `pi`, `e`, the
 * operators `+ - * / ^` (also `**`), parentheses and the functions of
 * {@link FUNCTIONS}. It builds a tree of plain data; nothing is evaluated
 * as code, and any other name, character or construct is refused with its
 * position.
 *
 * @packageDocumentation
 */
import { CONSTANTS, FUNCTIONS } from './functions.js';
import { FormulaError, tokenize, type Token } from './tokens.js';

/** A parsed formula. */
export type FormulaNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'x' }
  | { readonly kind: 'constant'; readonly name: string }
  | { readonly kind: 'negate'; readonly operand: FormulaNode }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/' | '^'; readonly left: FormulaNode; readonly right: FormulaNode }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly FormulaNode[] };

/** The outcome of parsing: the tree, or a message naming the problem. */
export type ParseResult = { readonly ok: true; readonly tree: FormulaNode } | { readonly ok: false; readonly error: string; readonly at: number };

/** The longest formula read, in characters. */
export const MAX_FORMULA_LENGTH = 200;
/** The deepest nesting of parentheses, calls and operators. */
const MAX_DEPTH = 40;

class Parser {
  private next = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly length: number,
  ) {}

  parse(): FormulaNode {
    if (this.tokens.length === 0) throw new FormulaError('the formula is empty', 0);
    const tree = this.sum(0);
    const extra = this.tokens[this.next];
    if (extra) throw new FormulaError(`unexpected ${this.describe(extra)} at position ${extra.at + 1}`, extra.at);
    return tree;
  }

  private describe(token: Token): string {
    if (token.kind === 'number') return `number ${token.value}`;
    if (token.kind === 'name') return `name "${token.name}"`;
    return `"${token.op}"`;
  }

  private peekOp(...ops: string[]): string | undefined {
    const token = this.tokens[this.next];
    return token?.kind === 'op' && ops.includes(token.op) ? token.op : undefined;
  }

  private expect(op: ')' | '('): void {
    const token = this.tokens[this.next];
    if (token?.kind === 'op' && token.op === op) {
      this.next += 1;
      return;
    }
    const at = token?.at ?? this.length;
    throw new FormulaError(`expected "${op}" at position ${at + 1}${token ? `, found ${this.describe(token)}` : ''}`, at);
  }

  private guard(depth: number): void {
    if (depth > MAX_DEPTH) throw new FormulaError(`the formula nests deeper than ${MAX_DEPTH} levels`, this.tokens[this.next]?.at ?? this.length);
  }

  private sum(depth: number): FormulaNode {
    this.guard(depth);
    let left = this.product(depth + 1);
    for (let op = this.peekOp('+', '-'); op; op = this.peekOp('+', '-')) {
      this.next += 1;
      left = { kind: 'binary', op: op as '+', left, right: this.product(depth + 1) };
    }
    return left;
  }

  private product(depth: number): FormulaNode {
    this.guard(depth);
    let left = this.unary(depth + 1);
    for (let op = this.peekOp('*', '/'); op; op = this.peekOp('*', '/')) {
      this.next += 1;
      left = { kind: 'binary', op: op as '*', left, right: this.unary(depth + 1) };
    }
    return left;
  }

  private unary(depth: number): FormulaNode {
    this.guard(depth);
    const sign = this.peekOp('+', '-');
    if (sign) {
      this.next += 1;
      const operand = this.unary(depth + 1);
      return sign === '-' ? { kind: 'negate', operand } : operand;
    }
    const base = this.primary(depth + 1);
    if (this.peekOp('^')) {
      this.next += 1;
      return { kind: 'binary', op: '^', left: base, right: this.unary(depth + 1) };
    }
    return base;
  }

  private primary(depth: number): FormulaNode {
    this.guard(depth);
    const token = this.tokens[this.next];
    if (!token) throw new FormulaError('the formula ends too early', this.length);
    this.next += 1;
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'op') {
      if (token.op !== '(') throw new FormulaError(`unexpected ${this.describe(token)} at position ${token.at + 1}`, token.at);
      const inner = this.sum(depth + 1);
      this.expect(')');
      return inner;
    }
    if (token.name === 'x') return { kind: 'x' };
    if (CONSTANTS.has(token.name)) return { kind: 'constant', name: token.name };
    const fn = FUNCTIONS.get(token.name);
    if (!fn) throw new FormulaError(`unknown name "${token.name}" at position ${token.at + 1}: use x, pi, e or ${[...FUNCTIONS.keys()].join(', ')}`, token.at);
    this.expect('(');
    const args: FormulaNode[] = [this.sum(depth + 1)];
    while (this.peekOp(',')) {
      this.next += 1;
      args.push(this.sum(depth + 1));
    }
    this.expect(')');
    if (args.length !== fn.arity) throw new FormulaError(`${token.name} takes ${fn.arity} argument${fn.arity === 1 ? '' : 's'}, got ${args.length}`, token.at);
    return { kind: 'call', name: token.name, args };
  }
}

/**
 * Parses a formula in x.
 *
 * @param source - The formula, such as `x * sigmoid(x)`.
 * @returns The tree, or the first problem with its position.
 */
export function parseFormula(source: string): ParseResult {
  if (typeof source !== 'string') return { ok: false, error: 'the formula must be text', at: 0 };
  if (source.length > MAX_FORMULA_LENGTH) return { ok: false, error: `the formula is longer than ${MAX_FORMULA_LENGTH} characters`, at: MAX_FORMULA_LENGTH };
  try {
    return { ok: true, tree: new Parser(tokenize(source), source.length).parse() };
  } catch (error) {
    if (error instanceof FormulaError) return { ok: false, error: error.message, at: error.at };
    throw error;
  }
}
