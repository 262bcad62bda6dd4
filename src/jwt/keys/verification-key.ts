import { createHash, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm, KeyTypeSpec } from '../algorithm.js';

/** Longest `kid` we keep or look up; longer ones can never match (security matrix S-05). */
export const MAX_KID_LENGTH = 256;

/** A public (or secret) key ready for verification: imported once, cached with its identity. */
export interface VerificationKey {
  readonly kid: string | undefined;
  /** The JWK `alg`, when the key declares one. */
  readonly alg: string | undefined;
  readonly kty: KeyTypeSpec['kty'];
  readonly crv: string | undefined;
  readonly key: KeyObject;
  /** RFC 7638 SHA-256 thumbprint (base64url) of a public key; `client-secret` for the secret. */
  readonly thumbprint: string;
  readonly source: 'jwks' | 'static' | 'client-secret';
}

/** Required members per kty, in the lexicographic order RFC 7638 thumbprints use. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
};

/** Why a JWK is not usable as a verification key, or the imported key. Never throws. */
export function importPublicJwk(jwk: unknown, source: VerificationKey['source']): VerificationKey | { skip: string } {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return { skip: 'not a JSON object' };
  const j = jwk as Record<string, unknown>;
  const kty = j['kty'];
  if (typeof kty !== 'string') return { skip: 'kty is missing' };
  const required = Object.hasOwn(REQUIRED, kty) ? REQUIRED[kty] : undefined;
  if (required === undefined) return { skip: `kty ${kty} is not usable for signature verification` };
  if (j['d'] !== undefined) return { skip: 'it contains private key material' };
  if (j['use'] !== undefined && j['use'] !== 'sig') return { skip: `use is ${String(j['use'])}, not sig` };
  const ops = j['key_ops'];
  if (ops !== undefined && (!Array.isArray(ops) || !ops.includes('verify')))
    return { skip: 'key_ops does not include verify' };
  const kid = j['kid'];
  if (kid !== undefined && (typeof kid !== 'string' || kid.length > MAX_KID_LENGTH))
    return { skip: 'kid is not a string of at most 256 characters' };
  const alg = j['alg'];
  if (alg !== undefined && typeof alg !== 'string') return { skip: 'alg is not a string' };
  const members: Record<string, string> = {};
  for (const name of required) {
    const value = j[name];
    if (typeof value !== 'string' || value === '') return { skip: `member ${name} is missing` };
    members[name] = value;
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: members, format: 'jwk' });
  } catch (error) {
    return { skip: `it cannot be imported (${(error as Error).message})` };
  }
  const thumbprint = createHash('sha256').update(JSON.stringify(members)).digest('base64url');
  return { kid, alg, kty: kty as KeyTypeSpec['kty'], crv: members['crv'], key, thumbprint, source };
}

/** A PEM public key (SPKI or certificate) as a verification key. Throws on bad input. */
export function importPublicPem(pem: string, kid: string | undefined, alg: string | undefined): VerificationKey {
  const key = createPublicKey(pem);
  const jwk = key.export({ format: 'jwk' });
  const imported = importPublicJwk({ ...jwk, kid, alg }, 'static');
  if ('skip' in imported) throw new Error(imported.skip);
  return imported;
}

/** The client secret (UTF-8 bytes) as the HMAC key. */
export function secretKey(secret: string): VerificationKey {
  return {
    kid: undefined,
    alg: undefined,
    kty: 'oct',
    crv: undefined,
    key: createSecretKey(Buffer.from(secret, 'utf8')),
    thumbprint: 'client-secret',
    source: 'client-secret',
  };
}

/** Whether the key's type is one the algorithm accepts. */
export function keyFitsAlgorithm(key: VerificationKey, algorithm: JwsAlgorithm): boolean {
  return algorithm.keyTypes.some((t) => t.kty === key.kty && (t.crv === undefined || t.crv === key.crv));
}
