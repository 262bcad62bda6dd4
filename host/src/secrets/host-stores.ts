import type { Persistence } from '../../sdk/persistence.js';
import type { SecretBox, SecretStore, SecretStoreStatus } from '../../sdk/secrets.js';
import { configSecretContext } from '../config/config-service.js';
import { CONFIG_VERSION_KEY } from '../db/internal-entities.js';
import { idTokenContext } from '../sessions/auth-token-manager.js';

const BATCH = 500;

/** Secret-level values of the `config` table. */
export class ConfigSecretStore implements SecretStore {
  readonly name = 'config';

  constructor(
    private readonly persistence: Persistence,
    private readonly box: SecretBox,
    private readonly isSecretKey: (key: string) => boolean,
  ) {}

  private async rows(): Promise<{ key: string; value: string; parsed: unknown }[]> {
    const rows = (await this.persistence.knex()('config').select('key', 'value')) as { key: string; value: string }[];
    return rows
      .filter((row) => row.key !== CONFIG_VERSION_KEY && this.isSecretKey(row.key))
      .map((row) => ({ ...row, parsed: safeParse(row.value) }))
      .filter((row) => row.parsed !== null && row.parsed !== '' && row.parsed !== undefined);
  }

  async status(): Promise<SecretStoreStatus> {
    return this.box.countByKey((await this.rows()).map((row) => (typeof row.parsed === 'string' ? row.parsed : '')));
  }

  async reseal(): Promise<number> {
    let changed = 0;
    for (const row of await this.rows()) {
      if (this.box.keyIdOf(row.parsed) === this.box.currentKeyId) continue;
      const context = configSecretContext(row.key);
      let json: string;
      try {
        json = this.box.isSealed(row.parsed) ? this.box.open(row.parsed, context) : JSON.stringify(row.parsed);
      } catch {
        continue; // sealed with a key this host lacks: the config load logs it
      }
      await this.persistence
        .knex()('config')
        .where({ key: row.key, value: row.value })
        .update({ value: JSON.stringify(this.box.seal(json, context)) });
      changed++;
    }
    return changed;
  }
}

/** The ID tokens kept with sessions (`auth_tokens.id_token`, for `id_token_hint`). */
export class IdTokenSecretStore implements SecretStore {
  readonly name = 'auth_tokens.id_token';

  constructor(
    private readonly persistence: Persistence,
    private readonly box: SecretBox,
  ) {}

  async status(): Promise<SecretStoreStatus> {
    const rows = (await this.persistence.knex()('auth_tokens').whereNotNull('id_token').select('id_token')) as {
      id_token: string;
    }[];
    return this.box.countByKey(rows.map((row) => row.id_token));
  }

  async reseal(): Promise<number> {
    const knex = this.persistence.knex();
    let changed = 0;
    let after = '';
    for (;;) {
      const rows = (await knex('auth_tokens')
        .whereNotNull('id_token')
        .whereNot('id_token', 'like', `enc:v1:${this.box.currentKeyId}:%`)
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .select('id', 'id_token')) as { id: string; id_token: string }[];
      if (rows.length === 0) return changed;
      for (const row of rows) {
        if (this.box.keyIdOf(row.id_token) === this.box.currentKeyId) continue;
        const context = idTokenContext(row.id);
        let clear: string;
        try {
          clear = this.box.open(row.id_token, context);
        } catch {
          continue; // unreadable (key gone): left for the session to expire
        }
        await knex('auth_tokens')
          .where({ id: row.id, id_token: row.id_token })
          .update({ id_token: this.box.seal(clear, context) });
        changed++;
      }
      after = rows[rows.length - 1]!.id;
    }
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
