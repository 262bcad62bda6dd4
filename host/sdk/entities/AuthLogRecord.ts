import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { newId } from './ids.js';
import { User } from './User.js';

export type AuthResult = 'success' | 'failure';

/** One login attempt (or logout), successful or not, with a stable reason code. */
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

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
