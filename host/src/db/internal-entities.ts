import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One config parameter (table `config`). The reserved key {@link CONFIG_VERSION_KEY} holds a counter
 * bumped by every write, so other host processes notice changes with one cheap query.
 */
@Entity({ tableName: 'config' })
export class ConfigEntry {
  @PrimaryKey({ type: 'string', length: 191, fieldName: 'key' })
  key!: string;

  /** JSON text of the value. */
  @Property({ type: 'text', fieldName: 'value' })
  value!: string;

  @Property({ type: 'Date', fieldName: 'modified_at' })
  modifiedAt: Date = new Date();
}

export const CONFIG_VERSION_KEY = '__version__';

/** An applied schema migration (table `migrations`). */
@Entity({ tableName: 'migrations' })
export class MigrationRecord {
  /** `host` or an extension name. */
  @PrimaryKey({ type: 'string', length: 100 })
  owner!: string;

  @PrimaryKey({ type: 'string', length: 191 })
  name!: string;

  @Property({ type: 'Date', fieldName: 'applied_at' })
  appliedAt: Date = new Date();
}

/**
 * Password sign-in attempts reserved in one fixed window (table `login_attempts`), per client address or
 * per user name: `id` is `ip:<hash>:<window start>` or `user:<hash>:<window start>`. Incremented with a
 * conditional UPDATE before the password hash is checked, so every host process shares the limit.
 */
@Entity({ tableName: 'login_attempts' })
export class LoginAttempt {
  @PrimaryKey({ type: 'string', length: 191 })
  id!: string;

  @Property({ type: 'integer' })
  attempts!: number;

  /** End of the window; the row is purged after it. */
  @Property({ type: 'Date', index: true })
  expiresAt!: Date;
}

/** Entities of host-internal tables (not part of the SDK). */
export const INTERNAL_ENTITIES = [ConfigEntry, MigrationRecord, LoginAttempt] as const;
