import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { newId } from './ids.js';
import { User } from './User.js';

export type AuthResult = 'success' | 'failure';

/**
 * One login attempt (or logout), successful or not, with a stable reason code. Failures are aggregated:
 * one row per (window, method, reason, client address) with `attemptCount` and first (`createdAt`) and
 * last (`lastSeenAt`) sight; a success is always its own row (`attemptCount` 1, no `windowKey`).
 */
@Entity({ tableName: 'auth_log_records' })
@Index({ properties: ['createdAt'] })
export class AuthLogRecord {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  /** The user name as resolved or attempted (never a password or a token). */
  @Property({ type: 'string', length: 255, nullable: true })
  userName: string | null = null;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  user: Rel<User> | null = null;

  @Property({ type: 'string', length: 32 })
  method!: string;

  @Property({ type: 'string', length: 16 })
  result!: AuthResult;

  /** e.g. `ERR_PASSWORD_INVALID`, `ERR_OIDC_STATE_MISMATCH`; null on success. */
  @Property({ type: 'string', length: 64, nullable: true })
  reasonCode: string | null = null;

  @Property({ type: 'string', length: 45, nullable: true })
  ipAddress: string | null = null;

  /** When the first attempt of the row happened. */
  /** A short note for the audit view (e.g. the teams a sign-in created); never a token or a secret. */
  @Property({ type: 'string', length: 500, nullable: true })
  detail: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  /** How many attempts the row stands for (failures of one window; 1 for a success). */
  @Property({ type: 'integer', default: 1 })
  attemptCount: number = 1;

  /** When the last attempt of the row happened; null for a single attempt. */
  @Property({ type: 'Date', nullable: true })
  lastSeenAt: Date | null = null;

  /** Aggregation key of a failure row (hash of window, method, reason, address); null for a success. */
  @Property({ type: 'string', length: 64, nullable: true, unique: true })
  windowKey: string | null = null;
}
