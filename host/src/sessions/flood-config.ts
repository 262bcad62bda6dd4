import type { ConfigService } from '../../sdk/config.js';
import { parseDuration } from '../settings/duration.js';

/**
 * Retention and rate limits of what unauthenticated requests can write (host config, `app.config` keys;
 * see docs/deployment.md "Security"). An unreadable value falls back to the default.
 */
export interface FloodLimits {
  /** Authentication log rows older than this are purged (`authLogRetention`, 90 days). */
  authLogRetentionMs: number;
  /** Failures of one (method, reason, address) within this window share one row (`authLogFailureWindow`, 5 minutes). */
  authLogFailureWindowMs: number;
  /** Failure rows one process opens per window; past it, failures go to one row per reason without address. */
  authLogFailureRowsPerWindow: number;
  /** Ended and expired sessions are kept this long, then purged (`sessionRetention`, 30 days). */
  sessionRetentionMs: number;
  /** Fixed window of the password sign-in limits (`loginAttemptWindow`, 15 minutes). */
  loginAttemptWindowMs: number;
  /** Password sign-in attempts per user name per window (`loginAttemptsPerUser`, 5). */
  loginAttemptsPerUser: number;
  /** Password sign-in attempts per client address per window (`loginAttemptsPerIp`, 20). */
  loginAttemptsPerIp: number;
  /** How often every serving process runs the purge tasks (`purgeInterval`, 10 minutes; 0: never). */
  purgeIntervalMs: number;
  /** Rows one purge task deletes per statement (`purgeBatchSize`, 1000). */
  purgeBatchSize: number;
}

export const DEFAULT_FLOOD_LIMITS: Readonly<FloodLimits> = Object.freeze({
  authLogRetentionMs: 90 * 86_400_000,
  authLogFailureWindowMs: 5 * 60_000,
  authLogFailureRowsPerWindow: 500,
  sessionRetentionMs: 30 * 86_400_000,
  loginAttemptWindowMs: 15 * 60_000,
  loginAttemptsPerUser: 5,
  loginAttemptsPerIp: 20,
  purgeIntervalMs: 10 * 60_000,
  purgeBatchSize: 1000,
});

function duration(config: ConfigService, key: string, fallback: number, min: number): number {
  const ms = parseDuration(config.get(key));
  return ms === null || ms < min ? fallback : ms;
}

function count(config: ConfigService, key: string, fallback: number, min: number): number {
  const value = config.get(key);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : fallback;
}

export function floodLimits(config: ConfigService): FloodLimits {
  const d = DEFAULT_FLOOD_LIMITS;
  return {
    authLogRetentionMs: duration(config, 'authLogRetention', d.authLogRetentionMs, 60_000),
    authLogFailureWindowMs: duration(config, 'authLogFailureWindow', d.authLogFailureWindowMs, 1000),
    authLogFailureRowsPerWindow: count(config, 'authLogFailureRowsPerWindow', d.authLogFailureRowsPerWindow, 0),
    sessionRetentionMs: duration(config, 'sessionRetention', d.sessionRetentionMs, 0),
    loginAttemptWindowMs: duration(config, 'loginAttemptWindow', d.loginAttemptWindowMs, 1000),
    loginAttemptsPerUser: count(config, 'loginAttemptsPerUser', d.loginAttemptsPerUser, 1),
    loginAttemptsPerIp: count(config, 'loginAttemptsPerIp', d.loginAttemptsPerIp, 1),
    purgeIntervalMs: duration(config, 'purgeInterval', d.purgeIntervalMs, 0),
    purgeBatchSize: count(config, 'purgeBatchSize', d.purgeBatchSize, 1),
  };
}
