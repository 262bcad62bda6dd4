import type { Knex } from '@mikro-orm/knex';
import type { ConfigLevel, ConfigService, ConfigValue } from '../../sdk/config.js';
import { HostError } from '../../sdk/errors.js';
import type { Logger } from '../../sdk/logger.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { SecretBox } from '../../sdk/secrets.js';
import { CONFIG_VERSION_KEY } from '../db/internal-entities.js';
import { serialWrite } from '../db/write-lock.js';
import { deepFreeze } from '../metadata/merge.js';

export interface ConfigLevelSource {
  /** The declared level of `key` (metadata `app.config.<key>.level`), or undefined. */
  levelOf(key: string): ConfigLevel | undefined;
  /** Every key that has a declared level. */
  declaredKeys(): string[];
}

export interface DbConfigOptions {
  /** How often (ms) to look for changes made by other processes. Default 1000; 0 disables polling. */
  pollIntervalMs?: number;
  /**
   * Seals values of `secret`-level keys at rest (`config.value` holds `"enc:v1:..."`); without it they are
   * stored in clear (tests of the config service alone).
   */
  secretBox?: SecretBox;
}

/** Where a config key's sealed value belongs (the AAD of its encryption). */
export function configSecretContext(key: string): string {
  return `config:${key}`;
}

const LEVELS: readonly ConfigLevel[] = ['public', 'user', 'admin', 'secret'];
const READABLE: Record<Exclude<ConfigLevel, 'secret'>, readonly ConfigLevel[]> = {
  public: ['public'],
  user: ['public', 'user'],
  admin: ['public', 'user', 'admin'],
};

export function isConfigLevel(value: unknown): value is ConfigLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

function validKey(key: string): boolean {
  return key.length > 0 && key.length <= 191 && key !== CONFIG_VERSION_KEY;
}

/**
 * Config stored in the `config` table (key, JSON value, modified_at), so every host process sees the same
 * settings. Reads come from a per-process cache of frozen values; a version row bumped by every write is checked at most
 * once per `pollIntervalMs`, and `refresh()` re-reads at once.
 */
export class DbConfigService implements ConfigService {
  private values = new Map<string, ConfigValue>();
  private version = -1;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private tableMissing = false;
  /** Secret-level keys whose stored value this process cannot open (sealed with a key it lacks). */
  private unreadable: { key: string; reason: string; message: string }[] = [];

  constructor(
    private readonly persistence: Persistence,
    private readonly levels: ConfigLevelSource,
    private readonly logger: Logger,
    private readonly options: DbConfigOptions = {},
  ) {}

