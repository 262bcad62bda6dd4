import { TYPES, type Clock } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { createSecretKey } from 'node:crypto';
import { isSymmetric, JWT_TYPES, type AlgorithmRegistry } from '../../../jwt/index.js';
import type { OidcSettings } from '../../../settings/index.js';
import { OidcClientError } from '../errors.js';
import { OIDC_CLIENT_TYPES } from '../tokens.js';
import type { ClientAuthStrategy, OidcClientOptions, TokenRequestDraft } from '../types.js';
import { addClientAssertion, signingAlgorithm } from './client-assertion.js';
import { requireClientSecret } from './client-secret.js';

/** `client_secret_jwt`: an assertion signed with an HMAC algorithm (HS256/384/512) keyed by the client secret. */
@injectable()
export class ClientSecretJwt implements ClientAuthStrategy {
  readonly method = 'client_secret_jwt';

  constructor(
    @inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(OIDC_CLIENT_TYPES.Options) private readonly options: OidcClientOptions,
  ) {}

  apply(settings: OidcSettings, draft: TokenRequestDraft, audience: string): void {
    const secret = requireClientSecret(settings);
    const algorithm = signingAlgorithm(this.registry, settings.clientAssertionAlgorithm);
    if (!isSymmetric(algorithm)) {
      throw new OidcClientError('ERR_OIDC_CLIENT_ASSERTION_ALG_UNSUPPORTED', {
        detail: `client_secret_jwt needs an HMAC algorithm, not ${algorithm.alg}`,
      });
    }
    addClientAssertion({
      settings,
      draft,
      audience,
      algorithm,
      key: createSecretKey(Buffer.from(secret, 'utf8')),
      kid: null,
      nowSec: Math.floor(this.clock.now() / 1000),
      lifetimeSec: this.options.assertionLifetimeSec,
    });
  }
}
