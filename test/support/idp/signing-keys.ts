import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** Key families a test IdP can sign with; each entry says which JWS algorithms its key serves. */
export const KEY_KINDS = {
  RSA: { generateAs: 'RS256', options: { modulusLength: 2048 }, algs: ['RS256', 'PS256'] },
  EC: { generateAs: 'ES256', options: {}, algs: ['ES256'] },
  OKP: { generateAs: 'EdDSA', options: { crv: 'Ed25519' }, algs: ['EdDSA', 'Ed25519'] },
} as const;

export type KeyKind = keyof typeof KEY_KINDS;

/** One private signing key as a JWK (with `kid`, `use: 'sig'`, no `alg` so RSA serves RS256 and PS256). */
export interface SigningKey {
  kind: KeyKind;
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface SigningKeySet {
  keys: SigningKey[];
  /** Private JWKs, the shape oidc-provider's `jwks` option wants. */
  privateJwks: { keys: JWK[] };
  /** Public JWKs as a JWKS endpoint serves them. */
  publicJwks: { keys: JWK[] };
}

async function generateKey(kind: KeyKind, kidPrefix: string): Promise<SigningKey> {
  const spec = KEY_KINDS[kind];
  const { privateKey, publicKey } = await generateKeyPair(spec.generateAs, { ...spec.options, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = `${kidPrefix}${kind.toLowerCase()}-${(await calculateJwkThumbprint(publicJwk)).slice(0, 12)}`;
  const meta = { kid, use: 'sig' };
  return { kind, kid, privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...publicJwk, ...meta } };
}

/** Builds a key set from keys. */
export function keySetOf(keys: SigningKey[]): SigningKeySet {
  return {
    keys,
    privateJwks: { keys: keys.map((k) => k.privateJwk) },
    publicJwks: { keys: keys.map((k) => k.publicJwk) },
  };
}

/**
 * Generates a fresh signing key set (RSA 2048, EC P-256, Ed25519 by default). Every call makes new keys
 * with new kids: use it for key rotation. RSA generation costs ~50-150 ms; tests that do not care about
 * fresh keys use `sharedSigningKeys()`.
 */
export async function generateSigningKeys(
  kinds: KeyKind[] = ['RSA', 'EC', 'OKP'],
  kidPrefix = '',
): Promise<SigningKeySet> {
  return keySetOf(await Promise.all(kinds.map((kind) => generateKey(kind, kidPrefix))));
}

let shared: Promise<SigningKeySet> | undefined;

/** One key set generated once per process and reused (cheap default for tests). */
export function sharedSigningKeys(): Promise<SigningKeySet> {
  shared ??= generateSigningKeys();
  return shared;
}

/** The key of a key set that signs `alg` (first match), or undefined. */
export function keyForAlg(set: SigningKeySet, alg: string): SigningKey | undefined {
  return set.keys.find((k) => (KEY_KINDS[k.kind].algs as readonly string[]).includes(alg));
}
