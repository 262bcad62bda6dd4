import { randomUUID } from 'node:crypto';
import type { JwsPlan } from './jws.js';
import { resign, type DefectContext, type JwtDefect, type JwtDefectName } from './jwt-defects.js';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** "Wrong alg" for a logout token: another family than the registered alg (data). */
export const WRONG_FAMILY: Record<string, string> = {
  RS256: 'ES256',
  PS256: 'ES256',
  ES256: 'RS256',
  EdDSA: 'RS256',
  Ed25519: 'RS256',
  HS256: 'RS256',
};

/** Logout-token defects (security matrix 1.9 and 2.1); any JWT defect applies too. */
export const LOGOUT_TOKEN_DEFECTS = {
  'wrong-alg': { token: (p, c) => resign(p, c, WRONG_FAMILY[c.alg] ?? 'RS256') },
  'no-event': { token: (p) => void delete p.payload.events },
  'wrong-event': { token: (p) => void (p.payload.events = { 'http://schemas.openid.net/event/foobar': {} }) },
  'event-not-object': { token: (p) => void (p.payload.events = { [BACKCHANNEL_LOGOUT_EVENT]: true }) },
  'with-nonce': { token: (p) => void (p.payload.nonce = 'n-0S6_WzA2Mj') },
  'wrong-aud': { token: (p, c) => void (p.payload.aud = `${c.clientId}INVALID`) },
  'wrong-iss': { token: (p, c) => void (p.payload.iss = `${c.issuer}INVALID`) },
  'no-sub-no-sid': {
    token: (p) => {
      delete p.payload.sub;
      delete p.payload.sid;
    },
  },
  'sub-only': { token: (p) => void delete p.payload.sid },
  'sid-only': { token: (p) => void delete p.payload.sub },
  'typ-foreign': { token: (p) => void (p.header.typ = 'at+jwt') },
  'typ-jwt': { token: (p) => void (p.header.typ = 'JWT') },
  'typ-application': { token: (p) => void (p.header.typ = 'application/logout+jwt') },
  'no-typ': { token: (p) => void delete p.header.typ },
  'missing-jti': { token: (p) => void delete p.payload.jti },
  'extra-claim': { token: (p) => void (p.payload.ignored_claim = 'ignore me') },
} satisfies Record<string, JwtDefect>;

export type LogoutTokenDefectName = keyof typeof LOGOUT_TOKEN_DEFECTS;

export interface LogoutTokenOptions {
  sub?: string;
  sid?: string;
  jti?: string;
  /** Logout defects and/or generic JWT defects ('alg-none', 'iat-hour-old', 'missing-exp', 'bad-signature'...). */
  defects?: (LogoutTokenDefectName | JwtDefectName)[];
  /** Extra/overriding claims (undefined deletes). */
  claims?: Record<string, unknown>;
}

/** The plan of a valid logout token (oidc-provider's shape: typ logout+jwt, exp = iat + 120). */
export function logoutTokenPlan(
  ctx: DefectContext,
  options: LogoutTokenOptions,
  base: Pick<JwsPlan, 'header' | 'signAlg' | 'key'>,
): JwsPlan {
  const payload: Record<string, unknown> = {
    iss: ctx.issuer,
    aud: ctx.clientId,
    iat: ctx.now,
    exp: ctx.now + 120,
    jti: options.jti ?? randomUUID(),
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    sub: options.sub ?? 'alice',
    sid: options.sid ?? 'sid-1',
  };
  for (const [k, v] of Object.entries(options.claims ?? {})) {
    if (v === undefined) delete payload[k];
    else payload[k] = v;
  }
  return { ...base, header: { ...base.header, typ: 'logout+jwt' }, payload };
}

export interface BackchannelSendOptions {
  /** Default POST. */
  method?: 'POST' | 'GET' | 'PUT';
  /** How logout_token travels: form body (default), JSON body, or query string. */
  encoding?: 'form' | 'json' | 'query';
  /** Send logout_token twice. */
  duplicate?: boolean;
  /** Extra parameters (ignored_parameter...). */
  extraParams?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface BackchannelResult {
  status: number;
  headers: Headers;
  body: string;
}

/** Delivers a logout token the way an OP does (or deliberately wrongly, for B-07). Never follows redirects. */
export async function sendLogoutToken(
  uri: string,
  token: string,
  options: BackchannelSendOptions = {},
): Promise<BackchannelResult> {
  const params = new URLSearchParams({ logout_token: token, ...options.extraParams });
  if (options.duplicate) params.append('logout_token', token);
  const encoding = options.encoding ?? 'form';
  const method = options.method ?? 'POST';
  const url = new URL(uri);
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (encoding === 'query') params.forEach((v, k) => url.searchParams.append(k, v));
  else if (encoding === 'json') {
    body = JSON.stringify(Object.fromEntries(params));
    headers['content-type'] = 'application/json';
  } else {
    body = params.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const response = await fetch(url, {
    method,
    headers,
    body: method === 'GET' ? undefined : body,
    redirect: 'manual',
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}
