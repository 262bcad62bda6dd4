import type { Clock, Logger } from 'crm-host/sdk';

/** Window of the sampled sign-in failure warnings (the first of each code is logged per window). */
export const WARN_SAMPLE_WINDOW_MS = 60_000;
/** Distinct keys tracked per window at most (codes are a small fixed set; this only bounds memory). */
const MAX_KEYS = 1000;

type Level = 'warn' | 'error';

/**
 * Log sampling for lines an unauthenticated client can cause at will (a forged callback, a 429'd start, a
 * junk back-channel logout):
 * per key (the error code) only the first line of each window is written in full; the others are counted
 * and written as one summary line (`WARN_LOG_SAMPLED`, with the count) when the next window starts. A
 * flood therefore writes a bounded number of lines whatever its rate, and the admin still sees it.
 */
export class WarnSampler {
  private window = -1;
  private readonly suppressed = new Map<string, { level: Level; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly windowMs: number = WARN_SAMPLE_WINDOW_MS,
  ) {}

  log(level: Level, key: string, message: string, details: Record<string, unknown>): void {
    const now = this.clock.now();
    const start = now - (now % this.windowMs);
    if (start !== this.window) {
      this.flush();
      this.window = start;
    }
    const seen = this.suppressed.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    if (this.suppressed.size < MAX_KEYS) this.suppressed.set(key, { level, count: 0 });
    this.logger[level](message, details);
  }

  /** Writes the summary of the current window (counts of lines not written) and starts afresh. */
  flush(): void {
    for (const [key, { level, count }] of this.suppressed) {
      if (count === 0) continue;
      this.logger[level]('Similar warnings were not logged one by one', {
        warningCode: 'WARN_LOG_SAMPLED',
        reasonCode: key,
        suppressed: count,
        windowStart: new Date(this.window).toISOString(),
        windowSeconds: Math.round(this.windowMs / 1000),
      });
    }
    this.suppressed.clear();
  }
}
