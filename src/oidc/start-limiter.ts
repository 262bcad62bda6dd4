import { TYPES, type Clock } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { OidcFlowOptions } from './flow-options.js';
import { OIDC_TYPES } from './tokens.js';

/** Most client addresses tracked at once; past it the window starts afresh (memory stays bounded). */
const MAX_TRACKED = 10_000;

/**
 * Caps how many logins one client address may start per minute (each start stores a transaction, so an
 * unauthenticated flood would otherwise grow the table until the purge). In memory, per process; behind a
 * reverse proxy every client shares the proxy's address, so size `maxStartsPerIpPerMinute` for that.
 */
@injectable()
export class LoginStartLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(OIDC_TYPES.FlowOptions) private readonly options: OidcFlowOptions,
  ) {}

  /** Counts one start; false when the address is over its limit for the current minute. */
  allow(ip: string): boolean {
    const limit = this.options.maxStartsPerIpPerMinute;
    if (limit <= 0) return true;
    const now = this.clock.now();
    if (now - this.windowStart >= 60_000 || this.counts.size >= MAX_TRACKED) {
      this.windowStart = now;
      this.counts.clear();
    }
    const count = (this.counts.get(ip) ?? 0) + 1;
    this.counts.set(ip, count);
    return count <= limit;
  }
}
