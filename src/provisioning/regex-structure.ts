/** A character of a regular expression's structure: a group's opening or closing, or an alternation. */
export type StructureChar = '(' | ')' | '|';

/**
 * Walks a regular expression's source and calls `visit` with each `(`, `)` and `|` that is structure
 * (not escaped, not inside a character class), in order. Stops and answers true as soon as `visit`
 * answers true; false when the walk ends.
 */
export function scanStructure(source: string, visit: (ch: StructureChar, index: number) => boolean | void): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
    } else if ((ch === '(' || ch === ')' || ch === '|') && visit(ch, i) === true) {
      return true;
    }
  }
  return false;
}
