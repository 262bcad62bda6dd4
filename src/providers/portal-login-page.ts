import { TYPES, type I18nService, type LoginPageData, type Portal } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { PortalLoginPageSource } from '../oidc/login-method.js';
import { OIDC_METHOD_NAME } from '../oidc/settings-source.js';
import { portalLoginPath } from './fields.js';
import type { AuthenticationProviderService } from './provider-service.js';
import { PROVIDER_TYPES } from './tokens.js';

/** A portal whose provider is one of ours signs in with that provider's button; no password form. */
@injectable()
export class ProviderPortalLoginPage implements PortalLoginPageSource {
  constructor(
    @inject(PROVIDER_TYPES.ProviderService) private readonly providers: AuthenticationProviderService,
    @inject(TYPES.I18n) private readonly i18n: I18nService,
  ) {}

  async loginPageData(portal: Portal, language: string): Promise<LoginPageData | null> {
    const provider = await this.providers.find(portal.authenticationProviderId);
    if (!provider) return null;
    const label = provider.values['oidcProviderLabel'];
    const buttonLabel =
      typeof label === 'string' && label.trim() !== ''
        ? this.i18n.translate('Oidc', 'labels', 'Sign in with {label}', language).replace('{label}', label.trim())
        : this.i18n.translate('Oidc', 'labels', 'Sign in', language);
    return { method: OIDC_METHOD_NAME, buttonLabel, startUrl: portalLoginPath(portal.urlId), fallback: false };
  }
}
