import { createHash, randomBytes } from 'node:crypto';
import { JWT_ERROR_STATUS, JwtError, type JwtVerifier } from '../../../src/jwt/index.js';
import { harness, type Harness } from '../../unit/jwt/support/harness.js';
import { CLIENT_SECRET, secretKeyObject, testKey } from '../../unit/jwt/support/keys.js';
import { CLIENT_ID, ISSUER } from '../../unit/jwt/support/tokens.js';
import type { SegmentRecipe, TokenRecipe } from './token-recipes.js';

/** What one input did: accepted, or rejected with a code. Anything else is a finding (thrown). */
export type Outcome = { readonly accepted: true } | { readonly accepted: false; readonly code: string };

/** One verifier under test, with the function that signs for it. */
export interface JwtTarget {
  readonly alg: string;
  readonly nowSec: number;
  readonly verifier: JwtVerifier;
  sign(signingInput: string): Buffer;
}

/** HS256 (client secret), RS256 and ES256 (static keys), at the harness clock. */
export function jwtTargets(): { targets: JwtTarget[]; dispose(): void } {
  const h: Harness = harness();
  const rsa = testKey('rsa2048');
  const ec = testKey('P-256');
  const make = (
    alg: string,
    verifier: JwtVerifier,
    key: Parameters<NonNullable<ReturnType<Harness['algorithm']>['sign']>>[1],
  ) => ({
    alg,
    nowSec: h.clock.seconds,
    verifier,
    sign: (input: string) => h.algorithm(alg).sign!(Buffer.from(input, 'latin1'), key),
  });
  return {
    targets: [
      make(
        'HS256',
        h.factory.create(h.settings({ algorithms: ['HS256'], clientSecret: CLIENT_SECRET })),
        secretKeyObject(),
      ),
      make(
        'RS256',
        h.factory.create(h.settings({ algorithms: ['RS256'], staticKeys: [rsa.jwk('k1', 'RS256')] })),
        rsa.privateKey,
      ),
      make(
        'ES256',
        h.factory.create(h.settings({ algorithms: ['ES256'], staticKeys: [ec.jwk('k1', 'ES256')] })),
        ec.privateKey,
      ),
    ],
    dispose: () => h.dispose(),
  };
}

function segmentText(recipe: SegmentRecipe): string {
  if (recipe.kind === 'text') return recipe.text;
  const bytes = recipe.kind === 'bytes' ? Buffer.from(recipe.bytes) : Buffer.from(recipe.text, 'utf8');
  return bytes.toString('base64url');
}

/** Turns a recipe into the token text, signing for `target` where the recipe says so. */
export function buildToken(recipe: TokenRecipe, target: JwtTarget): string {
  if (recipe.kind === 'raw') return recipe.text;
  const input = `${segmentText(recipe.header)}.${segmentText(recipe.payload)}`;
  // Signing latin1 bytes mirrors the verifier; inputs with other characters fail before the signature.
  const valid = target.sign(input).toString('base64url');
  const signature = {
    valid,
    random: randomBytes(valid.length).toString('base64url').slice(0, valid.length),
    empty: '',
    'std-base64': Buffer.from(valid, 'base64url').toString('base64'),
    padded: `${valid}==`,
    'non-canonical': valid.length % 4 === 0 ? valid : valid.slice(0, -1) + (valid.endsWith('B') ? 'C' : 'B'),
    truncated: valid.slice(0, valid.length >> 1),
  }[recipe.signature];
  const token = `${input}.${signature}`;
  switch (recipe.shape) {
    case 'extra-segment':
      return `${token}.${valid}`;
    case 'two-segments':
      return input;
    case 'leading-space':
      return ` ${token}`;
    case 'inner-newline':
      return token.replace('.', '.\n');
    case 'trailing-dot':
      return `${token}.`;
    default:
      return token;
  }
}

/** A fuzz finding: the input, the target and what went wrong (the token is hashed, not printed). */
export class FuzzFinding extends Error {}

/**
 * Verifies one token and checks the contract: either a `JwtError` with a registered code whose message
 * does not echo the token, or an acceptance whose payload really passes the rules (an independent check).
 */
export async function verifyOne(target: JwtTarget, token: string): Promise<Outcome> {
  const id = `${target.alg} token sha256:${createHash('sha256').update(token).digest('hex').slice(0, 16)} (${token.length} chars)`;
  let payload: Record<string, unknown>;
  try {
    payload = (await target.verifier.verify(token)).payload;
  } catch (error) {
    if (!JwtError.is(error)) throw new FuzzFinding(`${id}: not a JwtError: ${String(error)}`, { cause: error });
    if (!(error.code in JWT_ERROR_STATUS)) throw new FuzzFinding(`${id}: unregistered code ${error.code}`);
    for (const part of token.split('.')) {
      if (part.length >= 12 && error.message.includes(part))
        throw new FuzzFinding(`${id}: ${error.code} message echoes the token`);
    }
    return { accepted: false, code: error.code };
  }
  const problem = acceptanceProblem(payload, target.nowSec);
  if (problem) throw new FuzzFinding(`${id}: accepted although ${problem}`);
  return { accepted: true };
}

function acceptanceProblem(p: Record<string, unknown>, now: number): string | undefined {
  const aud = p['aud'];
  if (p['iss'] !== ISSUER) return 'iss is wrong';
  if (typeof p['sub'] !== 'string' || p['sub'] === '') return 'sub is not a non-empty string';
  if (!(aud === CLIENT_ID || (Array.isArray(aud) && aud.includes(CLIENT_ID)))) return 'aud lacks the client';
  if (Array.isArray(aud) && aud.length > 1 && p['azp'] !== CLIENT_ID) return 'azp is missing with several audiences';
  if (typeof p['exp'] !== 'number' || !Number.isFinite(p['exp']) || p['exp'] <= now - 30) return 'exp is not valid';
  if (typeof p['iat'] !== 'number' || p['iat'] > now + 30 || p['iat'] < now - 600 - 30) return 'iat is not valid';
  return undefined;
}
