import { TYPES, type ConfigService, type SiteUrl } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { AlgorithmRegistry } from '../jwt/algorithm-registry.js';
import { JWT_TYPES } from '../jwt/tokens.js';
import type { TokenKind } from '../jwt/token-kinds.js';
import type { JwtVerifier } from '../jwt/verifier.js';
import type { JwtVerifierFactory, VerifierSettings } from '../jwt/verifier-factory.js';
import { clockToleranceSecFor, jwksOptionsFor } from '../oidc/client/settings-verifiers.js';
import { OIDC_SETTING_DEFAULTS } from '../settings/defaults.js';
import { readOidcSettings } from '../settings/read-settings.js';
import type { OidcSettings } from '../settings/types.js';

/** Settings of authentication providers whose verifiers are kept (oldest dropped first). */
const MAX_OTHER_SETTINGS = 50;

export interface VerifierFor {
  readonly verifier: JwtVerifier;
  readonly settings: OidcSettings;
}

interface Cached {
  readonly fingerprint: string;
  readonly settings: OidcSettings;
  readonly verifiers: Map<string, JwtVerifier>;
}

/**
 * Verifiers for logout tokens and API access tokens, built from the current OIDC settings with the same
 * pinned algorithms, issuer, key source (JWKS URI, static keys or client secret) and clock tolerance as
 * ID tokens. Settings are re-read when any OIDC config value or the site URL changes (a cheap fingerprint
 * per call); JWKS sources are shared with the login through the JWT domain's pool.
 */
@injectable()
export class OidcTokenVerifiers {
  private cached: Cached | undefined;
  private readonly others = new Map<string, Cached>();
  private readonly keys = Object.keys(OIDC_SETTING_DEFAULTS);

  constructor(
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
    @inject(JWT_TYPES.VerifierFactory) private readonly factory: JwtVerifierFactory,
    @inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry,
  ) {}

  /** The validated settings; throws `OidcSettingsError` (503) when they are incomplete. */
  settings(): OidcSettings {
    return this.current().settings;
  }

  /** A verifier of `kind` whose required audience is `audience` (default: the client id). */
  verifierFor(kind: TokenKind, options: { audience?: string; typ?: readonly string[] } = {}): VerifierFor {
    return this.verifierIn(this.current(), kind, options);
  }

  /**
   * Like {@link verifierFor} for other settings than the CRM's (an authentication provider's): verifiers
   * are cached per settings fingerprint, so a changed provider gets new ones.
   */
  verifierForSettings(
    settings: OidcSettings,
    kind: TokenKind,
    options: { audience?: string; typ?: readonly string[] } = {},
  ): VerifierFor {
    const fingerprint = JSON.stringify(settings);
    let cached = this.others.get(fingerprint);
    if (!cached) {
      if (this.others.size >= MAX_OTHER_SETTINGS) this.others.delete(this.others.keys().next().value as string);
      cached = { fingerprint, settings, verifiers: new Map() };
      this.others.set(fingerprint, cached);
    }
    return this.verifierIn(cached, kind, options);
  }

  private verifierIn(
    cached: Cached,
    kind: TokenKind,
    options: { audience?: string; typ?: readonly string[] },
  ): VerifierFor {
    const audience = options.audience ?? cached.settings.clientId;
    const id = `${kind}\u0000${audience}\u0000${(options.typ ?? []).join(',')}`;
    let verifier = cached.verifiers.get(id);
    if (verifier === undefined) {
      verifier = this.factory.create(this.verifierSettings(cached.settings, kind, audience, options.typ));
      cached.verifiers.set(id, verifier);
    }
    return { verifier, settings: cached.settings };
  }

  private verifierSettings(
    s: OidcSettings,
    kind: TokenKind,
    audience: string,
    typ: readonly string[] | undefined,
  ): VerifierSettings {
    const symmetric = s.jwtSignatureAlgorithmList.some((alg) => this.registry.isSymmetricName(alg));
    return {
      issuer: s.issuer,
      clientId: audience,
      // Logout tokens: the same audience trust as ID tokens (access tokens are `resource` kind: not used).
      trustedAudiences: s.trustedAudiences,
      algorithms: s.jwtSignatureAlgorithmList,
      kind,
      ...(typ ? { typ } : {}),
      ...(symmetric
        ? { clientSecret: s.clientSecret ?? '' }
        : { jwksUri: s.jwksEndpoint ?? '', jwks: jwksOptionsFor(s) }),
      clockToleranceSec: clockToleranceSecFor(s),
    };
  }

  private fingerprint(): string {
    let print = this.siteUrl.get();
    for (const key of this.keys) print += `\u0000${JSON.stringify(this.config.get(key) ?? null)}`;
    return print;
  }

  private current(): Cached {
    const fingerprint = this.fingerprint();
    if (this.cached?.fingerprint === fingerprint) return this.cached;
    const settings = readOidcSettings(this.config, this.siteUrl, {
      isSymmetricAlgorithm: (a) => this.registry.isSymmetricName(a),
    });
    this.cached = { fingerprint, settings, verifiers: new Map() };
    return this.cached;
  }
}
