import { sign, verify, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm, JwsAlgorithmImplementation, KeyTypeSpec } from '../algorithm.js';

const ED25519: readonly KeyTypeSpec[] = [{ kty: 'OKP', crv: 'Ed25519' }];

/** EdDSA with Ed25519 (RFC 8037); signatures are 64 bytes. */
class EdDsaAlgorithm implements JwsAlgorithm {
  readonly keyTypes = ED25519;
  /** OIDC `at_hash` for EdDSA over Ed25519 is SHA-512 (OpenID Connect Core errata 2, as oidc-provider does). */
  readonly hash = 'sha512';
  constructor(readonly alg: string) {}

  verify(signingInput: Buffer, signature: Buffer, key: KeyObject): boolean {
    if (signature.length !== 64) return false;
    return verify(null, signingInput, key, signature);
  }

  sign(signingInput: Buffer, key: KeyObject): Buffer {
    return sign(null, signingInput, key);
  }

  checkKey(key: KeyObject): string | undefined {
    return key.asymmetricKeyType === 'ed25519' ? undefined : 'EdDSA needs an Ed25519 key';
  }
}

export class EdDsaImplementation implements JwsAlgorithmImplementation {
  readonly name = 'EdDsa';
  create(alg: string): JwsAlgorithm {
    return new EdDsaAlgorithm(alg);
  }
}
