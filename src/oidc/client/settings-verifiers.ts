import type { JwksOptions } from '../../jwt/keys/jwks-options.js';
import type { JwtVerifier } from '../../jwt/verifier.js';
import type { JwtVerifierFactory, VerifierSettings } from '../../jwt/verifier-factory.js';
import type { OidcSettings } from '../../settings/types.js';

const MAX_CACHED = 16;
/** The verifier factory's ceiling; the settings allow up to 10 minutes. */
const MAX_TOLERANCE_SEC = 300;

/**
 * JWKS options for the settings. Keys without `alg` are usable (oidc-provider, Keycloak and Entra ID omit
 * it): the verifier still pins the algorithm to `oidcJwtSignatureAlgorithmList` and requires the key type
 * and curve to fit it, so such a key can only verify with an allowed algorithm. Every verifier built from
 * the OIDC settings (ID, userinfo, logout and access tokens) uses these, so one cached key set serves all.
 */
export function jwksOptionsFor(s: OidcSettings): Partial<JwksOptions> {
  return { cacheMaxAgeMs: s.jwksCachePeriodMs, allowKeysWithoutAlg: true };
}

/** `oidcClockTolerance` in seconds, capped at what the verifier factory accepts. */
export function clockToleranceSecFor(s: OidcSettings): number {
  return Math.min(MAX_TOLERANCE_SEC, Math.round(s.clockToleranceMs / 1000));
}

/**
 * Verifiers for tokens the OP signs for this client (ID tokens, signed userinfo answers), cached per
 * configuration. A list may mix HS* and asymmetric algorithms, which need different key sources: the
 * family is picked by the token header's `alg` (the verifier still pins the exact algorithm and refuses
 * anything outside the list).
 */
export class ClientTokenVerifiers {
  private readonly verifiers = new Map<string, JwtVerifier>();

  /** `preset`: verifier settings added to every verifier (e.g. `requiredClaims`). */
  constructor(
    private readonly factory: JwtVerifierFactory,
    private readonly isSymmetric: (alg: string) => boolean,
    private readonly preset: Partial<VerifierSettings> = {},
  ) {}

  forToken(token: string, settings: OidcSettings): JwtVerifier {
    const symmetric = settings.jwtSignatureAlgorithmList.filter((alg) => this.isSymmetric(alg));
    const asymmetric = settings.jwtSignatureAlgorithmList.filter((alg) => !this.isSymmetric(alg));
    const useSymmetric = symmetric.length > 0 && (asymmetric.length === 0 || symmetric.includes(headerAlg(token)));
    return this.verifierFor(settings, useSymmetric ? symmetric : asymmetric, useSymmetric);
  }

  private verifierFor(settings: OidcSettings, algorithms: string[], symmetric: boolean): JwtVerifier {
    const key = JSON.stringify([
      settings.issuer,
      settings.clientId,
      settings.trustedAudiences,
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
        trustedAudiences: settings.trustedAudiences,
        algorithms,
        ...this.preset,
        ...(symmetric
          ? { clientSecret: settings.clientSecret ?? '' }
          : { jwksUri: settings.jwksEndpoint ?? '', jwks: jwksOptionsFor(settings) }),
        clockToleranceSec: clockToleranceSecFor(settings),
      });
      if (this.verifiers.size >= MAX_CACHED) this.verifiers.clear();
      this.verifiers.set(key, verifier);
    }
    return verifier;
  }
}

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
