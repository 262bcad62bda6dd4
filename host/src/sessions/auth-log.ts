import { inject, injectable } from 'inversify';
import { AuthLogRecord } from '../../sdk/entities/AuthLogRecord.js';
import { newId } from '../../sdk/entities/ids.js';
import { insertRow } from '../db/row-insert.js';
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
      const userId = typeof entry.user === 'string' ? entry.user : (entry.user?.id ?? null);
      const userName =
        entry.userName ?? (typeof entry.user === 'object' && entry.user ? entry.user.userName : null) ?? null;
      // One INSERT of plain values (no entity, no unit of work, no BEGIN/COMMIT): written on every login.
      await insertRow(em, AuthLogRecord, {
        id: newId(),
        method: entry.method.slice(0, 32),
        result: entry.result,
        reasonCode: entry.reasonCode?.slice(0, 64) ?? null,
        userName: userName?.slice(0, 255) ?? null,
        user: userId,
        ipAddress: entry.ipAddress?.slice(0, 45) ?? null,
        createdAt: new Date(this.clock.now()),
      });
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
