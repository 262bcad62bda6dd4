import { TYPES, type Clock, type Logger } from 'crm-host/sdk';
import { inject, injectable, optional } from 'inversify';
import type { HttpClient } from '../net/http-client.js';
import { NET_TYPES } from '../net/tokens.js';
import type { OidcSettings } from '../settings/types.js';
import { OIDC_CLIENT_IDS, type DiscoveryClient } from './client-contracts.js';
import type { OidcFlowOptions } from './flow-options.js';
import { OIDC_TYPES } from './tokens.js';

/**
 * Whether the RFC 9207 `iss` authorization-response parameter is required: when the issuer's discovery
 * document announces `authorization_response_iss_parameter_supported: true`. A present `iss` is always
 * compared with the expected issuer, whatever this says.
 */
export interface IssuerParameterPolicy {
  required(settings: OidcSettings): Promise<boolean>;
  /** Fetches (and caches) the discovery metadata ahead of the callback; never throws. */
  prefetch(settings: OidcSettings): Promise<void>;
}

interface CacheEntry {
  required: boolean;
  until: number;
}

const FAILURE_CACHE_MS = 60_000;

/**
 * Reads the announcement from the oidc-client domain's `DiscoveryClient` when it is bound (its cache),
 * else fetches `<issuer>/.well-known/openid-configuration` through the bounded HTTP client, and caches
 * the answer per issuer. An issuer without a reachable discovery document counts as not announcing it
 * (configured by hand); that answer is cached for one minute only.
 */
@injectable()
export class DiscoveryIssuerParameterPolicy implements IssuerParameterPolicy {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    @inject(NET_TYPES.HttpClient) private readonly http: HttpClient,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) private readonly logger: Logger,
    @inject(OIDC_TYPES.FlowOptions) private readonly options: OidcFlowOptions,
    @inject(OIDC_CLIENT_IDS.DiscoveryClient) @optional() private readonly discovery: DiscoveryClient | undefined,
  ) {}

  async prefetch(settings: OidcSettings): Promise<void> {
    await this.required(settings).catch(() => undefined);
  }

  async required(settings: OidcSettings): Promise<boolean> {
    const now = this.clock.now();
    const cached = this.cache.get(settings.issuer);
    if (cached && cached.until > now) return cached.required;
    let metadata: Readonly<Record<string, unknown>> | null = null;
    let ok = true;
    try {
      metadata = await this.load(settings);
    } catch (error) {
      ok = false;
      this.logger.info('OIDC discovery document unavailable; the iss callback parameter is not required', {
        issuer: settings.issuer,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    // The raw document says `authorization_response_iss_parameter_supported`; the oidc-client domain's
    // DiscoveryResult says `authorizationResponseIssParameterSupported` (found by the callback fuzzer).
    const required =
      metadata?.['authorization_response_iss_parameter_supported'] === true ||
      metadata?.['authorizationResponseIssParameterSupported'] === true;
    if (this.cache.size > 100) this.cache.clear();
    this.cache.set(settings.issuer, {
      required,
      until: now + (ok ? this.options.discoveryCacheMs : FAILURE_CACHE_MS),
    });
    return required;
  }

  private async load(settings: OidcSettings): Promise<Readonly<Record<string, unknown>> | null> {
    const client = this.discovery;
    if (client?.metadataFor) return client.metadataFor(settings.issuer, { allowHttp: settings.allowHttp });
    const url = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const { json } = await this.http.json(url, { timeoutMs: 3000, maxBytes: 256 * 1024 });
    if (json['issuer'] !== settings.issuer) return null; // not this issuer's document: announces nothing
    return json;
  }
}
