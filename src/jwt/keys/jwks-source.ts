import type { Clock, Logger } from 'crm-host/sdk';
import { NetError, describeUrl, type HttpClient } from '../../net/index.js';
import type { JwsAlgorithm } from '../algorithm.js';
import { JwtError } from '../errors.js';
import type { KeySet } from './key-set.js';
import type { KeySource } from './key-source.js';
import type { JwksOptions } from './jwks-options.js';
import { parseJwks } from './jwks-parse.js';
import { MAX_KID_LENGTH, type VerificationKey } from './verification-key.js';

export interface JwksStatus {
  readonly uri: string;
  readonly keys: number;
  readonly fetchedAt: number | null;
  readonly fetches: number;
  readonly stale: boolean;
}

/**
 * Keys from the IdP's `jwks_uri`. One fetch serves any number of concurrent callers; the set is cached
 * for `cacheMaxAgeMs`; an unknown kid forces one refresh, then no other for `cooldownMs`; when the IdP
 * is unreachable the last good set keeps serving for `staleGraceMs` (with a warning per failed attempt).
 */
export class JwksKeySource implements KeySource {
  readonly kind = 'jwks' as const;
  private set: KeySet | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private lastForcedAt = Number.NEGATIVE_INFINITY;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private lastError: JwtError | undefined;
  private warnedFailureAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<KeySet> | undefined;
  private fetches = 0;
  private readonly where: string;

  constructor(
    readonly uri: string,
    private readonly options: JwksOptions,
    private readonly http: HttpClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(uri);
    } catch {
      throw new JwtError('ERR_JWT_CONFIG_INVALID', 'The JWKS URI is not a valid URL.');
    }
    this.where = describeUrl(parsed);
  }

  status(): JwksStatus {
    const now = this.clock.now();
    return {
      uri: this.where,
      keys: this.set?.keys.length ?? 0,
      fetchedAt: this.set === undefined ? null : this.fetchedAt,
      fetches: this.fetches,
      stale: this.set !== undefined && now - this.fetchedAt >= this.options.cacheMaxAgeMs,
    };
  }

  selectSync(algorithm: JwsAlgorithm, kid: string | undefined): VerificationKey | undefined {
    const set = this.set;
    if (set === undefined || this.clock.now() - this.fetchedAt >= this.options.cacheMaxAgeMs) return undefined;
    const selection = set.lookup(algorithm, kid);
    if ('key' in selection) return selection.key;
    // An unknown kid may be a rotation: let the async path refresh (or join a refresh under way).
    if (selection.code === 'ERR_JWKS_NO_MATCHING_KEY' && (this.pending !== undefined || this.mayForceRefresh(kid)))
      return undefined;
    throw new JwtError(selection.code, selection.message);
  }

  async select(algorithm: JwsAlgorithm, kid: string | undefined): Promise<VerificationKey> {
    let set = await this.current();
    let selection = set.lookup(algorithm, kid);
    if (!('key' in selection) && selection.code === 'ERR_JWKS_NO_MATCHING_KEY') {
      if (this.pending !== undefined) {
        set = await this.pending.catch(() => set);
      } else if (this.mayForceRefresh(kid)) {
        this.lastForcedAt = this.clock.now();
        set = await this.refresh();
      }
      selection = set.lookup(algorithm, kid);
    }
    if ('key' in selection) return selection.key;
    throw new JwtError(selection.code, selection.message);
  }

  /** Fetches now (single-flight with any fetch under way) and returns the new set. */
  refresh(): Promise<KeySet> {
    if (this.pending !== undefined) return this.pending;
    const flight = this.fetchSet().then(
      (set) => {
        this.set = set;
        this.fetchedAt = this.clock.now();
        return set;
      },
      (error: unknown) => {
        this.lastFailureAt = this.clock.now();
        this.lastError = JwtError.is(error) ? error : new JwtError('ERR_JWKS_FETCH_FAILED');
        throw error;
      },
    );
    this.pending = flight;
    flight.then(
      () => this.clearPending(flight),
      () => this.clearPending(flight),
    );
    return flight;
  }

  private clearPending(flight: Promise<KeySet>): void {
    if (this.pending === flight) this.pending = undefined;
  }

  private mayForceRefresh(kid: string | undefined): boolean {
    if (kid !== undefined && kid.length > MAX_KID_LENGTH) return false;
    return this.clock.now() - this.lastForcedAt >= this.options.cooldownMs;
  }

  /** A fresh set, or the last good one within the grace window when the IdP fails. */
  private async current(): Promise<KeySet> {
    const now = this.clock.now();
    const age = now - this.fetchedAt;
    // A fresh set serves known kids at once, even while a forced refresh is under way.
    if (this.set !== undefined && age < this.options.cacheMaxAgeMs) return this.set;
    // Without any set, a recent failure is repeated for one cooldown instead of hammering a down IdP.
    if (this.set === undefined && this.lastError !== undefined && now - this.lastFailureAt < this.options.cooldownMs) {
      throw new JwtError(this.lastError.code, this.lastError.message, { reason: this.lastError.reason });
    }
    const withinGrace = this.set !== undefined && age < this.options.cacheMaxAgeMs + this.options.staleGraceMs;
    // After a failure, retry at most once per cooldown; meanwhile the last good set serves.
    if (withinGrace && this.pending === undefined && now - this.lastFailureAt < this.options.cooldownMs)
      return this.set!;
    try {
      return await this.refresh();
    } catch (error) {
      if (this.set !== undefined && withinGrace) {
        // One warning per failed attempt, however many callers were waiting for it.
        if (this.warnedFailureAt === this.lastFailureAt) return this.set;
        this.warnedFailureAt = this.lastFailureAt;
        this.logger.warn(
          `JWKS ${this.where} unreachable; serving the last good key set (fetched ${Math.round(age / 1000)} s ago)`,
          {
            uri: this.where,
            code: (error as JwtError).code,
            ageSeconds: Math.round(age / 1000),
          },
        );
        return this.set;
      }
      throw error;
    }
  }

  private async fetchSet(): Promise<KeySet> {
    this.fetches += 1;
    let json: Record<string, unknown>;
    try {
      ({ json } = await this.http.json(this.uri, {
        timeoutMs: this.options.timeoutMs,
        maxBytes: this.options.maxBytes,
        headers: { accept: 'application/jwk-set+json, application/json' },
      }));
    } catch (error) {
      if (NetError.isNetError(error) && error.code === 'ERR_HTTP_TIMEOUT') {
        throw new JwtError(
          'ERR_JWKS_TIMEOUT',
          `The key set at ${this.where} did not answer within ${this.options.timeoutMs} ms.`,
          { cause: error },
        );
      }
      const detail = netErrorDetail(error);
      throw new JwtError('ERR_JWKS_FETCH_FAILED', `The key set could not be fetched: ${detail}`, {
        cause: error,
        reason: (error as NetError).code,
      });
    }
    const { set, skipped } = parseJwks(json, this.options);
    if (skipped.length > 0) {
      this.logger.info(`JWKS ${this.where}: ${skipped.length} key(s) skipped`, { uri: this.where, skipped });
    }
    return set;
  }
}

function netErrorDetail(error: unknown): string {
  return NetError.isNetError(error) ? error.message : 'unexpected error';
}
