import { TYPES, type ConfigService, type SiteUrl } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { AlgorithmRegistry } from '../jwt/algorithm-registry.js';
import { JWT_TYPES } from '../jwt/tokens.js';
import { readOidcSettings } from '../settings/read-settings.js';
import { OIDC_METHOD } from '../settings/settings-validator.js';
import type { OidcSettings } from '../settings/types.js';
import { OidcError } from './errors.js';

/** The method name of this extension in `authenticationMethod` and on sessions. */
export const OIDC_METHOD_NAME = OIDC_METHOD;

/** Where a login runs: the CRM (no portal) or a portal, whose redirect URI is its own. */
export interface SettingsReadContext {
  /** The portal's `urlId` (redirect URI `<siteUrl>/portal/<urlId>/oauth-callback`). */
  readonly portalUrlId?: string | null;
}

/**
 * Reads the OIDC settings of a login (throws `OidcSettingsError`, status 503, naming every problem):
 * the CRM's when `providerId` is null, else the authentication provider's (or a test-login draft's).
 */
export interface OidcSettingsSource {
  read(providerId?: string | null, context?: SettingsReadContext): Promise<OidcSettings>;
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

  /** The CRM's settings; a providerId nobody recognised (deleted provider) is refused, never read as the CRM's. */
  async read(providerId?: string | null): Promise<OidcSettings> {
    if (providerId !== null && providerId !== undefined) throw new OidcError('ERR_OIDC_PROVIDER_UNKNOWN');
    return readOidcSettings(this.config, this.siteUrl, { isSymmetricAlgorithm: (alg) => this.isSymmetric(alg) });
  }

  isActive(): boolean {
    return this.config.get<string>('authenticationMethod') === OIDC_METHOD_NAME;
  }

  isSymmetric(alg: string): boolean {
    return this.registry.isSymmetricName(alg);
  }
}
