import type { ConfigService } from '../../sdk/config.js';
import type { PurgeTask } from '../../sdk/maintenance.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { LoginAttemptLimiter } from '../http/rate-limiter.js';
import { floodLimits } from '../sessions/flood-config.js';
import { sessionLimits } from '../sessions/session-config.js';
import { deleteBatch } from './batch-delete.js';

type DateValue = string | number | Date;

function dateOf(persistence: Persistence, epochMs: number): DateValue {
  return persistence.em().getPlatform().processDateProperty(new Date(epochMs)) as DateValue;
}

/** Authentication log rows older than `authLogRetention` (by their first attempt). */
export function authLogPurgeTask(persistence: Persistence, config: ConfigService): PurgeTask {
  return {
    name: 'host.auth-log',
    purge(now, limit) {
      const before = dateOf(persistence, now - floodLimits(config).authLogRetentionMs);
      return deleteBatch(persistence.knex(), 'auth_log_records', (q) => q.where('created_at', '<', before), limit);
    },
  };
}

/**
 * Sessions that ended (signed out, idle or past their lifetime) more than `sessionRetention` ago: a row
 * stays that long for the admin, then goes. Sessions that can still be used are never touched.
 */
export function sessionPurgeTask(persistence: Persistence, config: ConfigService): PurgeTask {
  return {
    name: 'host.sessions',
    purge(now, limit) {
      const retention = floodLimits(config).sessionRetentionMs;
      const { lifetimeMs, maxIdleMs } = sessionLimits(config);
      const at = (ms: number): DateValue => dateOf(persistence, ms);
      return deleteBatch(
        persistence.knex(),
        'auth_tokens',
        (q) =>
          q.where((ended) => {
            ended.where((signedOut) =>
              signedOut.where('is_active', false).where('last_access', '<', at(now - retention)),
            );
            if (lifetimeMs > 0) ended.orWhere('created_at', '<', at(now - lifetimeMs - retention));
            if (maxIdleMs > 0) ended.orWhere('last_access', '<', at(now - maxIdleMs - retention));
          }),
        limit,
      );
    },
  };
}

/** Password sign-in counters of windows that are over. */
export function loginAttemptPurgeTask(limiter: LoginAttemptLimiter): PurgeTask {
  return { name: 'host.login-attempts', purge: (now, limit) => limiter.purge(now, limit) };
}
