import { HostError, TYPES, type ConfigService, type ConfigValue, type SiteUrl } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { JWT_TYPES, type AlgorithmRegistry } from '../../jwt/index.js';
import { OIDC_METHOD, OidcSettingsError, readOidcSettings } from '../../settings/index.js';
import { type ClientAuthRegistry } from './auth/auth-registry.js';
import { buildDiscoveryReport, currentFrom, type DiscoveryReport } from './discovery-report.js';
import { OidcClientError } from './errors.js';
import { CLIENT_AUTH_REGISTRY } from './token-client.js';
import { OIDC_CLIENT_TYPES } from './tokens.js';
import type { DiscoveryClient } from './types.js';

/** DI identifier of {@link DiscoveryService} (used by the admin route and the CLI command). */
export const DISCOVERY_SERVICE = Symbol.for('oidc-auth.oidc.client.DiscoveryService');

/**
 * The admin side of discovery: reads the issuer's metadata (the given issuer, else the saved
 * `oidcIssuer`), builds the report against the saved settings, and on request saves the suggested
 * values after the same checks a settings save runs for OIDC.
 */
@injectable()
export class DiscoveryService {
  constructor(
    @inject(OIDC_CLIENT_TYPES.DiscoveryClient) private readonly discovery: DiscoveryClient,
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
    @inject(JWT_TYPES.AlgorithmRegistry) private readonly algorithms: AlgorithmRegistry,
    @inject(CLIENT_AUTH_REGISTRY) private readonly authMethods: ClientAuthRegistry,
  ) {}

  /**
   * The form's unsaved values posted with the request (`values`: setting name -> value), or `{}`. Only
   * settings of this extension (`oidc...`) are taken; anything else is refused.
   */
  unsavedFrom(requested: unknown): Record<string, ConfigValue> {
    if (requested === undefined || requested === null) return {};
    if (typeof requested !== 'object' || Array.isArray(requested)) {
      throw new HostError('ERR_BAD_REQUEST', 'values must be an object of settings', {
        status: 400,
        i18nKey: 'Global.messages.badRequest',
      });
    }
    const out: Record<string, ConfigValue> = {};
    for (const [key, value] of Object.entries(requested as Record<string, unknown>)) {
      if (key.startsWith('oidc')) out[key] = value as ConfigValue;
    }
    if (Object.hasOwn(out, 'oidcAllowHttp') && typeof out['oidcAllowHttp'] !== 'boolean') {
      throw new HostError('ERR_SETTINGS_INVALID', 'oidcAllowHttp must be true or false', {
        status: 400,
        i18nKey: 'Settings.messages.settingsInvalid',
        fields: { oidcAllowHttp: 'must be true or false' },
      });
    }
    return out;
  }

  /** The issuer to use: `requested` when given, else the saved one. */
  issuerFor(requested: unknown): string {
    if (requested !== undefined && requested !== null && requested !== '') {
      if (typeof requested !== 'string')
        throw new OidcClientError('ERR_OIDC_DISCOVERY_ISSUER_INVALID', { detail: 'issuer must be text' });
      return requested;
    }
    const saved = this.config.get<ConfigValue>('oidcIssuer');
    if (typeof saved !== 'string' || saved === '') {
      throw new OidcClientError('ERR_OIDC_DISCOVERY_ISSUER_INVALID', {
        detail: 'no issuer given and oidcIssuer is not set',
      });
    }
    return saved;
  }

  /**
   * Reads the issuer's discovery document and builds the report. `unsaved` are the settings form's
   * current values (not saved yet): they win over the saved ones, for the plain-HTTP opt-in
   * (`oidcAllowHttp`) as for the values the report compares against.
   */
  async report(issuer: string, unsaved: Readonly<Record<string, ConfigValue>> = {}): Promise<DiscoveryReport> {
    await this.config.refresh();
    const get = (key: string): ConfigValue | undefined =>
      Object.hasOwn(unsaved, key) ? unsaved[key] : this.config.get<ConfigValue>(key);
    const result = await this.discovery.discover(issuer, { allowHttp: get('oidcAllowHttp') === true });
    return buildDiscoveryReport(result, {
      current: currentFrom(get),
      registeredAlgorithms: this.algorithms.names(),
      authMethods: this.authMethods.methods(),
    });
  }

  /**
   * Saves the report's values. While OIDC is the active method the settings after the change must pass
   * the OIDC settings checks (like a save in the settings form); nothing is saved otherwise.
   */
  async save(report: DiscoveryReport): Promise<void> {
    const next = (key: string): ConfigValue | undefined =>
      Object.hasOwn(report.values, key) ? report.values[key] : this.config.get<ConfigValue>(key);
    if (next('authenticationMethod') === OIDC_METHOD) {
      try {
        readOidcSettings({ get: <T>(key: string) => next(key) as T | undefined }, this.siteUrl, {
          isSymmetricAlgorithm: (alg) => this.algorithms.get(alg)?.keyTypes.every((t) => t.kty === 'oct') ?? false,
        });
      } catch (error) {
        if (!(error instanceof OidcSettingsError)) throw error;
        throw new HostError('ERR_OIDC_DISCOVERY_SAVE_REFUSED', `Nothing saved: ${error.message}`, {
          status: 400,
          i18nKey: 'OidcClient.messages.discoverySaveRefused',
          fields: error.fields,
        });
      }
    }
    await this.config.set({ ...report.values });
  }
}
