import { inject, injectable } from 'inversify';
import { JWT_TYPES, type AlgorithmRegistry, type JwtVerifierFactory } from '../../jwt/index.js';
import type { OidcSettings } from '../../settings/index.js';
import { OidcClientError } from './errors.js';
import { ClientTokenVerifiers } from './settings-verifiers.js';

/**
 * Verifies a signed userinfo answer (`application/jwt`, OIDC Core §5.3.2) like an ID token: the
 * signature with the ID token's keys and pinned algorithm list (`oidcJwtSignatureAlgorithmList`; HS* with
 * the client secret), `iss` equal to the issuer, `aud` including the client id when present (and `azp`
 * with several audiences), `exp` when present, `iat` required and at most 10 minutes old. Encrypted (JWE)
 * answers are refused as malformed. Returns the claims.
 */
@injectable()
export class SignedUserInfoVerifier {
  private readonly verifiers: ClientTokenVerifiers;

  constructor(
    @inject(JWT_TYPES.VerifierFactory) factory: JwtVerifierFactory,
    @inject(JWT_TYPES.AlgorithmRegistry) registry: AlgorithmRegistry,
  ) {
    // A signed userinfo answer need not carry aud or exp (§5.3.2); both are checked when present.
    this.verifiers = new ClientTokenVerifiers(factory, (alg) => registry.isSymmetricName(alg), {
      requiredClaims: ['iss', 'sub'],
    });
  }

  async verify(token: string, settings: OidcSettings): Promise<Record<string, unknown>> {
    try {
      const { payload } = await this.verifiers.forToken(token, settings).verify(token);
      return payload as Record<string, unknown>;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new OidcClientError('ERR_OIDC_USERINFO_JWT_INVALID', {
        reason: typeof code === 'string' ? code : 'unexpected',
        detail: typeof code === 'string' ? code : undefined,
        cause: error,
      });
    }
  }
}
