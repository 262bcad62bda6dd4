import {
  AuthToken,
  Portal,
  TYPES,
  type ConfigService,
  type MetadataService,
  type Persistence,
  type SecretBox,
  type SiteUrl,
} from 'crm-host/sdk';
import { inject, injectable, optional } from 'inversify';
import { JWT_ALGORITHM_OPTIONS } from '../jwt/algorithm-options.js';
import type { AlgorithmRegistry } from '../jwt/algorithm-registry.js';
import { JWT_TYPES } from '../jwt/tokens.js';
import { OIDC_SETTING_DEFAULTS } from '../settings/defaults.js';
import { chosenRedirectPath } from '../settings/redirect-path.js';
import { AuthenticationProvider } from './entities/AuthenticationProvider.js';
import { ProviderError } from './errors.js';
import {
  PROVIDER_FIELDS,
  PROVIDER_METHOD,
  PROVIDER_SECRET_FIELDS,
  portalBackchannelPath,
  portalRedirectPath,
} from './fields.js';
import { checkProviderBody, checkProviderSettings, mergeValues } from './provider-validation.js';

export interface ProviderView {
  id: string;
  name: string;
  method: string;
  /** Each provider field: its value, or `{ isSet }` for a secret. */
  [field: string]: unknown;
  portals: Array<{ id: string; name: string; urlId: string; isActive: boolean }>;
  /** One redirect URI per portal linked to the provider (register each at the IdP). */
  redirectUris: string[];
  backchannelLogoutUris: string[];
}

/** The AAD of a provider's sealed secret field. */
export function providerSecretContext(providerId: string, field: string): string {
  return `oidc_authentication_providers.values:${providerId}:${field}`;
}

/** Authentication providers: CRUD for the admin API, lookups for the login flow and logout. */
@injectable()
export class AuthenticationProviderService {
  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Metadata) private readonly metadata: MetadataService,
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
    @inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry,
    @inject(TYPES.SecretBox) @optional() private readonly box?: SecretBox,
  ) {}

  /** The provider's values with its secrets opened (they are sealed with the host key at rest). */
  clearValues(provider: AuthenticationProvider): Record<string, unknown> {
    const box = this.box;
    if (!box) return provider.values;
    const out = { ...provider.values };
    for (const field of PROVIDER_SECRET_FIELDS) {
      const value = out[field];
      if (box.isSealed(value)) out[field] = box.open(value, providerSecretContext(provider.id, field));
    }
    return out;
  }

  private sealValues(id: string, values: Record<string, unknown>): Record<string, unknown> {
    const box = this.box;
    if (!box) return values;
    const out = { ...values };
    for (const field of PROVIDER_SECRET_FIELDS) {
      const value = out[field];
      if (typeof value === 'string' && value !== '' && !box.isSealed(value)) {
        out[field] = box.seal(value, providerSecretContext(id, field));
      }
    }
    return out;
  }

  /** Options of the fields naming an options provider: the algorithm fields take the registry's names. */
  private providedOptions(name: string): readonly string[] | undefined {
    return name === JWT_ALGORITHM_OPTIONS ? this.registry.names() : undefined;
  }

  /** Whether `alg` is verified with the client secret (custom algorithms included). */
  isSymmetric(alg: string): boolean {
    return this.registry.isSymmetricName(alg);
  }

  async find(id: string | null | undefined): Promise<AuthenticationProvider | null> {
    if (typeof id !== 'string' || id === '' || id.length > 36) return null;
    return this.persistence.em().findOne(AuthenticationProvider, { id });
  }

  async require(id: string): Promise<AuthenticationProvider> {
    const provider = await this.find(id);
    if (!provider) throw new ProviderError('ERR_PROVIDER_NOT_FOUND');
    return provider;
  }

  async all(): Promise<AuthenticationProvider[]> {
    return this.persistence.em().find(AuthenticationProvider, {}, { orderBy: { name: 'asc', id: 'asc' } });
  }

  async list(): Promise<ProviderView[]> {
    const providers = await this.all();
    const portals = await this.persistence.em().find(Portal, {}, { orderBy: { name: 'asc' } });
    return providers.map((p) =>
      this.view(
        p,
        portals.filter((portal) => portal.authenticationProviderId === p.id),
      ),
    );
  }

  async get(id: string): Promise<ProviderView> {
    const provider = await this.require(id);
    return this.view(provider, await this.portalsOf(provider.id));
  }

  async portalsOf(providerId: string): Promise<Portal[]> {
    return this.persistence.em().find(Portal, { authenticationProviderId: providerId }, { orderBy: { name: 'asc' } });
  }

  async create(body: unknown): Promise<ProviderView> {
    const patch = checkProviderBody(body, this.metadata, true, (name) => this.providedOptions(name));
    const values = mergeValues({}, patch);
    checkProviderSettings(values, this.config, this.siteUrl.get(), (a) => this.isSymmetric(a));
    const em = this.persistence.em();
    const now = new Date();
    const provider = em.create(AuthenticationProvider, {
      name: patch.name as string,
      method: PROVIDER_METHOD,
      values: {},
      createdAt: now,
      modifiedAt: now,
    });
    provider.values = this.sealValues(provider.id, values);
    await em.persistAndFlush(provider);
    return this.view(provider, []);
  }

  async update(id: string, body: unknown): Promise<ProviderView> {
    const patch = checkProviderBody(body, this.metadata, false, (name) => this.providedOptions(name));
    const em = this.persistence.em();
    const provider = await em.findOne(AuthenticationProvider, { id });
    if (!provider) throw new ProviderError('ERR_PROVIDER_NOT_FOUND');
    const values = mergeValues(this.clearValues(provider), patch);
    checkProviderSettings(values, this.config, this.siteUrl.get(), (a) => this.isSymmetric(a));
    provider.values = this.sealValues(provider.id, values);
    if (patch.name !== undefined) provider.name = patch.name;
    provider.modifiedAt = new Date();
    await em.flush();
    return this.view(provider, await this.portalsOf(provider.id));
  }

  /** Deletes the provider: its portals fall back to password sign-in and its sessions end. */
  async delete(id: string): Promise<void> {
    const provider = await this.require(id);
    await this.persistence.transactional(async (em) => {
      await em.nativeUpdate(Portal, { authenticationProviderId: provider.id }, { authenticationProviderId: null });
      await em.nativeUpdate(AuthToken, { idpProviderId: provider.id, isActive: true }, { isActive: false });
      await em.nativeDelete(AuthenticationProvider, { id: provider.id });
    });
  }

  private view(provider: AuthenticationProvider, portals: Portal[]): ProviderView {
    const view: ProviderView = {
      id: provider.id,
      name: provider.name,
      method: provider.method,
      portals: portals.map((p) => ({ id: p.id, name: p.name, urlId: p.urlId, isActive: p.isActive })),
      redirectUris: portals.map((p) =>
        this.siteUrl.resolve(portalRedirectPath(p.urlId, chosenRedirectPath(this.config))),
      ),
      backchannelLogoutUris: portals.map((p) => this.siteUrl.resolve(portalBackchannelPath(p.urlId))),
      createdAt: provider.createdAt.toISOString(),
      modifiedAt: provider.modifiedAt.toISOString(),
    };
    for (const field of PROVIDER_FIELDS) {
      const value = provider.values[field];
      view[field] = PROVIDER_SECRET_FIELDS.has(field)
        ? { isSet: typeof value === 'string' && value !== '' }
        : (value ?? OIDC_SETTING_DEFAULTS[field] ?? null);
    }
    return view;
  }
}
