import { createHash } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ConfigService } from '../../sdk/config.js';
import { AuthLogRecord } from '../../sdk/entities/AuthLogRecord.js';
import { newId } from '../../sdk/entities/ids.js';
import { insertRow } from '../db/row-insert.js';
import type { Clock, Logger } from '../../sdk/logger.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { AuthLog, AuthLogEntry } from '../../sdk/sessions.js';
import { TYPES } from '../../sdk/tokens.js';
import { floodLimits } from './flood-config.js';
import { FailureRowBudget, OVERFLOW_SOURCE } from './failure-row-budget.js';

const TABLE = 'auth_log_records';

/**
 * Writes AuthLogRecord rows. A success is one row; failures are aggregated per window
 * (`authLogFailureWindow`), method, reason code and client address into one row whose `attempt_count`
 * grows (atomic UPDATE, safe with several processes), so a flood of forged requests adds a bounded number
 * of rows. A failure to write is logged, never thrown at the login flow.
 */
@injectable()
export class DbAuthLog implements AuthLog {
  private readonly budget = new FailureRowBudget();

  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) private readonly logger: Logger,
    @inject(TYPES.Config) private readonly config: ConfigService,
  ) {}

  async record(entry: AuthLogEntry): Promise<void> {
    try {
      const userId = typeof entry.user === 'string' ? entry.user : (entry.user?.id ?? null);
      const userName =
        entry.userName ?? (typeof entry.user === 'object' && entry.user ? entry.user.userName : null) ?? null;
      const row = {
        method: entry.method.slice(0, 32),
        result: entry.result,
        reasonCode: entry.reasonCode?.slice(0, 64) ?? null,
        userName: userName?.slice(0, 255) ?? null,
        user: userId,
        ipAddress: entry.ipAddress?.slice(0, 45) ?? null,
      };
      if (entry.result === 'failure') await this.recordFailure(row);
      // One INSERT of plain values (no entity, no unit of work, no BEGIN/COMMIT): written on every login.
      else
        await insertRow(this.persistence.em(), AuthLogRecord, {
          id: newId(),
          ...row,
          detail: entry.detail?.slice(0, 500) ?? null,
          createdAt: this.now(),
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

  private now(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Adds one to the row of (window, method, reason, address), creating it on first sight. Past
   * `authLogFailureRowsPerWindow` rows opened by this process in the window, the address is dropped
   * (`ipAddress` null): the rest of the window counts in one row per method and reason.
   */
  private async recordFailure(row: {
    method: string;
    result: string;
    reasonCode: string | null;
    userName: string | null;
    user: string | null;
    ipAddress: string | null;
  }): Promise<void> {
    const limits = floodLimits(this.config);
    const now = this.clock.now();
    const windowStart = now - (now % limits.authLogFailureWindowMs);
    const shape = `${row.method}\u0000${row.reasonCode ?? ''}`;
    const admitted = this.budget.admit(
      windowStart,
      `${shape}\u0000${row.ipAddress ?? ''}`,
      limits.authLogFailureRowsPerWindow,
    );
    const source = admitted ? (row.ipAddress ?? '') : OVERFLOW_SOURCE;
    const windowKey = createHash('sha256').update(`${windowStart}\u0000${shape}\u0000${source}`).digest('hex');
    const em = this.persistence.em() as SqlEntityManager;
    if (await this.bump(em, windowKey, now)) return;
    try {
      await insertRow(em, AuthLogRecord, {
        id: newId(),
        ...row,
        ...(admitted ? {} : { ipAddress: null, userName: null, user: null }),
        createdAt: new Date(now),
        lastSeenAt: new Date(now),
        attemptCount: 1,
        windowKey,
      });
    } catch (error) {
      // Another request (or process) inserted the row between the UPDATE and the INSERT.
      if (!(await this.bump(em, windowKey, now))) throw error;
    }
  }

  private async bump(em: SqlEntityManager, windowKey: string, now: number): Promise<boolean> {
    const knex = em.getKnex();
    const affected = await knex(TABLE)
      .where({ window_key: windowKey })
      .update({
        attempt_count: knex.raw('attempt_count + 1'),
        last_seen_at: em.getPlatform().processDateProperty(new Date(now)),
      });
    return Number(affected) > 0;
  }
}
