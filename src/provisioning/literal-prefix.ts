const SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
const QUANTIFIERS = new Set(['?', '*', '{']);

/**
 * The literal text every match of `source` must start with, when `source` is anchored with `^` and
 * has no top-level alternation; otherwise null. Used to index pattern rules so that a group value is
 * only tested against the patterns that can match it. Conservative: stops at the first construct it
 * does not understand, so the prefix it returns is always a real prefix of every match.
 */
export function literalPrefix(source: string): string | null {
  if (!source.startsWith('^') || hasTopLevelAlternation(source)) return null;
  let prefix = '';
  let i = 1;
  while (i < source.length) {
    const ch = source[i] as string;
    let literal: string;
    let width: number;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break; // \d, \w, \b, \1, \u...: not a literal
      literal = next;
      width = 2;
    } else if (SPECIAL.has(ch)) {
      break;
    } else {
      literal = ch;
      width = 1;
    }
    const after = source[i + width];
    if (after !== undefined && QUANTIFIERS.has(after)) break; // optional or counted: not certain
    prefix += literal;
    if (after === '+') break; // at least once: this character is certain, the rest is not
    i += width;
  }
  return prefix === '' ? null : prefix;
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch === '|' && depth === 0) {
      return true;
    }
  }
  return false;
}
