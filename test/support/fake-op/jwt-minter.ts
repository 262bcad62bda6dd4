import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { generateSigningKeys, type SigningKeySet } from '../idp/signing-keys.js';
import { signPlan, type JwsPlan } from './jws.js';
import {
  applyTokenDefects,
  signingKeyFor,
  type DefectContext,
  type JwtDefect,
  type JwtDefectName,
} from './jwt-defects.js';
import { LOGOUT_TOKEN_DEFECTS, logoutTokenPlan, type LogoutTokenOptions } from './logout-tokens.js';

let attacker: Promise<SigningKeySet> | undefined;
/** Keys nobody trusts, generated once per process. */
export function attackerKeys(): Promise<SigningKeySet> {
  attacker ??= generateSigningKeys(['RSA', 'EC', 'OKP'], 'attacker-');
  return attacker;
}

let weak: DefectContext['weakRsa'] | undefined;
/** A 1024-bit RSA key (jose refuses to produce or accept it). */
export function weakRsaKey(): DefectContext['weakRsa'] {
  if (!weak) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
    weak = { key: privateKey, jwk: { ...jwk, kid: 'weak-rsa-1024', use: 'sig' } };
  }
  return weak;
}

export interface MinterState {
  issuer: string;
  clientId: string;
  clientSecret: string;
  alg: string;
  keys: SigningKeySet;
  attackerKeys: SigningKeySet;
  clockOffsetSec: number;
  ttlSec: number;
}

export function nowOf(state: MinterState): number {
  return Math.floor(Date.now() / 1000) + state.clockOffsetSec;
}

export function defectContext(state: MinterState): DefectContext {
  return { ...state, weakRsa: weakRsaKey(), now: nowOf(state) };
}

/** A plan signed with the registered alg and key (typ JWT unless given). */
export function basePlan(state: MinterState, payload: Record<string, unknown>, typ = 'JWT'): JwsPlan {
  const { key, kid } = signingKeyFor(state.alg, state);
  const header: Record<string, unknown> = { alg: state.alg, typ };
  if (kid) header.kid = kid;
  return { header, payload, signAlg: state.alg, key };
}

function mergeClaims(payload: Record<string, unknown>, claims: Record<string, unknown> = {}): void {
  for (const [k, v] of Object.entries(claims)) {
    if (v === undefined) delete payload[k];
    else payload[k] = v;
  }
}

export interface IdTokenInput {
  sub: string;
  nonce?: string;
  authTime?: number;
  sid?: string;
  /** Claims of the user to include. */
  userClaims?: Record<string, unknown>;
  /** Overrides (undefined deletes). */
  claims?: Record<string, unknown>;
  defects?: readonly JwtDefectName[];
}

export async function mintIdToken(state: MinterState, input: IdTokenInput): Promise<string> {
  const ctx = defectContext(state);
  const payload: Record<string, unknown> = {
    ...input.userClaims,
    iss: state.issuer,
    sub: input.sub,
    aud: state.clientId,
    iat: ctx.now,
    exp: ctx.now + state.ttlSec,
  };
  if (input.nonce !== undefined) payload.nonce = input.nonce;
  payload.auth_time = input.authTime ?? ctx.now;
  if (input.sid) payload.sid = input.sid;
  mergeClaims(payload, input.claims);
  const plan = basePlan(state, payload);
  applyTokenDefects(plan, input.defects ?? [], ctx);
  return signPlan(plan);
}

export interface AccessTokenInput {
  sub: string;
  scope?: string;
  audience?: string;
  clientId?: string;
  claims?: Record<string, unknown>;
  defects?: readonly JwtDefectName[];
}

/** An RFC 9068 JWT access token (typ at+jwt), signed like ID tokens (HS256 falls back to RS256). */
export async function mintAccessToken(state: MinterState, input: AccessTokenInput): Promise<string> {
  const ctx = defectContext(state);
  const signing = state.alg.startsWith('HS') ? { ...state, alg: 'RS256' } : state;
  const payload: Record<string, unknown> = {
    iss: state.issuer,
    sub: input.sub,
    aud: input.audience ?? 'crm-api',
    client_id: input.clientId ?? state.clientId,
    scope: input.scope ?? 'openid',
    iat: ctx.now,
    exp: ctx.now + state.ttlSec,
    jti: randomUUID(),
  };
  mergeClaims(payload, input.claims);
  const plan = basePlan(signing, payload, 'at+jwt');
  applyTokenDefects(plan, input.defects ?? [], { ...ctx, alg: signing.alg });
  return signPlan(plan);
}

export async function mintLogoutToken(state: MinterState, options: LogoutTokenOptions): Promise<string> {
  const ctx = defectContext(state);
  const plan = logoutTokenPlan(ctx, options, basePlan(state, {}));
  const logoutDefects = LOGOUT_TOKEN_DEFECTS as Record<string, JwtDefect>;
  const generic: JwtDefectName[] = [];
  for (const name of options.defects ?? []) {
    const own = logoutDefects[name];
    if (own) own.token?.(plan, ctx);
    else generic.push(name as JwtDefectName);
  }
  applyTokenDefects(plan, generic, ctx);
  return signPlan(plan);
}
