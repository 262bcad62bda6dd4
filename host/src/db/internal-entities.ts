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

/** Entities of host-internal tables (not part of the SDK). */
export const INTERNAL_ENTITIES = [ConfigEntry, MigrationRecord] as const;
