import fc from 'fast-check';

/**
 * JSON *text* generators (not values): the verifier parses bytes, so the fuzzer must be able to write
 * what `JSON.stringify` never would: duplicate member names, numbers beyond double range, deep nesting,
 * lone surrogate escapes, a BOM, trailing garbage.
 */

/** Number literals that stress numeric-date handling. */
export const numberLiteral: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-0',
    '-1',
    '1e400', // Infinity after JSON.parse
    '-1e400',
    '1e-400',
    '123456789012345678901234567890',
    '9007199254740993',
    '1.7976931348623157e308',
    '4294967296',
    '1E+2',
    '0.5',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.integer().map(String),
);

/** Any JSON value as text, up to a small depth (fast-check's own generator). */
const plainValue: fc.Arbitrary<string> = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null');

/** Strings as JSON text: long, unicode, lone surrogates, control characters. */
export const stringLiteral: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => JSON.stringify(s)),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"a\\u202eb"', '"\u{1F600}"', '""'),
  fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 12_000 })).map((n) => `"${'x'.repeat(n)}"`),
);

/** `[[[...]]]` or `{"a":{"a":...}}` nested `depth` times. */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 6_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  );

export const valueText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: plainValue },
  { weight: 6, arbitrary: numberLiteral },
  { weight: 6, arbitrary: stringLiteral },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null', '[]', '{}', '[null]', '["a",1]') },
);

/** One object member as text. */
export type Member = readonly [name: string, value: string];

/** Joins members into an object text; names may repeat (the last one wins in `JSON.parse`). */
export function objectText(members: readonly Member[]): string {
  return `{${members.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`;
}

/** Structural damage to an otherwise fine JSON text. */
export const textDamage: fc.Arbitrary<(text: string) => string> = fc.oneof(
  { weight: 20, arbitrary: fc.constant((t: string) => t) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      (t: string) => '\ufeff' + t, // BOM
      (t: string) => t.slice(0, Math.max(0, t.length - 1)), // truncated
      (t: string) => `${t}x`, // trailing garbage
      (t: string) => ` \n${t}\t `, // whitespace around (valid JSON)
      (t: string) => `[${t}]`, // an array, not an object
      (t: string) => t.replace(/"/g, "'"), // single quotes
      (t: string) => t.replace(/:/, ':,'),
    ),
  },
);
