import { TYPES, type Clock, type Logger } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { NET_TYPES, type HttpClient } from '../net/index.js';
import { checkEndpoint } from '../settings/endpoint-policy.js';
import type { OidcSettings } from '../settings/types.js';

/** Where the IdP's end-session endpoint comes from when `oidcLogoutUrl` is not set. Replaceable (`rebind`). */
export interface EndSessionEndpointSource {
  /** The `end_session_endpoint` of `settings.issuer`, or null when the IdP has none or cannot be asked. */
  endSessionEndpoint(settings: OidcSettings): Promise<string | null>;
}

const FOUND_TTL_MS = 10 * 60_000;
const FAILED_TTL_MS = 30_000;
const TIMEOUT_MS = 3000;
const MAX_BYTES = 256 * 1024;

/**
 * Reads `end_session_endpoint` from the issuer's discovery document (bounded client, no redirects), caches
 * the answer per issuer (10 minutes; a failure 30 seconds) and accepts it only when the document's
 * `issuer` is the configured one and the endpoint passes the same transport rules as the other endpoints.
 * The `oidc-client` domain's DiscoveryClient can replace this class through the binding.
 */
@injectable()
export class DiscoveryEndSessionEndpoint implements EndSessionEndpointSource {
  private readonly cache = new Map<string, { value: string | null; until: number }>();
  private readonly logger: Logger;

  constructor(
    @inject(NET_TYPES.HttpClient) private readonly http: HttpClient,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) logger: Logger,
  ) {
    this.logger = logger.child('oidc.logout');
  }

  async endSessionEndpoint(settings: OidcSettings): Promise<string | null> {
    const key = `${settings.issuer}\u0000${settings.allowHttp}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.clock.now()) return hit.value;
    let value: string | null = null;
    let ttl = FOUND_TTL_MS;
    try {
      const url = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const { json } = await this.http.json(url, { timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES });
      const endpoint = json['end_session_endpoint'];
      if (json['issuer'] !== settings.issuer) {
        this.logger.warn('Discovery names another issuer; no end-session endpoint used');
      } else if (typeof endpoint === 'string') {
        const problem = checkEndpoint('end_session_endpoint', endpoint, { allowHttp: settings.allowHttp });
        if (problem) this.logger.warn('The discovered end_session_endpoint is not usable', { code: problem.code });
        else value = endpoint;
      }
    } catch (error) {
      ttl = FAILED_TTL_MS;
      this.logger.warn('Could not read the end-session endpoint from discovery', {
        code: (error as { code?: string }).code ?? null,
      });
    }
    this.cache.set(key, { value, until: this.clock.now() + ttl });
    return value;
  }
}
