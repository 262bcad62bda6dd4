import type { ConfigService } from '../../sdk/config.js';
import type { SiteUrl } from '../../sdk/instance.js';

export const DEFAULT_SITE_URL = 'http://localhost';

/**
 * The public URL: the boot option `siteUrl` when given, else config `siteUrl`, else the boot option
 * `defaultSiteUrl`, else `http://localhost`.
 */
export class ConfiguredSiteUrl implements SiteUrl {
  constructor(
    private readonly config: ConfigService,
    private readonly fixed: string | undefined,
    private readonly fallback: string | undefined = undefined,
  ) {}

  get(): string {
    const configured = this.fixed ?? this.config.get<string>('siteUrl');
    const value =
      typeof configured === 'string' && configured.length > 0 ? configured : (this.fallback ?? DEFAULT_SITE_URL);
    return value.replace(/\/+$/, '');
  }

  resolve(path: string): string {
    return `${this.get()}${path.startsWith('/') ? path : `/${path}`}`;
  }
}
