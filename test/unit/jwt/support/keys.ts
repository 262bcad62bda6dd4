import { createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface TestKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Public JWK with kid and alg. */
  jwk(kid: string, alg?: string): Record<string, unknown>;
}

function pair(kp: { privateKey: KeyObject; publicKey: KeyObject }): TestKeyPair {
  return {
    ...kp,
    jwk(kid, alg) {
      const jwk: Record<string, unknown> = {
        ...(kp.publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
        kid,
        use: 'sig',
      };
      if (alg !== undefined) jwk['alg'] = alg;
      return jwk;
    },
  };
}

const cache = new Map<string, TestKeyPair>();

/** Key pairs are generated once per process and reused (RSA generation is slow). */
export function testKey(
  kind: 'rsa2048' | 'rsa2048b' | 'rsa1024' | 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | 'secp256k1',
): TestKeyPair {
  let kp = cache.get(kind);
  if (kp !== undefined) return kp;
  if (kind.startsWith('rsa'))
    kp = pair(generateKeyPairSync('rsa', { modulusLength: kind === 'rsa1024' ? 1024 : 2048 }));
  else if (kind === 'Ed25519') kp = pair(generateKeyPairSync('ed25519'));
  else {
    const curves: Record<string, string> = {
      'P-256': 'prime256v1',
      'P-384': 'secp384r1',
      'P-521': 'secp521r1',
      secp256k1: 'secp256k1',
    };
    kp = pair(generateKeyPairSync('ec', { namedCurve: curves[kind]! }));
  }
  cache.set(kind, kp);
  return kp;
}

export const CLIENT_SECRET = 'a-client-secret-of-at-least-32-bytes!!';
export const secretKeyObject = (secret = CLIENT_SECRET): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

/** The key kind each built-in algorithm uses in tests. */
export const KEY_FOR_ALG: Readonly<Record<string, Parameters<typeof testKey>[0] | 'secret'>> = {
  RS256: 'rsa2048',
  RS384: 'rsa2048',
  RS512: 'rsa2048',
  PS256: 'rsa2048',
  PS384: 'rsa2048',
  PS512: 'rsa2048',
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  EdDSA: 'Ed25519',
  HS256: 'secret',
  HS384: 'secret',
  HS512: 'secret',
};
