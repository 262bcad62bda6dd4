import { TYPES, type Clock } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { calculateJwkThumbprint } from 'jose';
import type { KeyObject } from 'node:crypto';
import { isSymmetric, JWT_TYPES, type AlgorithmRegistry } from '../../../jwt/index.js';
import type { OidcSettings } from '../../../settings/index.js';
import { OidcClientError } from '../errors.js';
import { OIDC_CLIENT_TYPES } from '../tokens.js';
import type { ClientAuthStrategy, OidcClientOptions, TokenRequestDraft } from '../types.js';
import { addClientAssertion, signingAlgorithm } from './client-assertion.js';
import { acceptsKeyType, PrivateKeyCache } from './private-key.js';

/**
 * `private_key_jwt`: an assertion signed with the client's private key (`oidcClientPrivateKey`, PEM or
 * JWK) by an asymmetric algorithm of the registry (`oidcClientAssertionAlgorithm`: RS*, PS*, ES*, EdDSA
 * or a custom one). The assertion always carries a `kid` (IdPs such as those that hold several client keys
 * require one): `oidcClientPrivateKeyId`, else the JWK's own `kid`, else the RFC 7638 thumbprint (SHA-256)
 * of the public key (what `jose`'s `calculateJwkThumbprint` and most IdPs compute for a registered JWK).
 */
@injectable()
export class PrivateKeyJwt implements ClientAuthStrategy {
  readonly method = 'private_key_jwt';
  private readonly keys = new PrivateKeyCache();
  private readonly thumbprints = new WeakMap<KeyObject, Promise<string>>();

  constructor(
    @inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(OIDC_CLIENT_TYPES.Options) private readonly options: OidcClientOptions,
  ) {}

  async apply(settings: OidcSettings, draft: TokenRequestDraft, audience: string): Promise<void> {
    if (!settings.clientPrivateKey) {
      throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', { detail: 'oidcClientPrivateKey is not set' });
    }
    const algorithm = signingAlgorithm(this.registry, settings.clientAssertionAlgorithm);
    if (isSymmetric(algorithm)) {
      throw new OidcClientError('ERR_OIDC_CLIENT_ASSERTION_ALG_UNSUPPORTED', {
        detail: `private_key_jwt needs an asymmetric algorithm, not ${algorithm.alg}`,
      });
    }
    const parsed = this.keys.get(settings.clientPrivateKey);
    if (!acceptsKeyType(algorithm.keyTypes, parsed.type)) {
      const type = parsed.type.crv ? `${parsed.type.kty}/${parsed.type.crv}` : parsed.type.kty;
      throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', {
        detail: `a ${type} key cannot sign ${algorithm.alg}`,
      });
    }
    addClientAssertion({
      settings,
      draft,
      audience,
      algorithm,
      key: parsed.key,
      kid: settings.clientPrivateKeyId ?? parsed.kid ?? (await this.thumbprint(parsed.key)),
      nowSec: Math.floor(this.clock.now() / 1000),
      lifetimeSec: this.options.assertionLifetimeSec,
    });
  }

  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the key's public part, computed once per key. */
  private thumbprint(key: KeyObject): Promise<string> {
    let pending = this.thumbprints.get(key);
    if (pending === undefined) {
      pending = calculateJwkThumbprint(key, 'sha256');
      this.thumbprints.set(key, pending);
    }
    return pending;
  }
}
