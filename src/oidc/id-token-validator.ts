import { inject, injectable } from 'inversify';
import type { AlgorithmRegistry } from '../jwt/algorithm-registry.js';
import { checkAccessTokenHash } from '../jwt/token-hash.js';
import { JWT_TYPES } from '../jwt/tokens.js';
import type { VerifiedJwt } from '../jwt/verifier.js';
import type { JwtVerifierFactory } from '../jwt/verifier-factory.js';
import type { OidcSettings } from '../settings/types.js';
import { ClientTokenVerifiers } from './client/settings-verifiers.js';
import type { OidcSettingsSource } from './settings-source.js';
import { OIDC_TYPES } from './tokens.js';

export interface IdTokenChecks {
  /** The transaction's nonce: required and equal. */
  nonce: string;
  /** `max_age` as sent, or null: `auth_time` required and fresh enough when set. */
  maxAge: number | null;
  /**
   * The access token of the same token response, when one was issued: an `at_hash` in the ID token must
   * then match it (hash of the ID token's algorithm, OIDC Core 3.1.3.6/3.1.3.8).
   */
  accessToken?: string | null;
}

/**
 * Verifies an ID token for the configured client (JWT domain verifier, cached per configuration), then its
 * `at_hash` against the access token issued with it (when both are there).
 */
export interface IdTokenValidator {
  validate(idToken: string, settings: OidcSettings, checks: IdTokenChecks): Promise<VerifiedJwt>;
}

@injectable()
export class JwtIdTokenValidator implements IdTokenValidator {
  private readonly verifiers: ClientTokenVerifiers;

  constructor(
    @inject(JWT_TYPES.VerifierFactory) factory: JwtVerifierFactory,
    @inject(OIDC_TYPES.SettingsSource) settingsSource: OidcSettingsSource,
    @inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry,
  ) {
    this.verifiers = new ClientTokenVerifiers(factory, (alg) => settingsSource.isSymmetric(alg));
  }

  async validate(idToken: string, settings: OidcSettings, checks: IdTokenChecks): Promise<VerifiedJwt> {
    const verified = await this.verifiers.forToken(idToken, settings).verify(idToken, {
      nonce: checks.nonce,
      ...(checks.maxAge === null ? {} : { maxAuthAgeSec: checks.maxAge }),
    });
    if (typeof checks.accessToken === 'string' && checks.accessToken !== '') {
      checkAccessTokenHash(verified.payload, checks.accessToken, this.registry.get(verified.alg));
    }
    return verified;
  }
}