  /** Loads every value and starts watching for changes of other processes. */
  async start(): Promise<void> {
    await this.refresh();
    const interval = this.options.pollIntervalMs ?? 1000;
    if (interval > 0 && !this.timer) {
      this.timer = setInterval(() => void this.poll(), interval);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  get<T extends ConfigValue = ConfigValue>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  levelOf(key: string): ConfigLevel {
    return this.levels.levelOf(key) ?? 'admin';
  }

  snapshot(level: Exclude<ConfigLevel, 'secret'>): Record<string, unknown> {
    const readable = READABLE[level];
    if (!readable)
      throw new HostError('ERR_CONFIG_LEVEL_INVALID', `Unknown config level "${String(level)}"`, { status: 500 });
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.values) {
      const keyLevel = this.levelOf(key);
      if (readable.includes(keyLevel)) out[key] = value;
    }
    if (level === 'admin') {
      const secrets = new Set(
        [...this.values.keys(), ...this.levels.declaredKeys()].filter((k) => this.levelOf(k) === 'secret'),
      );
      for (const key of secrets)
        out[key] = { isSet: this.values.has(key) && this.values.get(key) !== null && this.values.get(key) !== '' };
    }
    return out;
  }

  async set(values: Record<string, ConfigValue | undefined>): Promise<void> {
    const entries = Object.entries(values);
    for (const [key, value] of entries) {
      if (!validKey(key))
        throw new HostError('ERR_CONFIG_KEY_INVALID', `Config key "${key.slice(0, 60)}" is not allowed`, {
          status: 400,
        });
      if (value !== undefined) JSON.stringify(value);
    }
    if (entries.length === 0) return;
    const now = new Date();
    await serialWrite(this.persistence, () =>
      this.persistence.knex().transaction(async (trx) => {
        for (const [key, value] of entries) {
          if (value === undefined) await trx('config').where({ key }).delete();
          else await upsert(trx, key, this.stored(key, value), now);
        }
        const current = await readVersion(trx);
        await upsert(trx, CONFIG_VERSION_KEY, JSON.stringify(current + 1), now);
      }),
    );
    const changed = entries.filter(([key]) => this.levelOf(key) !== 'secret').map(([key]) => key);
    // Names of write-only (secret-level) keys are not listed, only counted (the logger would redact a "secret" field).
    this.logger.info('Config saved', { keys: changed, writeOnlyValues: entries.length - changed.length });
    await this.refresh();
  }

  /** The JSON text kept in `config.value`: secret-level values sealed with the host key. */
  private stored(key: string, value: ConfigValue): string {
    const box = this.options.secretBox;
    if (!box || value === null || value === '' || this.levelOf(key) !== 'secret') return JSON.stringify(value);
    return JSON.stringify(box.seal(JSON.stringify(value), configSecretContext(key)));
  }

  private parse(key: string, text: string): ConfigValue {
    const value = JSON.parse(text) as ConfigValue;
    const box = this.options.secretBox;
    if (!box || !box.isSealed(value)) return value;
    return JSON.parse(box.open(value, configSecretContext(key))) as ConfigValue;
  }

  async refresh(): Promise<void> {
    let rows: { key: string; value: string }[];
    try {
      rows = (await this.persistence.knex()('config').select('key', 'value')) as { key: string; value: string }[];
    } catch (error) {
      // Booted with `migrate: false` on a database that has no schema yet (e.g. `crm-host migrate`).
      if (await this.persistence.knex().schema.hasTable('config')) throw error;
      if (!this.tableMissing) this.logger.warn('Config table missing: run the migrations (crm-host migrate)');
      this.tableMissing = true;
      this.values = new Map();
      this.version = -1;
      return;
    }
    this.tableMissing = false;
    const next = new Map<string, ConfigValue>();
    const unreadable: { key: string; reason: string; message: string }[] = [];
    let version = 0;
    for (const row of rows) {
      try {
        if (row.key === CONFIG_VERSION_KEY) version = Number(JSON.parse(row.value)) || 0;
        else next.set(row.key, deepFreeze(this.parse(row.key, row.value)));
      } catch (error) {
        if (HostError.is(error)) {
          // A secret sealed with a key this host lacks: the value counts as not set, and the log says why.
          unreadable.push({ key: row.key, reason: error.code, message: error.message });
          this.logger.error('Config value skipped: secret not readable', {
            key: row.key,
            reason: error.code,
            message: error.message,
          });
        } else this.logger.error('Config value skipped: not valid JSON', { key: row.key });
      }
    }
    this.values = next;
    this.version = version;
    this.unreadable = unreadable;
  }

  /** Secret values of the last load that did not open (their key names and why), for the boot check. */
  unreadableSecrets(): readonly { key: string; reason: string; message: string }[] {
    return this.unreadable;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = (async () => {
      try {
        if (this.tableMissing) return await this.refresh();
        const version = await readVersion(this.persistence.knex());
        if (version !== this.version) await this.refresh();
      } catch (error) {
        this.logger.warn('Config change check failed', { error: (error as Error).message });
      } finally {
        this.polling = undefined;
      }
    })();
    await this.polling;
  }
}

async function readVersion(knex: Knex): Promise<number> {
  const row = (await knex('config').select('value').where({ key: CONFIG_VERSION_KEY }).first()) as
    { value: string } | undefined;
  return row ? Number(JSON.parse(row.value)) || 0 : 0;
}

async function upsert(knex: Knex, key: string, value: string, now: Date): Promise<void> {
  await knex('config').insert({ key, value, modified_at: now }).onConflict('key').merge(['value', 'modified_at']);
}
