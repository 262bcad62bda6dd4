import type { JsonObject } from './compact.js';
import { JwtError, claimError } from './errors.js';

export interface ClaimRules {
  /** Expected `iss`, compared exactly. */
  readonly issuer: string;
  /** `aud` must contain it. With `audienceKind` `client` (the default) `azp` must equal it when present, and is required with several audiences. */
  readonly audience: string;
  /** `client` (ID and logout tokens: `audience` is the client id) or `resource` (access tokens: `azp` not compared). */
  readonly audienceKind?: 'client' | 'resource';
  /**
   * With `audienceKind` `client`: audiences besides the client that `aud` may also list (OIDC Core 3.1.3.7
   * step 3: a token with any other, untrusted audience is refused). Empty or absent: only the client.
   */
  readonly trustedAudiences?: readonly string[];
  /** Seconds of clock skew tolerated on `exp`, `nbf`, `iat` and `auth_time`. */
  readonly clockToleranceSec: number;
  /** Oldest accepted `iat`, seconds; undefined = not bounded. When set, `iat` is required. */
  readonly maxTokenAgeSec: number | undefined;
  /** Claims that must be present. */
  readonly requiredClaims: readonly string[];
}

/** Per-call checks the caller adds (the nonce hook and `max_age`). */
export interface CallChecks {
  /** A string: `nonce` must equal it. `null`: `nonce` must be absent (logout tokens). Undefined: not checked. */
  readonly nonce?: string | null;
  /** When `max_age` was requested: `auth_time` is required and must be at most this many seconds old. */
  readonly maxAuthAgeSec?: number;
}

function numericDate(payload: JsonObject, claim: string): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw claimError(claim, 'type', 'must be a number of seconds');
  return value;
}

function audienceList(aud: unknown, audience: string): readonly string[] {
  if (typeof aud === 'string') {
    if (aud !== audience) throw claimError('aud', 'mismatch', 'this client is not an audience');
    return [aud];
  }
  if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')) {
    if (!aud.includes(audience)) throw claimError('aud', 'mismatch', 'this client is not an audience');
    return aud as string[];
  }
  throw claimError('aud', 'type', 'must be a string or a non-empty array of strings');
}

function checkAudience(payload: JsonObject, rules: ClaimRules): void {
  const aud = payload['aud'];
  if (aud === undefined) return;
  const { audience } = rules;
  const audiences = audienceList(aud, audience);
  const azp = payload['azp'];
  if ((rules.audienceKind ?? 'client') === 'resource') {
    // RFC 9068: the audience is the resource (the API); azp/client_id name the client that asked for the
    // token, which is the caller's business (oidcApiAllowedClients), not this audience's.
    if (azp !== undefined && typeof azp !== 'string') throw claimError('azp', 'type', 'must be a string');
    return;
  }
  // OIDC Core 3.1.3.7 step 3: refuse "additional audiences not trusted by the Client" (before the azp rules).
  const trusted = rules.trustedAudiences ?? [];
  if (audiences.some((a) => a !== audience && !trusted.includes(a))) {
    throw claimError('aud', 'untrusted', 'lists an audience that is neither this client nor a trusted audience');
  }
  if (azp === undefined) {
    if (audiences.length > 1) throw claimError('azp', 'missing', 'required when there are several audiences');
  } else if (azp !== audience) {
    throw claimError('azp', 'mismatch', 'must be this client');
  }
}

/** Checks the registered claims of a verified payload at `nowSec`. */
export function checkClaims(
  payload: JsonObject,
  rules: ClaimRules,
  nowSec: number,
  call: CallChecks | undefined,
): void {
  for (const claim of rules.requiredClaims) {
    if (payload[claim] === undefined || payload[claim] === null) throw claimError(claim, 'missing', 'missing');
  }
  const iss = payload['iss'];
  if (iss === undefined) throw claimError('iss', 'missing', 'missing');
  if (iss !== rules.issuer)
    throw claimError('iss', 'mismatch', typeof iss === 'string' ? 'not the configured issuer' : 'must be a string');
  const sub = payload['sub'];
  if (sub !== undefined && (typeof sub !== 'string' || sub === ''))
    throw claimError('sub', 'type', 'must be a non-empty string');
  checkAudience(payload, rules);
  const tolerance = rules.clockToleranceSec;
  const exp = numericDate(payload, 'exp');
  if (exp !== undefined && exp <= nowSec - tolerance)
    throw new JwtError('ERR_JWT_EXPIRED', undefined, { claim: 'exp', reason: 'expired' });
  const nbf = numericDate(payload, 'nbf');
  if (nbf !== undefined && nbf > nowSec + tolerance) throw claimError('nbf', 'future', 'the token is not valid yet');
  const iat = numericDate(payload, 'iat');
  if (iat !== undefined && iat > nowSec + tolerance) throw claimError('iat', 'future', 'issued in the future');
  if (rules.maxTokenAgeSec !== undefined) {
    if (iat === undefined) throw claimError('iat', 'missing', 'missing');
    if (nowSec - iat > rules.maxTokenAgeSec + tolerance)
      throw claimError('iat', 'too_old', 'the token is older than allowed');
  }
  const authTime = numericDate(payload, 'auth_time');
  if (call?.maxAuthAgeSec !== undefined) {
    if (authTime === undefined) throw claimError('auth_time', 'missing', 'required because max_age was requested');
    if (nowSec - authTime > call.maxAuthAgeSec + tolerance)
      throw claimError('auth_time', 'too_old', 'the authentication is older than max_age');
  }
  const nonce = payload['nonce'];
  if (nonce !== undefined && typeof nonce !== 'string') throw claimError('nonce', 'type', 'must be a string');
  if (call?.nonce === null && nonce !== undefined) throw claimError('nonce', 'forbidden', 'must not be present');
  if (typeof call?.nonce === 'string' && nonce !== call.nonce) {
    throw claimError(
      'nonce',
      nonce === undefined ? 'missing' : 'mismatch',
      nonce === undefined ? 'missing' : 'does not match this login',
    );
  }
  const jti = payload['jti'];
  if (jti !== undefined && typeof jti !== 'string') throw claimError('jti', 'type', 'must be a string');
}
