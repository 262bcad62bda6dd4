import {
  Portal,
  PORTAL_URL_ID_PATTERN,
  TYPES,
  type ConfigService,
  type Logger,
  type Persistence,
  type SiteUrl,
} from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { LogoutConfiguration, ProviderConfigurations } from '../logout/configurations.js';
import { OidcSettingsError } from '../settings/errors.js';
import type { AuthenticationProviderService } from './provider-service.js';
import { readProviderSettings } from './provider-settings.js';
import { PROVIDER_TYPES } from './tokens.js';

/** The providers' settings for logout (back-channel token checks, RP-initiated logout of portal sessions). */
@injectable()
export class DbProviderConfigurations implements ProviderConfigurations {
  constructor(
    @inject(PROVIDER_TYPES.ProviderService) private readonly providers: AuthenticationProviderService,
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Logger) private readonly logger: Logger,
  ) {}

  async all(): Promise<LogoutConfiguration[]> {
    const out: LogoutConfiguration[] = [];
    for (const provider of await this.providers.all()) {
      try {
        out.push({ providerId: provider.id, settings: this.read(this.providers.clearValues(provider)) });
      } catch (error) {
        if (!(error instanceof OidcSettingsError)) throw error;
        this.logger.debug('An authentication provider with incomplete settings was skipped', {
          providerId: provider.id,
        });
      }
    }
    return out;
  }

  async one(providerId: string): Promise<LogoutConfiguration | null> {
    const provider = await this.providers.find(providerId);
    return provider ? { providerId: provider.id, settings: this.read(this.providers.clearValues(provider)) } : null;
  }

  async providerOfPortal(urlId: string): Promise<string | null> {
    const portal = await findActivePortal(this.persistence, urlId);
    return portal?.authenticationProviderId ?? null;
  }

  async portalUrlIdOf(portalId: string): Promise<string | null> {
    return (await this.persistence.em().findOne(Portal, { id: portalId }))?.urlId ?? null;
  }

  private read(values: Readonly<Record<string, unknown>>) {
    return readProviderSettings(values, this.config, this.siteUrl, {
      isSymmetricAlgorithm: (alg) => this.providers.isSymmetric(alg),
    });
  }
}

/** The active portal at `/portal/<urlId>/`, or null. */
export async function findActivePortal(persistence: Persistence, urlId: string): Promise<Portal | null> {
  if (!PORTAL_URL_ID_PATTERN.test(urlId)) return null;
  return persistence.em().findOne(Portal, { urlId, isActive: true });
}
