import { inject, injectable } from 'inversify';
import { JWT_TYPES } from '../jwt/tokens.js';
import type { JwtVerifier, VerifiedJwt } from '../jwt/verifier.js';
import type { JwtVerifierFactory } from '../jwt/verifier-factory.js';
import type { OidcSettings } from '../settings/types.js';
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

const MAX_CACHED = 16;
/** The verifier factory's ceiling; the settings allow up to 10 minutes. */
const MAX_TOLERANCE_SEC = 300;

@injectable()
export class JwtIdTokenValidator implements IdTokenValidator {
  private readonly verifiers = new Map<string, JwtVerifier>();

  constructor(
    @inject(JWT_TYPES.VerifierFactory) private readonly factory: JwtVerifierFactory,
    @inject(OIDC_TYPES.SettingsSource) private readonly settingsSource: OidcSettingsSource,
  ) {}

  async validate(idToken: string, settings: OidcSettings, checks: IdTokenChecks): Promise<VerifiedJwt> {
    const symmetric = settings.jwtSignatureAlgorithmList.filter((alg) => this.settingsSource.isSymmetric(alg));
    const asymmetric = settings.jwtSignatureAlgorithmList.filter((alg) => !this.settingsSource.isSymmetric(alg));
    // HS* and asymmetric algorithms need different key sources: pick the family named by the header
    // (the verifier still pins the exact algorithm and refuses anything outside the list).
    const useSymmetric = symmetric.length > 0 && (asymmetric.length === 0 || symmetric.includes(headerAlg(idToken)));
    const verifier = this.verifierFor(settings, useSymmetric ? symmetric : asymmetric, useSymmetric);
    return verifier.verify(idToken, {
      nonce: checks.nonce,
      ...(checks.maxAge === null ? {} : { maxAuthAgeSec: checks.maxAge }),
    });
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
    if (!verifier) {
      verifier = this.factory.create({
        kind: 'id_token',
        issuer: settings.issuer,
        clientId: settings.clientId,
        algorithms,
        ...(symmetric
          ? { clientSecret: settings.clientSecret ?? '' }
          : {
              jwksUri: settings.jwksEndpoint ?? '',
              // Keys without `alg` are usable (oidc-provider, Entra ID omit it): the algorithm stays pinned to
              // the allowed list and the key type must fit it. Same options as the logout domain, so one
              // cached key set serves every kind of token.
              jwks: {
                cacheMaxAgeMs: settings.jwksCachePeriodMs,
                allowKeysWithoutAlg: true,
              },
            }),
        clockToleranceSec: Math.min(MAX_TOLERANCE_SEC, Math.round(settings.clockToleranceMs / 1000)),
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
