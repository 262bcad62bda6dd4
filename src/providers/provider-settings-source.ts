import type { ConfigService, SiteUrl } from 'crm-host/sdk';
import { OidcError } from '../oidc/errors.js';
import type { OidcSettingsSource, SettingsReadContext } from '../oidc/settings-source.js';
import type { OidcSettings } from '../settings/types.js';
import type { AuthenticationProviderService } from './provider-service.js';
import { readProviderSettings } from './provider-settings.js';

/**
 * The saved-settings source with authentication providers: a providerId that names a provider reads that
 * provider's settings (redirect URI of the context's portal); null reads the CRM's through `inner`. The
 * test login's draft source wraps this one, so drafts keep working.
 */
export class ProviderAwareSettingsSource implements OidcSettingsSource {
  constructor(
    private readonly inner: OidcSettingsSource,
    private readonly providers: AuthenticationProviderService,
    private readonly config: Pick<ConfigService, 'get'>,
    private readonly siteUrl: SiteUrl,
  ) {}

  async read(providerId?: string | null, context?: SettingsReadContext): Promise<OidcSettings> {
    if (providerId === null || providerId === undefined) return this.inner.read(null, context);
    const provider = await this.providers.find(providerId);
    if (!provider) throw new OidcError('ERR_OIDC_PROVIDER_UNKNOWN');
    return readProviderSettings(this.providers.clearValues(provider), this.config, this.siteUrl, {
      portalUrlId: context?.portalUrlId ?? null,
      isSymmetricAlgorithm: (alg) => this.inner.isSymmetric(alg),
    });
  }

  isActive(): boolean {
    return this.inner.isActive();
  }

  isSymmetric(alg: string): boolean {
    return this.inner.isSymmetric(alg);
  }
}
