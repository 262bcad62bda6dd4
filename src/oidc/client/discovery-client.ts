import { TYPES, type Clock, type Logger } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { NET_TYPES, type HttpClient } from '../../net/index.js';
import { parseDiscoveryDocument, discoveryUrlFor } from './discovery-document.js';
import { callEndpoint, DISCOVERY_TRANSPORT_ERRORS, mediaType, parseJsonObject } from './endpoint-call.js';
import { OidcClientError } from './errors.js';
import { OIDC_CLIENT_TYPES } from './tokens.js';
import type { DiscoveryClient, DiscoveryOptions, DiscoveryResult, OidcClientOptions } from './types.js';

interface CacheEntry {
  result?: DiscoveryResult;
  inflight?: Promise<void>;
  failedAt?: number;
}

const MAX_CACHED_ISSUERS = 64;

/**
 * Reads OpenID Provider metadata. `discover()` always asks the IdP (admin action, CLI) and refreshes the
 * cache; `metadataFor()` serves the callback and logout from a per-issuer cache: fresh for
 * `discoveryTtlMs`, then served stale while one background refresh runs; when the IdP is down the last
 * good document is kept for `discoveryMaxStaleMs` and refreshes are spaced by `discoveryRetryAfterMs`.
 */
@injectable()
export class HttpDiscoveryClient implements DiscoveryClient {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly logger: Logger;

  constructor(
    @inject(NET_TYPES.HttpClient) private readonly http: HttpClient,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) logger: Logger,
    @inject(OIDC_CLIENT_TYPES.Options) private readonly options: OidcClientOptions,
  ) {
    this.logger = logger.child('oidc.discovery');
  }

  async discover(issuer: string, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
    const allowHttp = options.allowHttp === true;
    const discoveryUrl = discoveryUrlFor(issuer, allowHttp);
    const response = await callEndpoint(
      this.http,
      discoveryUrl,
      {
        method: 'GET',
        headers: { accept: 'application/json' },
        timeoutMs: this.options.discoveryTimeoutMs,
        maxBytes: this.options.maxResponseBytes,
      },
      DISCOVERY_TRANSPORT_ERRORS,
    );
    if (response.status !== 200) {
      throw new OidcClientError('ERR_OIDC_DISCOVERY_UNAVAILABLE', {
        detail: `${discoveryUrl} answered ${response.status}`,
        httpStatus: response.status,
      });
    }
    const json = parseJsonObject(response.body);
    if (json === undefined) {
      throw new OidcClientError('ERR_OIDC_DISCOVERY_INVALID', {
        reason: 'not-json-object',
        detail: `${discoveryUrl} answered ${mediaType(response.headers) || 'no content type'}, not a JSON object`,
      });
    }
    const result = parseDiscoveryDocument(json, issuer, { discoveryUrl, allowHttp, now: this.clock.now() });
    this.entry(issuer, allowHttp).result = result;
    return result;
  }

  async metadataFor(
    issuer: string,
    options: DiscoveryOptions & { maxWaitMs?: number } = {},
  ): Promise<DiscoveryResult | null> {
    const allowHttp = options.allowHttp === true;
    const entry = this.entry(issuer, allowHttp);
    const now = this.clock.now();
    const usable = (): DiscoveryResult | null =>
      entry.result !== undefined && this.clock.now() - entry.result.fetchedAt <= this.options.discoveryMaxStaleMs
        ? entry.result
        : null;
    if (entry.result !== undefined && now - entry.result.fetchedAt < this.options.discoveryTtlMs) return entry.result;
    const mayRetry = entry.failedAt === undefined || now - entry.failedAt >= this.options.discoveryRetryAfterMs;
    if (entry.inflight === undefined && mayRetry) entry.inflight = this.refresh(issuer, allowHttp, entry);
    const stale = usable();
    if (stale !== null || entry.inflight === undefined) return stale;
    await waitAtMost(entry.inflight, options.maxWaitMs ?? this.options.discoveryMaxWaitMs);
    return usable();
  }

  private refresh(issuer: string, allowHttp: boolean, entry: CacheEntry): Promise<void> {
    return this.discover(issuer, { allowHttp })
      .then(() => {
        entry.failedAt = undefined;
      })
      .catch((error: unknown) => {
        entry.failedAt = this.clock.now();
        const code = OidcClientError.isOidcClientError(error) ? error.code : 'ERR_UNEXPECTED';
        this.logger.warn(
          `discovery of ${issuer} failed; ${entry.result ? 'serving the last good document' : 'no document cached'}`,
          {
            issuer,
            code,
            reason: (error as Error).message,
          },
        );
      })
      .finally(() => {
        entry.inflight = undefined;
      });
  }

  private entry(issuer: string, allowHttp: boolean): CacheEntry {
    const key = `${allowHttp ? 'h' : 's'}|${issuer}`;
    let entry = this.cache.get(key);
    if (entry === undefined) {
      if (this.cache.size >= MAX_CACHED_ISSUERS) this.cache.delete(this.cache.keys().next().value as string);
      entry = {};
      this.cache.set(key, entry);
    }
    return entry;
  }
}

/** Resolves when `promise` settles or after `ms`, whichever is first (the timer never keeps the process alive). */
async function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms));
    timer.unref();
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
