import { createHash } from 'node:crypto';
import { TYPES, type Clock, type Logger, type Persistence } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { LOGOUT_TOKEN_USES_TABLE } from './entities/LogoutTokenUse.js';

/** Expired rows are deleted at most this often per process. */
const PURGE_INTERVAL_MS = 60_000;

/**
 * Single use of logout tokens across every host process sharing the database: `claim()` inserts the
 * token's key; the primary key makes a second insert fail, in this process or another.
 */
@injectable()
export class LogoutJtiStore {
  private lastPurge = 0;
  private readonly logger: Logger;

  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) logger: Logger,
  ) {
    this.logger = logger.child('oidc.logout');
  }

  static keyOf(issuer: string, jti: string): string {
    return createHash('sha256').update(issuer, 'utf8').update('\u0000').update(jti, 'utf8').digest('hex');
  }

  /** True when this is the first use of (issuer, jti); false for a replay. Keeps the key until `expiresAt`. */
  async claim(issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
    this.purgeSoon();
    const id = LogoutJtiStore.keyOf(issuer, jti);
    const knex = this.persistence.knex();
    try {
      await knex(LOGOUT_TOKEN_USES_TABLE).insert({ id, expires_at: expiresAt, created_at: new Date(this.clock.now()) });
      return true;
    } catch (error) {
      // A duplicate key is a replay; anything else (database down) must not pass for one.
      const existing = await knex(LOGOUT_TOKEN_USES_TABLE).where({ id }).first('id');
      if (existing) return false;
      throw error;
    }
  }

  /** Deletes rows whose tokens can no longer pass the time checks; returns how many. */
  async purgeExpired(): Promise<number> {
    this.lastPurge = this.clock.now();
    return this.persistence
      .knex()(LOGOUT_TOKEN_USES_TABLE)
      .where('expires_at', '<', new Date(this.clock.now()))
      .delete();
  }

  private purgeSoon(): void {
    if (this.clock.now() - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = this.clock.now();
    this.purgeExpired().catch((error: unknown) =>
      this.logger.warn('Could not purge used logout tokens', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}
