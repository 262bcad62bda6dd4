import { bootHost } from '../app/boot.js';
import type { Host } from '../app/host.js';
import { HOST_MIGRATION_OWNER, HOST_MIGRATIONS } from '../db/host-migrations.js';
import { runMigrations } from '../db/migration-runner.js';
import { managerDepsFromHost } from '../extensions/host-deps.js';
import { startHttpServer } from '../http/server.js';
import type { CliRuntime } from './environment.js';

/** Host migrations first, then each loaded extension's (owner = extension name). */
async function migrateAll(host: Host): Promise<string[]> {
  const log = host.logger.child('migrations');
  const applied = (await runMigrations(host.persistence, HOST_MIGRATION_OWNER, HOST_MIGRATIONS, log)).map(
    (n) => `${HOST_MIGRATION_OWNER}/${n}`,
  );
  for (const { manifest, entry } of host.extensions) {
    const names = await runMigrations(host.persistence, manifest.name, entry.migrations ?? [], log);
    applied.push(...names.map((n) => `${manifest.name}/${n}`));
  }
  return applied;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

export const defaultRuntime: CliRuntime = {
  bootHost,
  managerDeps: managerDepsFromHost,
  startHttpServer: (host, options) => startHttpServer(host, options),
  migrate: migrateAll,
  waitForShutdown: waitForSignal,
};
