import { scanStructure } from './regex-structure.js';

const SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
const QUANTIFIERS = new Set(['?', '*', '{']);
const BACKWARD_STOP = new Set([...SPECIAL, '}']);

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

/**
 * The literal text every match of `source` must end with, when `source` ends with an unescaped `$`
 * and has no top-level alternation; otherwise null. Read backwards, so escapes that span several
 * characters (`\x41`, `\u0041`, `\cJ`, back references) make it give up.
 */
export function literalSuffix(source: string): string | null {
  if (!source.endsWith('$') || isEscaped(source, source.length - 1) || hasTopLevelAlternation(source)) return null;
  if (/\\[xuckpP0-9]/.test(source)) return null;
  let suffix = '';
  let i = source.length - 2;
  while (i >= 0) {
    const ch = source[i] as string;
    if (isEscaped(source, i)) {
      if (/[A-Za-z0-9]/.test(ch)) break;
      suffix = ch + suffix;
      i -= 2;
      continue;
    }
    if (BACKWARD_STOP.has(ch)) break; // includes quantifiers (`*`, `+`, `?`, `}`) applying to what precedes
    suffix = ch + suffix;
    i -= 1;
  }
  return suffix === '' ? null : suffix;
}

function isEscaped(source: string, index: number): boolean {
  let slashes = 0;
  for (let j = index - 1; j >= 0 && source[j] === '\\'; j--) slashes++;
  return slashes % 2 === 1;
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  return scanStructure(source, (ch) => {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else return depth === 0;
  });
}
