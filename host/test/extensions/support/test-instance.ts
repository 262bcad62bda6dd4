import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstancePaths } from '../../../sdk/instance.js';
import type { JsonObject } from '../../../src/metadata/merge.js';
import { ExtensionManager } from '../../../src/extensions/manager.js';
import type { ExtensionManagerDeps, ProgressEvent } from '../../../src/extensions/manager-deps.js';
import { ExtensionRecords, type ExtensionRecordData } from '../../../src/extensions/records.js';
import { managerDepsFromHost } from '../../../src/extensions/host-deps.js';
import { bootTestHost, type TestHost } from '../../../src/testing/index.js';

/** Repository root (this file is compiled to host/dist/test/extensions/support/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
export const fixtureDir = (name: string) => path.join(repoRoot, 'test/fixtures/extensions', name);

/**
 * Instances live under `<repo>/.tmp/` so that extension code installed into them resolves its
 * npm dependencies (inversify, crm-host) from the repository's node_modules, as in a real install.
 */
export const tmpRoot = path.join(repoRoot, '.tmp', 'test-instances');

let counter = 0;
export async function newInstanceRoot(label: string): Promise<string> {
  counter += 1;
  const root = path.join(tmpRoot, `${label}-${process.pid}-${Date.now()}-${counter}`);
  await mkdir(root, { recursive: true });
  return root;
}

export interface FixtureEvent {
  script: string;
  extension: string;
  version: string;
  isUpgrade: boolean;
  previousVersion: string | null;
}

export interface InstanceSnapshot {
  /** extensions/, custom/ and data/cache/ files: path -> sha256. */
  files: Record<string, string>;
  records: ExtensionRecordData[];
  metadata: Readonly<Record<string, unknown>>;
  i18n: Readonly<Record<string, unknown>>;
}

export interface TestInstance {
  readonly root: string;
  readonly paths: InstancePaths;
  readonly host: TestHost;
  readonly deps: ExtensionManagerDeps;
  readonly manager: ExtensionManager;
  readonly progress: ProgressEvent[];
  events(): Promise<FixtureEvent[]>;
  records(): Promise<ExtensionRecordData[]>;
  /** The host's merged metadata as it is now. */
  metadata(): Readonly<Record<string, unknown>>;
  hasTable(name: string): Promise<boolean>;
  snapshot(): Promise<InstanceSnapshot>;
  close(): Promise<void>;
}

async function hashTree(dir: string, prefix: string, out: Record<string, string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) await hashTree(full, rel, out);
    else
      out[rel] = createHash('sha256')
        .update(await readFile(full))
        .digest('hex');
  }
}

/** A booted host on a fresh instance; the database is a libsql file in it unless `databaseUrl` is given. */
export async function createTestInstance(label = 'ext', databaseUrl?: string): Promise<TestInstance> {
  const root = await newInstanceRoot(label);
  const host = await bootTestHost({ root, databaseUrl: databaseUrl ?? `libsql:${path.join(root, 'data', 'crm.db')}` });
  const paths = host.paths;
  const deps = managerDepsFromHost(host);
  const progress: ProgressEvent[] = [];
  const manager = new ExtensionManager(deps);
  const records = () => new ExtensionRecords(deps.persistence).all();
  return {
    root,
    paths,
    host,
    deps,
    manager,
    progress,
    async events() {
      const text = await readFile(path.join(paths.data, 'fixture-events.jsonl'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as FixtureEvent);
    },
    records,
    metadata: () => host.metadata.all(),
    hasTable: (name) => deps.persistence.knex().schema.hasTable(name),
    async snapshot() {
      const files: Record<string, string> = {};
      await hashTree(paths.extensions, 'extensions', files);
      await hashTree(paths.custom, 'custom', files);
      await hashTree(path.join(paths.data, 'cache'), 'data/cache', files);
      return {
        files,
        records: await records(),
        metadata: structuredClone(host.metadata.all()) as JsonObject,
        i18n: structuredClone(host.i18n.language('en_US')) as JsonObject,
      };
    },
    async close() {
      await host.cleanup();
      await rm(root, { recursive: true, force: true });
    },
  };
}
