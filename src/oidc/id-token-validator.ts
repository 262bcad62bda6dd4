import { inject, injectable } from 'inversify';
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
}

/** Verifies an ID token for the configured client (JWT domain verifier, cached per configuration). */
export interface IdTokenValidator {
  validate(idToken: string, settings: OidcSettings, checks: IdTokenChecks): Promise<VerifiedJwt>;
}

@injectable()
export class JwtIdTokenValidator implements IdTokenValidator {
  private readonly verifiers: ClientTokenVerifiers;

  constructor(
    @inject(JWT_TYPES.VerifierFactory) factory: JwtVerifierFactory,
    @inject(OIDC_TYPES.SettingsSource) settingsSource: OidcSettingsSource,
  ) {
    this.verifiers = new ClientTokenVerifiers(factory, (alg) => settingsSource.isSymmetric(alg));
  }

  async validate(idToken: string, settings: OidcSettings, checks: IdTokenChecks): Promise<VerifiedJwt> {
    return this.verifiers.forToken(idToken, settings).verify(idToken, {
      nonce: checks.nonce,
      ...(checks.maxAge === null ? {} : { maxAuthAgeSec: checks.maxAge }),
    });
  }
}
