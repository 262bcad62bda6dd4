import type { Clock } from 'crm-host/sdk';

export interface RefusalLimits {
  /** Refused back-channel requests per client IP within the window before the IP is answered 429. */
  readonly maxRefusals: number;
  readonly windowMs: number;
  /** IPs tracked at most (the least recently refused dropped first). */
  readonly maxKeys: number;
}

export const DEFAULT_REFUSAL_LIMITS: RefusalLimits = Object.freeze({
  maxRefusals: 100,
  windowMs: 60_000,
  maxKeys: 10_000,
});

/**
 * Counts refused back-channel logout requests per client IP (sliding window, in memory). Only refusals
 * count, so an IdP delivering valid tokens is never slowed; a client that keeps sending junk is answered
 * 429 before any token work until its window clears.
 */
export class RefusalLimiter {
  private readonly refusals = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: RefusalLimits = DEFAULT_REFUSAL_LIMITS,
  ) {}

  private recent(ip: string): number[] {
    const since = this.clock.now() - this.limits.windowMs;
    const list = (this.refusals.get(ip) ?? []).filter((t) => t > since);
    if (list.length === 0) this.refusals.delete(ip);
    else this.refusals.set(ip, list);
    return list;
  }

  /** Seconds until the IP may try again, or 0 when it is not limited. */
  retryAfterSec(ip: string): number {
    const list = this.recent(ip);
    if (list.length < this.limits.maxRefusals) return 0;
    return Math.max(1, Math.ceil(((list[0] as number) + this.limits.windowMs - this.clock.now()) / 1000));
  }

  recordRefusal(ip: string): void {
    const list = this.recent(ip);
    list.push(this.clock.now());
    this.refusals.delete(ip);
    this.refusals.set(ip, list);
    while (this.refusals.size > this.limits.maxKeys) this.refusals.delete(this.refusals.keys().next().value as string);
  }
}
