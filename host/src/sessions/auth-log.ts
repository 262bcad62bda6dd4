import { inject, injectable } from 'inversify';
import { AuthLogRecord } from '../../sdk/entities/AuthLogRecord.js';
import { User } from '../../sdk/entities/User.js';
import type { Clock, Logger } from '../../sdk/logger.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { AuthLog, AuthLogEntry } from '../../sdk/sessions.js';
import { TYPES } from '../../sdk/tokens.js';

/** Writes AuthLogRecord rows. A failure to write is logged, never thrown at the login flow. */
@injectable()
export class DbAuthLog implements AuthLog {
  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) private readonly logger: Logger,
  ) {}

  async record(entry: AuthLogEntry): Promise<void> {
    try {
      const em = this.persistence.em();
      const user = typeof entry.user === 'string' ? em.getReference(User, entry.user) : (entry.user ?? null);
      const userName = entry.userName ?? (user && typeof entry.user !== 'string' ? entry.user?.userName : null) ?? null;
      const record = em.create(
        AuthLogRecord,
        {
          method: entry.method.slice(0, 32),
          result: entry.result,
          reasonCode: entry.reasonCode?.slice(0, 64) ?? null,
          userName: userName?.slice(0, 255) ?? null,
          user: user ? em.getReference(User, user.id) : null,
          ipAddress: entry.ipAddress?.slice(0, 45) ?? null,
          createdAt: new Date(this.clock.now()),
        },
        { persist: false },
      );
      // One INSERT without a unit-of-work flush (no BEGIN/COMMIT around it): written on every login.
      await em.insert(record);
    } catch (error) {
      this.logger.error('Could not write the authentication log', {
        method: entry.method,
        result: entry.result,
        reasonCode: entry.reasonCode ?? null,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
