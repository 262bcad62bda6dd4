import { createPublicKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { keyForAlg, type SigningKeySet } from '../idp/signing-keys.js';
import { keyObjectOf, type JwsPlan, type SigningKeyMaterial } from './jws.js';

/** What a defect may look at while corrupting a token. */
export interface DefectContext {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The algorithm the client registered (what the RP should pin). */
  alg: string;
  keys: SigningKeySet;
  /** Keys the RP does not know (same kinds as `keys`). */
  attackerKeys: SigningKeySet;
  /** A 1024-bit RSA key (private) and its public JWK. */
  weakRsa: { key: KeyObject; jwk: JWK };
  /** Current time of the OP in seconds (clock offset applied). */
  now: number;
}

/** One corruption: how it changes the token, and (optionally) the JWKS the OP serves while it is active. */
export interface JwtDefect {
  token?: (plan: JwsPlan, ctx: DefectContext) => void;
  jwks?: (keys: JWK[], ctx: DefectContext) => JWK[];
}

const WEEK = 7 * 24 * 3600;

/** The key and kid a given alg signs with at this OP (HS* use the client secret, no kid). */
export function signingKeyFor(
  alg: string,
  ctx: Pick<DefectContext, 'keys' | 'clientSecret'>,
  set: SigningKeySet = ctx.keys,
): { key: SigningKeyMaterial; kid?: string } {
  if (alg.startsWith('HS')) return { key: Buffer.from(ctx.clientSecret, 'utf8') };
  const found = keyForAlg(set, alg);
  if (!found) throw new Error(`no signing key for ${alg}`);
  return { key: keyObjectOf(found.privateJwk), kid: found.kid };
}

/** A different alg the same OP could sign with (alg substitution); data, not logic. */
export const ALG_SUBSTITUTES: Record<string, string> = {
  RS256: 'PS256',
  PS256: 'RS256',
  ES256: 'RS256',
  EdDSA: 'RS256',
  Ed25519: 'RS256',
  HS256: 'RS256',
};

export const resign = (plan: JwsPlan, ctx: DefectContext, alg: string, set?: SigningKeySet): void => {
  const { key, kid } = signingKeyFor(alg, ctx, set);
  plan.header.alg = alg;
  plan.signAlg = alg;
  plan.key = key;
  if (kid) plan.header.kid = kid;
  else delete plan.header.kid;
};

const withoutKid = (jwk: JWK): JWK => {
  const copy = { ...jwk };
  delete copy.kid;
  return copy;
};

const toStdBase64 = (segment: string): string => Buffer.from(segment, 'base64url').toString('base64');

const replaceSignature = (compact: string, fn: (sig: string) => string): string => {
  const [h, p, s] = compact.split('.');
  return `${h}.${p}.${fn(s)}`;
};

/**
 * Token defects by name, mirroring the security matrix (sections 1.3, 1.4, 1.5). Apply to ID tokens,
 * access tokens and logout tokens alike.
 */
export const JWT_DEFECTS = {
  // claims (1.3)
  'wrong-aud': { token: (p) => void (p.payload.aud = 'https://example.com/') },
  'missing-aud': { token: (p) => void delete p.payload.aud },
  'secondary-aud': {
    token: (p, c) => {
      p.payload.aud = [c.clientId, 'another-client'];
      delete p.payload.azp;
    },
  },
  'untrusted-aud-with-azp': {
    token: (p, c) => {
      p.payload.aud = [c.clientId, 'another-audience'];
      p.payload.azp = c.clientId;
    },
  },
  'aud-array': { token: (p, c) => void (p.payload.aud = [c.clientId]) },
  'wrong-azp': { token: (p) => void (p.payload.azp = 'another-client') },
  'wrong-iss': { token: (p) => void (p.payload.iss = 'https://example.org/') },
  'iss-trailing-slash': { token: (p, c) => void (p.payload.iss = `${c.issuer}/`) },
  'missing-iss': { token: (p) => void delete p.payload.iss },
  'wrong-nonce': { token: (p) => void (p.payload.nonce = '012345678') },
  'missing-nonce': { token: (p) => void delete p.payload.nonce },
  'wrong-sub': { token: (p) => void (p.payload.sub = 'mallory') },
  'missing-sub': { token: (p) => void delete p.payload.sub },
  'missing-iat': { token: (p) => void delete p.payload.iat },
  'missing-exp': { token: (p) => void delete p.payload.exp },
  expired: {
    token: (p, c) => {
      p.payload.iat = c.now - 900;
      p.payload.exp = c.now - 600;
    },
  },
  'expired-20s-ago': {
    token: (p, c) => {
      p.payload.iat = c.now - 320;
      p.payload.exp = c.now - 20;
    },
  },
  'iat-week-old': {
    token: (p, c) => {
      p.payload.iat = c.now - WEEK;
      p.payload.exp = c.now + 600;
    },
  },
  'iat-hour-old': { token: (p, c) => void (p.payload.iat = c.now - 3600) },
  'iat-in-future': { token: (p, c) => void (p.payload.iat = c.now + 120) },
  'exp-as-string': { token: (p) => void (p.payload.exp = String(p.payload.exp)) },
  'iat-as-string': { token: (p) => void (p.payload.iat = String(p.payload.iat)) },
  'auth-time-as-string': { token: (p, c) => void (p.payload.auth_time = String(c.now)) },
  'auth-time-old': { token: (p, c) => void (p.payload.auth_time = c.now - 3600) },
  'missing-auth-time': { token: (p) => void delete p.payload.auth_time },
  'typ-at+jwt': { token: (p) => void (p.header.typ = 'at+jwt') },
  'typ-logout+jwt': { token: (p) => void (p.header.typ = 'logout+jwt') },
  // signatures and algorithms (1.4)
  'alg-none': {
    token: (p) => {
      p.header = { alg: 'none', typ: 'JWT' };
      p.signAlg = 'none';
      p.key = null;
      p.raw = true;
    },
  },
  'alg-substitution': { token: (p, c) => resign(p, c, ALG_SUBSTITUTES[c.alg] ?? 'RS256') },
  'hs256-with-public-key': {
    token: (p, c) => {
      const rsa = c.keys.keys.find((k) => k.kind === 'RSA');
      if (!rsa) throw new Error('hs256-with-public-key needs an RSA key');
      p.header = { ...p.header, alg: 'HS256', kid: rsa.kid };
      p.signAlg = 'HS256';
      p.key = Buffer.from(createPublicKey(keyObjectOf(rsa.privateJwk)).export({ type: 'spki', format: 'pem' }));
      p.raw = true;
    },
  },
  'bad-signature': { token: (p) => void (p.finalize = (t) => replaceSignature(t, (s) => [...s].sort().join(''))) },
  'signed-by-unknown-key-same-kid': {
    token: (p, c) => {
      const kid = p.header.kid;
      resign(p, c, c.alg.startsWith('HS') ? 'RS256' : c.alg, c.attackerKeys);
      if (kid) p.header.kid = kid;
    },
  },
  'der-ecdsa': {
    token: (p, c) => {
      resign(p, c, 'ES256');
      p.dsaEncoding = 'der';
    },
  },
  'crit-unknown': {
    token: (p) => {
      p.header = { ...p.header, crit: ['x-unknown'], 'x-unknown': true };
      p.raw = true;
    },
  },
  /** RFC 7797 header on a JWT; the signature covers the segments as sent, so only the b64 rule can reject it. */
  'b64-false': {
    token: (p) => {
      p.header = { ...p.header, b64: false, crit: ['b64'] };
      p.raw = true;
    },
  },
  'embedded-jwk': {
    token: (p, c) => {
      resign(p, c, c.alg.startsWith('HS') ? 'RS256' : c.alg, c.attackerKeys);
      const attacker = c.attackerKeys.keys.find((k) => k.kid === p.header.kid);
      p.header.jwk = attacker?.publicJwk;
    },
  },
  'jku-header': {
    token: (p, c) => {
      resign(p, c, c.alg.startsWith('HS') ? 'RS256' : c.alg, c.attackerKeys);
      p.header.jku = 'https://attacker.example/jwks.json';
    },
  },
  'kid-unknown': { token: (p) => void (p.header.kid = 'unknown-kid') },
  'kid-path-traversal': { token: (p) => void (p.header.kid = '../../etc/passwd') },
  'kid-sql': { token: (p) => void (p.header.kid = "' OR 1=1 --") },
  'kid-10kb': { token: (p) => void (p.header.kid = 'k'.repeat(10_000)) },
  'weak-rsa-1024': {
    token: (p, c) => {
      p.header = { ...p.header, alg: 'RS256', kid: c.weakRsa.jwk.kid };
      p.signAlg = 'RS256';
      p.key = c.weakRsa.key;
      p.raw = true;
    },
    jwks: (_keys, c) => [c.weakRsa.jwk],
  },
  'duplicate-sub': { token: (p) => void (p.payloadJson = (json) => `${json.slice(0, -1)},"sub":"attacker"}`) },
  'huge-1mb': { token: (p) => void (p.payload.pad = 'x'.repeat(1024 * 1024)) },
  'std-base64-signature': { token: (p) => void (p.finalize = (t) => replaceSignature(t, toStdBase64)) },
  'two-segments': { token: (p) => void (p.finalize = (t) => t.split('.').slice(0, 2).join('.')) },
  'four-segments': { token: (p) => void (p.finalize = (t) => `${t}.AAAA`) },
  'empty-signature': { token: (p) => void (p.finalize = (t) => replaceSignature(t, () => '')) },
  // keys (1.5): the JWKS changes while the defect is active
  'kid-absent-single': {
    token: (p) => void delete p.header.kid,
    jwks: (keys, c) => keys.filter((k) => k.kid === signingKeyFor(c.alg, c).kid).map(withoutKid),
  },
  'kid-absent-multiple': {
    token: (p) => void delete p.header.kid,
    jwks: (keys, c) => [...c.attackerKeys.publicJwks.keys, ...keys].map(withoutKid),
  },
} satisfies Record<string, JwtDefect>;

export type JwtDefectName = keyof typeof JWT_DEFECTS;

export function applyTokenDefects(plan: JwsPlan, names: readonly JwtDefectName[], ctx: DefectContext): void {
  for (const name of names) {
    const defect: JwtDefect | undefined = JWT_DEFECTS[name];
    if (!defect) throw new Error(`unknown JWT defect ${String(name)}`);
    defect.token?.(plan, ctx);
  }
}

export function applyJwksDefects(keys: JWK[], names: readonly JwtDefectName[], ctx: DefectContext): JWK[] {
  return names.reduce<JWK[]>((acc, name) => (JWT_DEFECTS[name] as JwtDefect).jwks?.(acc, ctx) ?? acc, keys);
}
