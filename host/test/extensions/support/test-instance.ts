import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstancePaths } from '../../../sdk/instance.js';
import { ExtensionManager } from '../../../src/extensions/manager.js';
import type { ExtensionManagerDeps, ProgressEvent } from '../../../src/extensions/manager-deps.js';
import { ExtensionRecords, type ExtensionRecordData } from '../../../src/extensions/records.js';
import { bootInterimHost } from './interim-host.js';

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
  files: Record<string, string>;
  records: ExtensionRecordData[];
  metadata: Record<string, unknown>;
}

export interface TestInstance {
  readonly root: string;
  readonly paths: InstancePaths;
  readonly deps: ExtensionManagerDeps;
  readonly manager: ExtensionManager;
  readonly progress: ProgressEvent[];
  events(): Promise<FixtureEvent[]>;
  records(): Promise<ExtensionRecordData[]>;
  metadata(): Promise<Record<string, unknown>>;
  hasTable(name: string): Promise<boolean>;
  /** Files of extensions/ and custom/ (path -> sha256), Extension records and merged metadata. */
  snapshot(): Promise<InstanceSnapshot>;
  close(): Promise<void>;
}

async function hashTree(dir: string, prefix: string, out: Record<string, string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) await hashTree(full, rel, out);
    else out[rel] = createHash('sha256').update(await readFile(full)).digest('hex');
  }
}

export async function createTestInstance(label = 'ext'): Promise<TestInstance> {
  const root = await newInstanceRoot(label);
  const paths: InstancePaths = {
    root,
    data: path.join(root, 'data'),
    custom: path.join(root, 'custom'),
    extensions: path.join(root, 'extensions'),
  };
  const host = await bootInterimHost(paths);
  const deps = host.deps;
  const progress: ProgressEvent[] = [];
  const manager = new ExtensionManager(deps);
  const records = () => new ExtensionRecords(deps.persistence).all();
  return {
    root,
    paths,
    deps,
    manager,
    progress,
    async events() {
      const text = await readFile(path.join(paths.data, 'fixture-events.jsonl'), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as FixtureEvent);
    },
    records,
    metadata: () => host.metadata(),
    hasTable: (name) => deps.persistence.knex().schema.hasTable(name),
    async snapshot() {
      const files: Record<string, string> = {};
      await hashTree(paths.extensions, 'extensions', files);
      await hashTree(paths.custom, 'custom', files);
      return { files, records: await records(), metadata: await host.metadata() };
    },
    async close() {
      await host.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
