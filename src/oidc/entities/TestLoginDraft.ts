import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export const TEST_LOGIN_DRAFTS_TABLE = 'oidc_test_login_drafts';

/** Who created a draft: the settings page (an admin session) or `crm-host oidc test-login`. */
export const TEST_LOGIN_ORIGINS = ['ui', 'cli'] as const;
export type TestLoginOrigin = (typeof TEST_LOGIN_ORIGINS)[number];

/**
 * A test login (dry run) in progress: the settings being tested and, once the callback ran on any host
 * process, its report (both JSON in `mediumtext` on MariaDB: a report carries every claim). `valuesJson` holds secrets (the client secret being tested): it is read only by the
 * flow's settings source and never returned by an API, a command or a log. Times are epoch milliseconds.
 */
@Entity({ tableName: TEST_LOGIN_DRAFTS_TABLE })
@Index({ properties: ['expiresAt'], name: 'oidc_test_login_drafts_expires_at_index' })
export class TestLoginDraftRecord {
  /** 32 hex characters (128 random bits): also the capability in the start URL. */
  @PrimaryKey({ type: 'string', length: 32 })
  id!: string;

  @Property({ type: 'string', length: 8 })
  origin!: TestLoginOrigin;

  /** The admin the test login is for (UI: the signed-in admin; CLI: `--as`), or null. */
  @Property({ type: 'string', length: 36, nullable: true })
  adminId: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  adminUserName: string | null = null;

  /** JSON: saved values merged with the unsaved ones (secrets included). */
  @Property({ type: 'text', columnType: 'mediumtext', lazy: true })
  valuesJson!: string;

  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  @Property({ type: new BigIntType('number') })
  createdAt!: number;

  @Property({ type: new BigIntType('number') })
  expiresAt!: number;

  /** JSON `TestLoginReport` (claims, decision, teams; never a token), once finished. */
  @Property({ type: 'text', columnType: 'mediumtext', nullable: true })
  reportJson: string | null = null;

  @Property({ type: new BigIntType('number'), nullable: true })
  finishedAt: number | null = null;
}
