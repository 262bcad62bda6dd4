import type { ConfigService } from '../../sdk/config.js';
import { parseDuration } from '../settings/duration.js';

/** Defaults when config has no (or an unreadable) value. `0` disables a limit. */
export const DEFAULT_AUTH_TOKEN_LIFETIME = '7 days';
export const DEFAULT_AUTH_TOKEN_MAX_IDLE_TIME = '8 hours';
/** `lastAccess` is written at most this often per session, not on every request. */
export const LAST_ACCESS_RESOLUTION_MS = 60_000;

export interface SessionLimits {
  /** Absolute lifetime from creation, ms; 0 = none. */
  lifetimeMs: number;
  /** Maximum time since the last access, ms; 0 = none. */
  maxIdleMs: number;
}

export function sessionLimits(config: ConfigService): SessionLimits {
  const read = (key: string, fallback: string): number =>
    parseDuration(config.get(key)) ?? (parseDuration(fallback) as number);
  return {
    lifetimeMs: read('authTokenLifetime', DEFAULT_AUTH_TOKEN_LIFETIME),
    maxIdleMs: read('authTokenMaxIdleTime', DEFAULT_AUTH_TOKEN_MAX_IDLE_TIME),
  };
}
