import { TYPES, type Clock, type User } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { BEARER_TYPES } from './tokens.js';

export interface BearerCacheOptions {
  /** How long a resolved user is reused, ms: the longest a change (deactivation, type) takes to apply. */
  readonly ttlMs: number;
  /** Entries kept at most (oldest dropped first). */
  readonly maxEntries: number;
}

export const DEFAULT_BEARER_CACHE_OPTIONS: BearerCacheOptions = Object.freeze({ ttlMs: 10_000, maxEntries: 10_000 });

interface Entry {
  readonly user: User;
  readonly until: number;
}

/**
 * IdP identity `(issuer, sub)` -> host user, so that a bearer request costs no database read while the
 * entry is fresh. Entries expire after `ttlMs` (default 10 s: the bound on how long a change made in
 * another process takes to apply); in this process they are dropped at once when a session of the user
 * ends (sign-out, admin) or the IdP logs the identity out through the back channel.
 */
@injectable()
export class BearerUserCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(BEARER_TYPES.CacheOptions) private readonly options: BearerCacheOptions,
  ) {}

  static keyOf(issuer: string, sub: string): string {
    return `${issuer}\u0000${sub}`;
  }

  get(issuer: string, sub: string): User | undefined {
    const key = BearerUserCache.keyOf(issuer, sub);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.user;
  }

  set(issuer: string, sub: string, user: User): void {
    const key = BearerUserCache.keyOf(issuer, sub);
    this.entries.delete(key);
    this.entries.set(key, { user, until: this.clock.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  forgetIdentity(issuer: string, sub: string): void {
    this.entries.delete(BearerUserCache.keyOf(issuer, sub));
  }

  forgetUser(userId: string): void {
    for (const [key, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
