// INTERIM: a minimal stand-in for bootHost() until host-core lands on main. Delete after the merge.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MikroORM } from '@mikro-orm/libsql';
import type { EntityManager } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { HOST_ENTITIES } from '../../../sdk/entities/index.js';
import type { ConfigService, ConfigValue } from '../../../sdk/config.js';
import type { ExtensionEntry } from '../../../sdk/extension.js';
import type { InstancePaths } from '../../../sdk/instance.js';
import type { Logger } from '../../../sdk/logger.js';
import type { Migration, Persistence } from '../../../sdk/persistence.js';
import type { ExtensionManagerDeps } from '../../../src/extensions/manager-deps.js';

export interface InterimHost {
  deps: ExtensionManagerDeps;
  metadata(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  isLevelEnabled: () => false,
  child: () => silent,
};

async function readTree(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const areas = await readdir(dir).catch(() => [] as string[]);
  for (const area of areas.sort()) {
    const files = await readdir(path.join(dir, area)).catch(() => [] as string[]);
    const node: Record<string, unknown> = {};
    for (const f of files.sort()) node[f.replace(/\.json$/, '')] = JSON.parse(await readFile(path.join(dir, area, f), 'utf8'));
    out[area] = node;
  }
  return out;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)
      ? merge(prev as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

export async function bootInterimHost(paths: InstancePaths): Promise<InterimHost> {
  await mkdir(paths.data, { recursive: true });
  const orm = await MikroORM.init({ dbName: path.join(paths.data, 'crm.db'), entities: [...HOST_ENTITIES], debug: false });
  await orm.schema.updateSchema();
  const knex = (orm.em as unknown as { getKnex(): Knex }).getKnex();
  if (!(await knex.schema.hasTable('interim_migrations'))) {
    await knex.schema.createTable('interim_migrations', (t) => {
      t.string('owner');
      t.string('name');
    });
  }
  const persistence: Persistence = {
    platform: 'sqlite',
    em: () => orm.em.fork() as unknown as EntityManager,
    transactional: (fn) => orm.em.fork().transactional((em) => fn(em as unknown as EntityManager)),
    knex: () => knex,
  };
  const values = new Map<string, ConfigValue>();
  const config: ConfigService = {
    get: <T extends ConfigValue>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    has: (key) => values.has(key),
    snapshot: () => Object.fromEntries(values),
    set: async (patch) => {
      for (const [k, v] of Object.entries(patch)) if (v === undefined) values.delete(k); else values.set(k, v);
    },
    refresh: async () => {},
    levelOf: () => 'admin',
  };
  const metadata = async () => {
    let merged: Record<string, unknown> = {};
    const names = await readdir(paths.extensions).catch(() => [] as string[]);
    for (const name of names.sort()) merged = merge(merged, await readTree(path.join(paths.extensions, name, 'metadata')));
    return merge(merged, await readTree(path.join(paths.custom, 'metadata')));
  };
  let imports = 0;
  const seen = new Map<string, Migration>();
  const deps: ExtensionManagerDeps = {
    paths,
    persistence,
    config,
    logger: silent,
    importEntry: async (dir, manifest) => {
      imports += 1;
      const url = pathToFileURL(path.join(dir, manifest.entry ?? 'src/index.js'));
      url.search = `?i=${imports}`;
      return ((await import(url.href)) as { default: ExtensionEntry }).default;
    },
    runMigrations: async (owner, migrations: readonly Migration[]) => {
      const done = new Set((await knex('interim_migrations').where({ owner })).map((r: { name: string }) => r.name));
      const applied: string[] = [];
      for (const m of migrations) {
        seen.set(`${owner}/${m.name}`, m);
        if (done.has(m.name)) continue;
        await m.up({ knex, platform: 'sqlite' });
        await knex('interim_migrations').insert({ owner, name: m.name });
        applied.push(m.name);
      }
      return applied;
    },
    revertMigrations: async (owner, names) => {
      for (const name of names) {
        await seen.get(`${owner}/${name}`)?.down?.({ knex, platform: 'sqlite' });
        await knex('interim_migrations').where({ owner, name }).delete();
      }
    },
    rebuildResources: async () => {
      await mkdir(path.join(paths.data, 'cache'), { recursive: true });
      await writeFile(path.join(paths.data, 'cache', 'metadata.json'), JSON.stringify(await metadata()));
    },
  };
  return { deps, metadata, close: () => orm.close() };
}
