import { inject, injectable } from 'inversify';
import {
  isSymmetric,
  JWT_TYPES,
  type AlgorithmRegistry,
  type JwtVerifier,
  type JwtVerifierFactory,
} from '../../jwt/index.js';
import type { OidcSettings } from '../../settings/index.js';
import { OidcClientError } from './errors.js';

const MAX_CACHED = 16;

/** The `alg` of a compact JWS header, or '' (the verifier reports malformed tokens itself). */
function headerAlg(token: string): string {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot > 4096) return '';
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as unknown;
    const alg = (header as Record<string, unknown> | null)?.['alg'];
    return typeof alg === 'string' ? alg : '';
  } catch {
    return '';
  }
}

/**
 * Verifies a signed userinfo answer (`application/jwt`, OIDC Core §5.3.2) like an ID token: the
 * signature with the ID token's keys and pinned algorithm list (`oidcJwtSignatureAlgorithmList`; HS* with
 * the client secret), `iss` equal to the issuer, `aud` including the client id when present (and `azp`
 * with several audiences), `exp` when present, `iat` required and at most 10 minutes old. Encrypted (JWE)
 * answers are refused as malformed. Returns the claims.
 */
@injectable()
export class SignedUserInfoVerifier {
  private readonly verifiers = new Map<string, JwtVerifier>();

  constructor(
    @inject(JWT_TYPES.VerifierFactory) private readonly factory: JwtVerifierFactory,
    @inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry,
  ) {}

  async verify(token: string, settings: OidcSettings): Promise<Record<string, unknown>> {
    const symmetricAlg = (alg: string): boolean => {
      const algorithm = this.registry.get(alg);
      return algorithm !== undefined && isSymmetric(algorithm);
    };
    const symmetric = settings.jwtSignatureAlgorithmList.filter(symmetricAlg);
    const asymmetric = settings.jwtSignatureAlgorithmList.filter((alg) => !symmetricAlg(alg));
    const useSymmetric = symmetric.length > 0 && (asymmetric.length === 0 || symmetric.includes(headerAlg(token)));
    try {
      const verifier = this.verifierFor(settings, useSymmetric ? symmetric : asymmetric, useSymmetric);
      const { payload } = await verifier.verify(token);
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

  private verifierFor(settings: OidcSettings, algorithms: string[], symmetric: boolean): JwtVerifier {
    const key = JSON.stringify([
      settings.issuer,
      settings.clientId,
      algorithms,
      symmetric ? settings.clientSecret : settings.jwksEndpoint,
      settings.jwksCachePeriodMs,
      settings.clockToleranceMs,
    ]);
    let verifier = this.verifiers.get(key);
    if (verifier === undefined) {
      verifier = this.factory.create({
        kind: 'id_token',
        issuer: settings.issuer,
        clientId: settings.clientId,
        algorithms,
        // A signed userinfo answer need not carry aud or exp (§5.3.2); both are checked when present.
        requiredClaims: ['iss', 'sub'],
        ...(symmetric
          ? { clientSecret: settings.clientSecret ?? '' }
          : {
              jwksUri: settings.jwksEndpoint ?? '',
              // Same JWKS options as the ID token verifier, so one cached key set serves both.
              jwks: { cacheMaxAgeMs: settings.jwksCachePeriodMs, allowKeysWithoutAlg: true },
            }),
        clockToleranceSec: Math.round(settings.clockToleranceMs / 1000),
      });
      if (this.verifiers.size >= MAX_CACHED) this.verifiers.clear();
      this.verifiers.set(key, verifier);
    }
    return verifier;
  }
}
