import { randomBytes } from 'node:crypto';
import {
  TYPES,
  type Clock,
  type ConfigValue,
  type Logger,
  type Persistence,
  type SecretBox,
  type SecretStore,
  type SecretStoreStatus,
} from 'crm-host/sdk';
import { inject, injectable, optional } from 'inversify';
import { TEST_LOGIN_DRAFTS_TABLE as T, type TestLoginOrigin } from '../entities/TestLoginDraft.js';
import {
  DRAFT_ID_PATTERN,
  draftIdOf,
  type NewTestLoginDraft,
  type TestLoginDraft,
  type TestLoginDraftStore,
  type TestLoginReport,
} from './drafts.js';
import { deleteExpiredBatch } from '../purge-batch.js';
import { TEST_LOGIN_TYPES } from './tokens.js';

/** Lifetime and cap of drafts (`TEST_LOGIN_TYPES.DraftOptions`). */
export interface TestLoginDraftOptions {
  /** Default 10 minutes. */
  readonly lifetimeMs: number;
  /** Live drafts kept at most; the oldest are dropped first. Default 100. */
  readonly maxDrafts: number;
}

export const DEFAULT_DRAFT_OPTIONS: TestLoginDraftOptions = Object.freeze({ lifetimeMs: 10 * 60_000, maxDrafts: 100 });

type Row = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Drafts in `oidc_test_login_drafts`: a test login started on one host process (or by the CLI) is
 * finished by whichever process receives the callback, and its report is read by any of them. Expired rows
 * are deleted on every create; the cap drops the oldest live drafts.
 */
@injectable()
export class DbTestLoginDraftStore implements TestLoginDraftStore {
  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) private readonly logger: Logger,
    @inject(TEST_LOGIN_TYPES.DraftOptions) private readonly options: TestLoginDraftOptions,
    @inject(TYPES.SecretBox) @optional() private readonly box?: SecretBox,
  ) {}

  async create(input: NewTestLoginDraft): Promise<TestLoginDraft> {
    const now = this.clock.now();
    const draft: TestLoginDraft = {
      ...input,
      id: randomBytes(16).toString('hex'),
      createdAt: now,
      expiresAt: now + this.options.lifetimeMs,
      report: null,
    };
    const knex = this.persistence.knex();
    await this.purge(now);
    await knex(T).insert({
      id: draft.id,
      origin: draft.origin,
      admin_id: draft.adminId,
      admin_user_name: draft.adminUserName,
      // The values hold the secret being tested: sealed with the host key, bound to this draft.
      values_json: sealValues(this.box, draft.id, JSON.stringify(draft.values)),
      fingerprint: draft.fingerprint,
      created_at: draft.createdAt,
      expires_at: draft.expiresAt,
      report_json: null,
      finished_at: null,
    });
    await this.cap();
    return draft;
  }

  async get(id: unknown): Promise<TestLoginDraft | null> {
    if (typeof id !== 'string' || !DRAFT_ID_PATTERN.test(id)) return null;
    const row = (await this.persistence.knex()(T).where({ id }).where('expires_at', '>', this.clock.now()).first()) as
      Row | undefined;
    if (!row) return null;
    try {
      return toDraft(row, this.box);
    } catch (error) {
      // Sealed with a host key this process lacks: as if the draft had expired (the log says why).
      this.logger.warn('Test-login draft not readable', {
        code: (error as { code?: string }).code ?? 'ERR_SECRET_UNREADABLE',
      });
      return null;
    }
  }

  fromProviderId(providerId: string | null | undefined): Promise<TestLoginDraft | null> {
    const id = draftIdOf(providerId);
    return id === null ? Promise.resolve(null) : this.get(id);
  }

  async saveReport(id: string, report: TestLoginReport): Promise<void> {
    await this.persistence
      .knex()(T)
      .where({ id })
      .update({ report_json: JSON.stringify(report), finished_at: this.clock.now() });
  }

  async remove(id: string): Promise<void> {
    if (DRAFT_ID_PATTERN.test(id)) await this.persistence.knex()(T).where({ id }).del();
  }

  private async purge(now: number): Promise<void> {
    try {
      // At most one batch on the request path; the host's purge job (TestLoginDraftPurgeTask) does the rest.
      const removed = await deleteExpiredBatch(this.persistence.knex(), T, now + 1, 500);
      if (removed > 0) this.logger.debug('Purged expired test-login drafts', { removed });
    } catch (error) {
      this.logger.warn('Could not purge expired test-login drafts', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Keeps the newest `maxDrafts` drafts. */
  private async cap(): Promise<void> {
    const knex = this.persistence.knex();
    const stale = (await knex(T)
      .select('id')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(this.options.maxDrafts)
      .limit(1000)) as Row[];
    if (stale.length > 0)
      await knex(T)
        .whereIn(
          'id',
          stale.map((r) => String(r['id'])),
        )
        .del();
  }
}

/** The AAD of a draft's sealed values. */
export function draftValuesContext(id: string): string {
  return `oidc_test_login_drafts.values_json:${id}`;
}

function sealValues(box: SecretBox | undefined, id: string, json: string): string {
  return box ? box.seal(json, draftValuesContext(id)) : json;
}

function toDraft(row: Row, box: SecretBox | undefined): TestLoginDraft {
  const id = String(row['id']);
  const stored = String(row['values_json']);
  const report = str(row['report_json']);
  return {
    id,
    origin: (row['origin'] === 'cli' ? 'cli' : 'ui') as TestLoginOrigin,
    adminId: str(row['admin_id']),
    adminUserName: str(row['admin_user_name']),
    values: JSON.parse(box ? box.open(stored, draftValuesContext(id)) : stored) as Record<string, ConfigValue>,
    fingerprint: String(row['fingerprint']),
    createdAt: num(row['created_at']),
    expiresAt: num(row['expires_at']),
    report: report === null ? null : (JSON.parse(report) as TestLoginReport),
  };
}

/** The sealed values of live test-login drafts (`crm-host secrets status|reencrypt`). */
@injectable()
export class DraftSecretStore implements SecretStore {
  readonly name = T + '.values_json';

  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.SecretBox) private readonly box: SecretBox,
  ) {}

  private async rows(): Promise<{ id: string; values_json: string }[]> {
    return (await this.persistence.knex()(T).select('id', 'values_json')) as { id: string; values_json: string }[];
  }

  async status(): Promise<SecretStoreStatus> {
    return this.box.countByKey((await this.rows()).map((row) => row.values_json));
  }

  async reseal(): Promise<number> {
    let changed = 0;
    for (const row of await this.rows()) {
      if (this.box.keyIdOf(row.values_json) === this.box.currentKeyId) continue;
      let clear: string;
      try {
        clear = this.box.open(row.values_json, draftValuesContext(row.id));
      } catch {
        continue; // sealed with a key that is gone: the draft expires within minutes anyway
      }
      await this.persistence
        .knex()(T)
        .where({ id: row.id, values_json: row.values_json })
        .update({ values_json: sealValues(this.box, row.id, clear) });
      changed++;
    }
    return changed;
  }
}
