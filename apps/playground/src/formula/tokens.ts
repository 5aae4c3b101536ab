/**
 * Splits a formula into tokens. Only numbers, names, the operators
 * `+ - * / ^ **`, parentheses and commas exist; any other character is
 * refused with its position.
 *
 * @packageDocumentation
 */

/** One token of a formula. */
export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'name'; readonly name: string; readonly at: number }
  | { readonly kind: 'op'; readonly op: '+' | '-' | '*' | '/' | '^' | '(' | ')' | ','; readonly at: number };

/** A formula that cannot be read, with the position (0-based) of the problem. */
export class FormulaError extends Error {
  /**
   * @param message - What is wrong.
   * @param at - Where in the formula, 0-based.
   */
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z][A-Za-z0-9]*/;
const SINGLE = new Set(['+', '-', '*', '/', '^', '(', ')', ',']);

/**
 * Reads the tokens of a formula.
 *
 * @param source - The formula.
 * @throws {@link FormulaError} at the first character that starts no token.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const char = rest[0] as string;
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at });
      at += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', name: name[0], at });
      at += name[0].length;
      continue;
    }
    if (rest.startsWith('**')) {
      tokens.push({ kind: 'op', op: '^', at });
      at += 2;
      continue;
    }
    if (SINGLE.has(char)) {
      tokens.push({ kind: 'op', op: char as '+', at });
      at += 1;
      continue;
    }
    throw new FormulaError(`unexpected ${JSON.stringify(char)} at position ${at + 1}`, at);
  }
  return tokens;
}
