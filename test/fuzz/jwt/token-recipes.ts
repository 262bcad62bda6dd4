import fc from 'fast-check';
import { CLIENT_ID, ISSUER } from '../../unit/jwt/support/tokens.js';
import { numberLiteral, objectText, stringLiteral, textDamage, valueText, type Member } from './json-text.js';

/**
 * Recipes for malformed (and occasionally valid) compact JWS tokens. A recipe is plain data, so
 * fast-check prints a readable counterexample; {@link buildToken} turns it into text, signing the
 * segments with the verifier's real key when the recipe asks for a valid signature (so the input gets
 * past the signature check and reaches claim validation).
 */
export type SegmentRecipe =
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: readonly number[] }
  | { readonly kind: 'text'; readonly text: string };

export type SignatureRecipe = 'valid' | 'random' | 'empty' | 'std-base64' | 'padded' | 'non-canonical' | 'truncated';
export type ShapeRecipe = 'ok' | 'extra-segment' | 'two-segments' | 'leading-space' | 'inner-newline' | 'trailing-dot';

export type TokenRecipe =
  | { readonly kind: 'raw'; readonly text: string }
  | {
      readonly kind: 'jws';
      readonly header: SegmentRecipe;
      readonly payload: SegmentRecipe;
      readonly signature: SignatureRecipe;
      readonly shape: ShapeRecipe;
    };

const member = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<Member> =>
  value.map((v) => [name, v] as const);

/** Some of the members (each present with probability `presence`), in their order or reversed. */
function someOf(members: readonly fc.Arbitrary<Member>[], presence: number): fc.Arbitrary<Member[]> {
  const present = Math.round(presence * 20);
  const maybe = (m: fc.Arbitrary<Member>): fc.Arbitrary<Member | undefined> =>
    fc.oneof({ weight: present, arbitrary: m }, { weight: 20 - present, arbitrary: fc.constant(undefined) });
  return fc.tuple(fc.tuple(...members.map(maybe)), fc.boolean()).map(([picked, reversed]) => {
    const present = picked.filter((m): m is Member => m !== undefined);
    return reversed ? present.reverse() : present;
  });
}

/** Header members: alg of every type, kid/typ/crit/b64 variants, keys the verifier must never read. */
function headerMembers(alg: string): fc.Arbitrary<Member[]> {
  const algValue = fc.oneof(
    { weight: 12, arbitrary: fc.constant(JSON.stringify(alg)) },
    { weight: 1, arbitrary: fc.constantFrom('"none"', '"None"', '"HS256"', '"RS256"', '"ES256"', '"EdDSA"', '""') },
    { weight: 1, arbitrary: valueText },
  );
  const optional = someOf(
    [
      member('kid', fc.oneof(stringLiteral, valueText, fc.constant('"k1"'))),
      member('typ', fc.oneof(fc.constantFrom('"JWT"', '"at+jwt"', '"logout+jwt"', '"application/jwt"'), valueText)),
      member('crit', fc.oneof(fc.constantFrom('["exp"]', '[]', '"b64"'), valueText)),
      member('b64', fc.oneof(fc.constantFrom('true', 'false', '"false"', '0'), valueText)),
      member('jku', fc.constant('"http://127.0.0.1:1/jwks"')),
      member('jwk', fc.constant('{"kty":"oct","k":"AAAA"}')),
      member('x5c', fc.constant('["AAAA"]')),
      member('__proto__', fc.constant('{"alg":"none"}')),
      member('alg', algValue), // a duplicate alg: the last one wins
    ],
    0.1,
  );
  return fc
    .tuple(member('alg', algValue), optional, fc.boolean())
    .map(([a, rest, algLast]) => (algLast ? [...rest, a] : [a, ...rest]));
}

/** Payload members: the registered claims with right, wrong, huge and missing values. */
function payloadMembers(nowSec: number): fc.Arbitrary<Member[]> {
  const time = (offset: number): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(String(nowSec + offset)) },
      { weight: 1, arbitrary: fc.integer({ min: -400, max: 400 }).map((d) => String(nowSec + offset + d)) },
      { weight: 1, arbitrary: numberLiteral },
      { weight: 1, arbitrary: valueText },
    );
  const pick = (good: string, wrong: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    fc.oneof({ weight: 4, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: wrong });
  const claims = someOf(
    [
      member('iss', pick(JSON.stringify(ISSUER), fc.oneof(fc.constant(`"${ISSUER}/"`), valueText))),
      member('sub', pick('"alice"', fc.oneof(stringLiteral, valueText))),
      member(
        'aud',
        pick(
          JSON.stringify(CLIENT_ID),
          fc.oneof(fc.constant(`["${CLIENT_ID}","other"]`), fc.constant('[]'), valueText),
        ),
      ),
      member('exp', time(300)),
      member('iat', time(-5)),
      member('nbf', time(-5)),
      member('azp', pick(JSON.stringify(CLIENT_ID), valueText)),
      member('nonce', fc.oneof(stringLiteral, valueText)),
      member('auth_time', time(-60)),
      member('sub', fc.constant('"attacker"')), // duplicate member name
      member('x', valueText),
    ],
    0.8,
  );
  return claims;
}

const bytes = fc.uint8Array({ maxLength: 200 }).map((b) => [...b]);
const b64urlChars = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
  maxLength: 400,
});
const junkChars = fc.string({ unit: fc.constantFrom(...'Aa0-_+/=. \n%\u00e9\u{1F600}\u0000'), maxLength: 80 });

function segment(members: fc.Arbitrary<Member[]>): fc.Arbitrary<SegmentRecipe> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(members, textDamage)
        .map(([m, damage]) => ({ kind: 'json' as const, text: damage(objectText(m)) })),
    },
    { weight: 1, arbitrary: valueText.map((text) => ({ kind: 'json' as const, text })) },
    { weight: 1, arbitrary: bytes.map((b) => ({ kind: 'bytes' as const, bytes: b })) },
    { weight: 1, arbitrary: fc.oneof(b64urlChars, junkChars).map((text) => ({ kind: 'text' as const, text })) },
  );
}

/** Every kind of token input for a verifier pinned to `alg`, at `nowSec`. */
export function tokenRecipe(alg: string, nowSec: number): fc.Arbitrary<TokenRecipe> {
  const jws = fc.record({
    kind: fc.constant('jws' as const),
    header: segment(headerMembers(alg)),
    payload: segment(payloadMembers(nowSec)),
    signature: fc.oneof(
      { weight: 6, arbitrary: fc.constant<SignatureRecipe>('valid') },
      {
        weight: 1,
        arbitrary: fc.constantFrom<SignatureRecipe>(
          'random',
          'empty',
          'std-base64',
          'padded',
          'non-canonical',
          'truncated',
        ),
      },
    ),
    shape: fc.oneof(
      { weight: 8, arbitrary: fc.constant<ShapeRecipe>('ok') },
      {
        weight: 1,
        arbitrary: fc.constantFrom<ShapeRecipe>(
          'extra-segment',
          'two-segments',
          'leading-space',
          'inner-newline',
          'trailing-dot',
        ),
      },
    ),
  });
  const raw = fc
    .oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.array(b64urlChars, { maxLength: 6 }).map((parts) => parts.join('.')),
      fc.integer({ min: 16_000, max: 40_000 }).map((n) => `${'a'.repeat(n)}.b.c`),
    )
    .map((text) => ({ kind: 'raw' as const, text }));
  return fc.oneof({ weight: 9, arbitrary: jws }, { weight: 1, arbitrary: raw });
}
