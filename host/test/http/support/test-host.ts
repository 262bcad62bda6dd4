/**
 * A booted test host (crm-host/testing `bootTestHost`, in-memory libsql) with the HTTP layer's core module,
 * a manual clock, and metadata/i18n overlays written to the instance's `custom/` layer before boot.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../sdk/logger.js';
import { withHttp } from '../../../src/http/core-module.js';
import { bootTestHost, createTempInstance, type TestHost } from '../../../src/testing/index.js';

type Tree = Record<string, unknown>;

export class ManualClock implements Clock {
  constructor(public time = Date.UTC(2026, 0, 1, 12)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface HttpTestHost extends TestHost {
  readonly clock: ManualClock;
  /** Every log line (level warn and up). */
  readonly logLines: string[];
  /** The stored config rows, straight from the database (to prove that nothing was saved). */
  configRows(): Promise<string>;
}

export interface HttpTestHostOptions {
  /** `{ area: { Name: {...} } }` written as `custom/metadata/<area>/<Name>.json`. */
  metadata?: Record<string, Record<string, Tree>>;
  /** `{ lang: { Scope: {...} } }` written as `custom/i18n/<lang>/<Scope>.json`. */
  i18n?: Record<string, Record<string, Tree>>;
  /** Default: in-memory libsql. */
  databaseUrl?: string;
  /** Default `warn` (what `logLines` captures). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

async function writeLayer(dir: string, tree: Record<string, Record<string, Tree>>): Promise<void> {
  for (const [folder, files] of Object.entries(tree)) {
    await mkdir(path.join(dir, folder), { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      await writeFile(path.join(dir, folder, `${name}.json`), JSON.stringify(content));
    }
  }
}

export async function bootHttpTestHost(options: HttpTestHostOptions = {}): Promise<HttpTestHost> {
  const instance = await createTempInstance('http-');
  await writeLayer(path.join(instance.paths.custom, 'metadata'), options.metadata ?? {});
  await writeLayer(path.join(instance.paths.custom, 'i18n'), options.i18n ?? {});
  const clock = new ManualClock();
  const host = await bootTestHost(
    withHttp({
      instance,
      clock,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    }),
  );
  const cleanup = host.cleanup.bind(host);
  return Object.assign(host, {
    clock,
    logLines: host.logs,
    async configRows(): Promise<string> {
      const rows = (await host.persistence.knex()('config').select('key', 'value').orderBy('key')) as Array<{
        key: string;
        value: string;
      }>;
      return JSON.stringify(rows);
    },
    async cleanup(): Promise<void> {
      await cleanup();
      await instance.cleanup();
    },
  });
}
