import { Portal, TYPES, type ConfigService, type Persistence, type SiteUrl } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { crmRegistrationUris, portalRegistrationUris, type RegistrationUri } from './registration-uris.js';

/** The addresses to register: the CRM's own client, and one set per portal linked to a provider. */
export interface RegistrationList {
  readonly siteUrl: string;
  readonly crm: RegistrationUri[];
  readonly portals: Array<{
    readonly portalId: string;
    readonly name: string;
    readonly urlId: string;
    readonly providerId: string;
    readonly uris: RegistrationUri[];
  }>;
}

/** Builds the {@link RegistrationList} from the site URL, the redirect form setting and the portals. */
@injectable()
export class RegistrationUriService {
  constructor(
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
  ) {}

  async list(): Promise<RegistrationList> {
    await this.config.refresh();
    const siteUrl = this.siteUrl.get();
    const portals = await this.persistence
      .em()
      .find(Portal, { authenticationProviderId: { $ne: null } }, { orderBy: { name: 'asc', id: 'asc' } });
    return {
      siteUrl,
      crm: crmRegistrationUris(this.config, siteUrl),
      portals: portals.map((p) => ({
        portalId: p.id,
        name: p.name,
        urlId: p.urlId,
        providerId: p.authenticationProviderId as string,
        uris: portalRegistrationUris(this.config, siteUrl, p.urlId),
      })),
    };
  }
}
