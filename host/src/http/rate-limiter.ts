import type { Clock } from '../../sdk/logger.js';

export interface RateLimits {
  /** Failed attempts per client IP within the window. */
  perIp: number;
  /** Failed attempts per user name within the window. */
  perUserName: number;
  windowMs: number;
  /** Keys kept in memory at most (oldest dropped first). */
  maxKeys: number;
}

export const DEFAULT_LOGIN_RATE_LIMITS: RateLimits = {
  perIp: 20,
  perUserName: 5,
  windowMs: 15 * 60_000,
  maxKeys: 10_000,
};

/** In-memory sliding-window limiter of failed password logins, per IP and per user name. */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: RateLimits = DEFAULT_LOGIN_RATE_LIMITS,
  ) {}

  private recent(key: string): number[] {
    const since = this.clock.now() - this.limits.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Which limit is reached, if any. */
  check(ip: string, userName: string): 'ip' | 'userName' | null {
    if (this.recent(`ip:${ip}`).length >= this.limits.perIp) return 'ip';
    if (this.recent(`user:${userName.toLowerCase()}`).length >= this.limits.perUserName) return 'userName';
    return null;
  }

  recordFailure(ip: string, userName: string): void {
    for (const key of [`ip:${ip}`, `user:${userName.toLowerCase()}`]) {
      const list = this.recent(key);
      list.push(this.clock.now());
      this.failures.delete(key); // re-insert: Map order = least recently failed first
      this.failures.set(key, list);
    }
    while (this.failures.size > this.limits.maxKeys) {
      this.failures.delete(this.failures.keys().next().value as string);
    }
  }

  /** After a successful login the user name starts afresh (the IP count stays). */
  reset(userName: string): void {
    this.failures.delete(`user:${userName.toLowerCase()}`);
  }
}
