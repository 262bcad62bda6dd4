import { TYPES, type ConfigService, type SiteUrl } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { isSymmetric } from '../jwt/algorithm-contract.js';
import type { AlgorithmRegistry } from '../jwt/algorithm-registry.js';
import { JWT_TYPES } from '../jwt/tokens.js';
import { readOidcSettings } from '../settings/read-settings.js';
import type { OidcSettings } from '../settings/types.js';

/** The method name of this extension in `authenticationMethod` and on sessions. */
export const OIDC_METHOD_NAME = 'Oidc';

/** Reads the OIDC settings of a login (throws `OidcSettingsError`, status 503, naming every problem). */
export interface OidcSettingsSource {
  /** Async: a test login's draft settings live in the database. */
  read(providerId?: string | null): Promise<OidcSettings>;
  /** Whether OIDC is the active authentication method. */
  isActive(): boolean;
  /** Whether an algorithm name is verified with the client secret (custom algorithms included). */
  isSymmetric(alg: string): boolean;
}

@injectable()
export class ConfigOidcSettingsSource implements OidcSettingsSource {
  constructor(
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
    @inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry,
  ) {}

  async read(): Promise<OidcSettings> {
    // Portal providers (providerId) have their own settings entity, added by the portal work.
    return readOidcSettings(this.config, this.siteUrl, { isSymmetricAlgorithm: (alg) => this.isSymmetric(alg) });
  }

  isActive(): boolean {
    return this.config.get<string>('authenticationMethod') === OIDC_METHOD_NAME;
  }

  isSymmetric(alg: string): boolean {
    const algorithm = this.registry.get(alg);
    return algorithm ? isSymmetric(algorithm) : /^HS\d+$/.test(alg);
  }
}
