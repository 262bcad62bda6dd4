import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import type { ConfigService } from '../../sdk/config.js';
import type { Clock } from '../../sdk/logger.js';
import type { Persistence } from '../../sdk/persistence.js';
import { floodLimits } from '../sessions/flood-config.js';

const TABLE = 'login_attempts';

/** What a granted reservation holds (to release on success). */
export interface AttemptReservation {
  readonly ipKey: string;
  readonly userKey: string;
}

export type ReserveResult = { reserved: AttemptReservation } | { limited: 'ip' | 'userName' };

/** Dates as the ORM stores them on the platform (epoch ms on SQLite, DATETIME on MariaDB). */
type DateWriter = (date: Date) => string | number | Date;

/**
 * Password sign-in limits shared by every host process on the database (`login_attempts`): an attempt is
 * reserved per client address (`loginAttemptsPerIp`, 20) and per user name (`loginAttemptsPerUser`, 5) in
 * a fixed window (`loginAttemptWindow`, 15 minutes) BEFORE the password hash is checked, by an atomic
 * `UPDATE ... SET attempts = attempts + 1 WHERE id = ? AND attempts < limit` (or the INSERT of the first
 * attempt). A burst of concurrent guesses therefore gets at most the limit checked, whichever process
 * answers. A successful sign-in releases its address attempt and resets the user name's count, as before:
 * the limits count failures (and the attempts still in flight).
 */
export class LoginAttemptLimiter {
  constructor(
    private readonly persistence: Persistence,
    private readonly clock: Clock,
    private readonly config: ConfigService,
  ) {}

  private knex(): Knex {
    return this.persistence.knex();
  }

  private writer: DateWriter | undefined;

  private dateWriter(): DateWriter {
    if (!this.writer) {
      const platform = this.persistence.em().getPlatform();
      this.writer = (date) => platform.processDateProperty(date) as string | number | Date;
    }
    return this.writer;
  }

  /** Reserves one attempt for the address and the user name, or says which limit is reached. */
  async reserve(ip: string, userName: string): Promise<ReserveResult> {
    const limits = floodLimits(this.config);
    const now = this.clock.now();
    const windowStart = now - (now % limits.loginAttemptWindowMs);
    const expiresAt = new Date(windowStart + limits.loginAttemptWindowMs);
    const ipKey = keyOf('ip', ip, windowStart);
    const userKey = keyOf('user', userName.toLowerCase(), windowStart);
    if (!(await this.take(ipKey, limits.loginAttemptsPerIp, expiresAt))) return { limited: 'ip' };
    if (!(await this.take(userKey, limits.loginAttemptsPerUser, expiresAt))) {
      await this.giveBack(ipKey);
      return { limited: 'userName' };
    }
    return { reserved: { ipKey, userKey } };
  }

  /** After a successful sign-in: the address attempt is given back and the user name starts afresh. */
  async release(reservation: AttemptReservation): Promise<void> {
    await this.giveBack(reservation.ipKey);
    await this.knex()(TABLE).where({ id: reservation.userKey }).del();
  }

  /** Deletes at most `limit` rows of windows that ended before `now`. */
  async purge(now: number, limit: number): Promise<number> {
    const knex = this.knex();
    const ids = (await knex(TABLE)
      .select('id')
      .where('expires_at', '<', this.dateWriter()(new Date(now)))
      .limit(limit)) as Array<{ id: string }>;
    if (ids.length === 0) return 0;
    return Number(
      await knex(TABLE)
        .whereIn(
          'id',
          ids.map((r) => r.id),
        )
        .del(),
    );
  }

  /** Atomic increment-and-check of one counter; true when the attempt is within `limit`. */
  private async take(id: string, limit: number, expiresAt: Date): Promise<boolean> {
    const knex = this.knex();
    const increment = async (): Promise<boolean> =>
      Number(
        await knex(TABLE)
          .where({ id })
          .where('attempts', '<', limit)
          .update({ attempts: knex.raw('attempts + 1') }),
      ) === 1;
    if (await increment()) return true;
    if (await knex(TABLE).where({ id }).first('id')) return false;
    try {
      await knex(TABLE).insert({ id, attempts: 1, expires_at: this.dateWriter()(expiresAt) });
      return true;
    } catch (error) {
      // Another request or process inserted the row first: count against it.
      if (await knex(TABLE).where({ id }).first('id')) return increment();
      throw error;
    }
  }

  private async giveBack(id: string): Promise<void> {
    const knex = this.knex();
    await knex(TABLE)
      .where({ id })
      .where('attempts', '>', 0)
      .update({ attempts: knex.raw('attempts - 1') });
  }
}

function keyOf(kind: 'ip' | 'user', value: string, windowStart: number): string {
  return `${kind}:${createHash('sha256').update(value, 'utf8').digest('hex')}:${windowStart}`;
}
