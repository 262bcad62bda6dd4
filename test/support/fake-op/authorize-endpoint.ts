import { randomBytes } from 'node:crypto';
import { AUTHORIZE_BEHAVIOURS } from './authorize-behaviours.js';
import { send, type Exchange } from './exchange.js';
import type { CodeGrant, FakeOpBehaviour, FakeOpOptions } from './fake-op-types.js';
import { defectContext, mintIdToken, type MinterState } from './jwt-minter.js';

export interface AuthorizeDeps {
  state: MinterState;
  options: FakeOpOptions;
  user: Record<string, unknown> & { sub: string };
  behaviour: FakeOpBehaviour;
  codes: Map<string, CodeGrant>;
  idTokenClaimsOf: (claims: Record<string, unknown>) => Record<string, unknown>;
}

const random = (bytes = 24): string => randomBytes(bytes).toString('base64url');

/**
 * /authorize: validates client_id, redirect_uri, response_type, scope and PKCE, then answers 302 straight
 * back to the redirect_uri with code, state and iss (no login page), as edited by the authorize behaviour.
 */
export async function handleAuthorize(ex: Exchange, ctx: AuthorizeDeps): Promise<void> {
  const q = ex.url.searchParams;
  const redirectUri = q.get('redirect_uri') ?? '';
  const redirectOk = ctx.options.redirectUris
    ? ctx.options.redirectUris.includes(redirectUri)
    : /^https?:\/\//.test(redirectUri);
  if (q.get('client_id') !== ctx.state.clientId || !redirectOk) {
    send(ex, 400, 'invalid client_id or redirect_uri', { 'content-type': 'text/plain' });
    return;
  }
  const params = new URLSearchParams();
  const fail = (error: string): void => params.set('error', error);
  if (q.get('response_type') !== 'code') fail('unsupported_response_type');
  else if (!(q.get('scope') ?? '').split(' ').includes('openid')) fail('invalid_scope');
  else if ((ctx.options.requirePkce ?? true) && (!q.get('code_challenge') || q.get('code_challenge_method') !== 'S256'))
    fail('invalid_request');
  else {
    const code = random();
    const now = defectContext(ctx.state).now;
    ctx.codes.set(code, {
      clientId: ctx.state.clientId,
      redirectUri,
      nonce: q.get('nonce') ?? undefined,
      codeChallenge: q.get('code_challenge') ?? undefined,
      codeChallengeMethod: q.get('code_challenge_method') ?? undefined,
      scope: q.get('scope') ?? 'openid',
      sub: ctx.user.sub,
      claims: { ...ctx.user },
      authTime: now,
      sid: random(12),
      used: false,
      accessTokens: [],
    });
    params.set('code', code);
  }
  if (q.has('state')) params.set('state', q.get('state') ?? '');
  if (ctx.options.issParameter ?? true) params.set('iss', ctx.state.issuer);
  if (ctx.behaviour.authorize) {
    const idToken = await mintIdToken(ctx.state, {
      sub: ctx.user.sub,
      nonce: q.get('nonce') ?? undefined,
      userClaims: ctx.idTokenClaimsOf(ctx.user),
    });
    AUTHORIZE_BEHAVIOURS[ctx.behaviour.authorize](params, { issuer: ctx.state.issuer, idToken });
  }
  const target = new URL(redirectUri);
  params.forEach((v, k) => target.searchParams.append(k, v));
  send(ex, 302, '', { location: target.href });
}
