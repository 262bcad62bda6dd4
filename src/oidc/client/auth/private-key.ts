import { createHash, createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { KeyTypeSpec } from '../../../jwt/index.js';
import { OidcClientError } from '../errors.js';

/** node:crypto curve names -> JWK `crv`. */
const EC_CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1',
};

/** node:crypto asymmetric key types -> JWK `kty` (and `crv` for OKP). */
const KEY_TYPES: Readonly<Record<string, (key: KeyObject) => KeyTypeSpec | undefined>> = {
  rsa: () => ({ kty: 'RSA' }),
  'rsa-pss': () => ({ kty: 'RSA' }),
  ec: (key) => {
    const crv = EC_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
    return crv === undefined ? undefined : { kty: 'EC', crv };
  },
  ed25519: () => ({ kty: 'OKP', crv: 'Ed25519' }),
  ed448: () => ({ kty: 'OKP', crv: 'Ed448' }),
};

export interface ParsedPrivateKey {
  readonly key: KeyObject;
  readonly type: KeyTypeSpec;
  /** `kid` of a JWK input, if any. */
  readonly kid: string | null;
}

function parse(text: string): { key: KeyObject; kid: string | null } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk: JsonWebKey & { kid?: unknown };
    try {
      jwk = JSON.parse(trimmed) as JsonWebKey & { kid?: unknown };
    } catch {
      throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', { detail: 'oidcClientPrivateKey is not valid JSON' });
    }
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.d !== 'string') {
      throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', { detail: 'oidcClientPrivateKey is not a private JWK' });
    }
    try {
      return { key: createPrivateKey({ key: jwk, format: 'jwk' }), kid: typeof jwk.kid === 'string' ? jwk.kid : null };
    } catch (error) {
      throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', {
        detail: 'oidcClientPrivateKey JWK cannot be imported',
        cause: error,
      });
    }
  }
  if (!trimmed.startsWith('-----BEGIN ')) {
    throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', {
      detail: 'oidcClientPrivateKey must be a PEM private key or a JWK',
    });
  }
  try {
    return { key: createPrivateKey({ key: trimmed, format: 'pem' }), kid: null };
  } catch (error) {
    throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', {
      detail: 'oidcClientPrivateKey PEM cannot be imported (encrypted or not a private key?)',
      cause: error,
    });
  }
}

/**
 * Imports `oidcClientPrivateKey` (PEM: PKCS#8, PKCS#1 or SEC1; or a private JWK) once per distinct value.
 * The cache is keyed by a hash of the text, so the secret itself is not kept as a map key.
 */
export class PrivateKeyCache {
  private readonly entries = new Map<string, ParsedPrivateKey>();

  get(text: string): ParsedPrivateKey {
    const id = createHash('sha256').update(text).digest('base64url');
    const cached = this.entries.get(id);
    if (cached !== undefined) return cached;
    const { key, kid } = parse(text);
    const typeOf = KEY_TYPES[key.asymmetricKeyType ?? ''];
    const type = typeOf?.(key);
    if (type === undefined) {
      throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', {
        detail: `unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`,
      });
    }
    const parsed = { key, type, kid };
    if (this.entries.size >= 8) this.entries.clear();
    this.entries.set(id, parsed);
    return parsed;
  }
}

/** Whether `algorithm` accepts a key of `type`. */
export function acceptsKeyType(accepted: readonly KeyTypeSpec[], type: KeyTypeSpec): boolean {
  return accepted.some((t) => t.kty === type.kty && (t.crv === undefined || t.crv === type.crv));
}
