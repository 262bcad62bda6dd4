import type { JwsAlgorithm } from './algorithm.js';
import { isNoneAlg } from './algorithm-contract.js';
import type { JsonObject } from './compact.js';
import { JwtError } from './errors.js';
import { MAX_KID_LENGTH } from './keys/verification-key.js';

/** What the verifier uses from a header. `jku`, `x5u`, `jwk`, `x5c` are never read. */
export interface CheckedHeader {
  readonly header: JsonObject;
  readonly algorithm: JwsAlgorithm;
  readonly kid: string | undefined;
}

export interface HeaderRules {
  /** alg -> algorithm, only for the allowed algorithms. */
  readonly allowed: ReadonlyMap<string, JwsAlgorithm>;
  /** Accepted `typ` values, lower case without `application/`; undefined = not checked. */
  readonly typ?: readonly string[];
  /** Whether `typ` must be present. */
  readonly typRequired?: boolean;
}

/** `typ` compared case-insensitively, with an optional `application/` prefix (RFC 7515 4.1.9). */
export function normaliseTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/** Checks a decoded header: alg pinned, crit and b64 refused, kid opaque and capped, typ where defined. */
export function checkHeader(header: JsonObject, rules: HeaderRules): CheckedHeader {
  const alg = header['alg'];
  if (typeof alg !== 'string' || alg === '') throw new JwtError('ERR_JWT_MALFORMED', 'The token header has no alg.');
  const algorithm = rules.allowed.get(alg);
  if (algorithm === undefined || isNoneAlg(alg)) {
    throw new JwtError(
      'ERR_JWT_ALG_NOT_ALLOWED',
      'The token is signed with an algorithm that is not allowed for this client.',
    );
  }
  if (header['crit'] !== undefined) {
    // No JWS extension is supported, so any critical one is refused (RFC 7515 4.1.11).
    throw new JwtError('ERR_JWT_CRIT_UNSUPPORTED');
  }
  const b64 = header['b64'];
  if (b64 !== undefined) {
    if (b64 === false) throw new JwtError('ERR_JWT_B64_UNSUPPORTED');
    if (b64 !== true) throw new JwtError('ERR_JWT_MALFORMED', 'The token header b64 is not a boolean.');
  }
  const kid = header['kid'];
  if (kid !== undefined && typeof kid !== 'string')
    throw new JwtError('ERR_JWT_MALFORMED', 'The token header kid is not a string.');
  if (kid !== undefined && kid.length > MAX_KID_LENGTH) {
    throw new JwtError('ERR_JWKS_NO_MATCHING_KEY', 'No key matches the token: its kid is longer than allowed.');
  }
  checkTyp(header['typ'], rules);
  return { header, algorithm, kid };
}

function checkTyp(typ: unknown, rules: HeaderRules): void {
  if (rules.typ === undefined) {
    if (typ !== undefined && typeof typ !== 'string')
      throw new JwtError('ERR_JWT_MALFORMED', 'The token header typ is not a string.');
    return;
  }
  if (typ === undefined) {
    if (rules.typRequired === true)
      throw new JwtError('ERR_JWT_TYP_INVALID', 'The token has no typ header, but one is required.');
    return;
  }
  if (typeof typ !== 'string' || !rules.typ.includes(normaliseTyp(typ))) {
    throw new JwtError('ERR_JWT_TYP_INVALID', `The token type is not one of: ${rules.typ.join(', ')}.`);
  }
}
