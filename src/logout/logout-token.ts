import type { JsonObject } from '../jwt/compact.js';
import { LogoutError } from './errors.js';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * `typ` values a logout token may declare (compared without `application/`, case-insensitively); absent is
 * accepted too. Back-Channel Logout 1.0 §2.4 only RECOMMENDS `logout+jwt`: certified IdPs (and
 * Keycloak-compatible libraries) send `JWT`. What keeps an ID token out is not its `typ` but the `events`
 * claim it lacks and the `nonce` a logout token must not carry (see {@link logoutRequestOf}).
 */
export const LOGOUT_TOKEN_TYP: readonly string[] = ['logout+jwt', 'jwt'];

/** What a valid logout token asks for. */
export interface LogoutRequest {
  readonly issuer: string;
  readonly sub: string | null;
  readonly sid: string | null;
  readonly jti: string;
  /** Seconds since the epoch. */
  readonly iat: number;
  readonly exp: number | null;
}

function optionalText(payload: JsonObject, claim: 'sub' | 'sid'): string | null {
  const value = payload[claim];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The rules of OpenID Back-Channel Logout 2.6 steps 5-7 and 9 that follow the JWT verification (signature,
 * `iss`, `aud`/`azp`, `iat`, `exp`, `typ` were checked by the verifier): the `events` member, `sub` or
 * `sid`, no `nonce`, a `jti`.
 */
export function logoutRequestOf(payload: JsonObject): LogoutRequest {
  const events = payload['events'];
  if (typeof events !== 'object' || events === null || Array.isArray(events) || !(BACKCHANNEL_LOGOUT_EVENT in events))
    throw new LogoutError('ERR_LOGOUT_EVENT_MISSING');
  const event = (events as JsonObject)[BACKCHANNEL_LOGOUT_EVENT];
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new LogoutError('ERR_LOGOUT_EVENT_INVALID');
  if (payload['sid'] !== undefined && optionalText(payload, 'sid') === null)
    throw new LogoutError('ERR_LOGOUT_SUBJECT_MISSING'); // a sid that is not text must not widen the logout to sub
  const sub = optionalText(payload, 'sub');
  const sid = optionalText(payload, 'sid');
  if (sub === null && sid === null) throw new LogoutError('ERR_LOGOUT_SUBJECT_MISSING');
  if (payload['nonce'] !== undefined) throw new LogoutError('ERR_LOGOUT_NONCE_PRESENT');
  const jti = payload['jti'];
  if (typeof jti !== 'string' || jti === '') throw new LogoutError('ERR_LOGOUT_JTI_MISSING');
  return {
    issuer: payload['iss'] as string,
    sub,
    sid,
    jti,
    iat: payload['iat'] as number,
    exp: typeof payload['exp'] === 'number' ? payload['exp'] : null,
  };
}
