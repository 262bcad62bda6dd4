import type { MikroORM } from '@mikro-orm/core';
import type { ContainerModule } from 'inversify';
import { HostError } from '../../sdk/errors.js';
import type { ExtensionEntry } from '../../sdk/extension.js';
import type { Logger } from '../../sdk/logger.js';
import { DbConfigService } from '../config/config-service.js';
import { MetadataConfigLevels } from '../config/metadata-levels.js';
import { ConfiguredSiteUrl } from '../config/site-url.js';
import { buildContainer, loadCustomBindings, type NamedModule } from '../container/build.js';
import { coreContainerModule } from '../container/core-module.js';
import { defaultDatabaseUrl, describeDatabaseUrl, parseDatabaseUrl, type DatabaseTarget } from '../db/database-url.js';
import { HOST_MIGRATION_OWNER, HOST_MIGRATIONS } from '../db/host-migrations.js';
import { appliedMigrations, revertMigrations, runMigrations } from '../db/migration-runner.js';
import { createOrm, type EntityClass } from '../db/orm.js';
import { OrmPersistence } from '../db/persistence.js';
import { recoverInterruptedInstall } from '../extensions/install-recovery.js';
import { discoverInstalled, ensureModuleResolution, importExtensionEntry } from '../extensions/loader.js';
import { HostLogger, systemClock } from '../logging/logger.js';
import { resourceLayers } from '../metadata/core-layer.js';
import { ResourceStore } from '../metadata/resource-store.js';
import { HostSecretBox } from '../secrets/secret-box.js';
import { loadKeyRing } from '../secrets/keyring.js';
import { resealSecrets } from '../secrets/reseal.js';
import type { BootOptions, Host, LoadedExtension } from './host.js';
import { cacheDir, instancePaths } from './instance.js';
import { readInstanceConfig } from './instance-config.js';

/** Rolls back an install whose process died (see install-recovery.ts), with a database connection of its own. */
async function recoverInstall(paths: Host['paths'], target: DatabaseTarget, logger: Logger): Promise<void> {
  await recoverInterruptedInstall(paths.data, logger.child('extensions'), async () => {
    const orm = await createOrm({ target, entities: [], logger: logger.child('orm') });
    const persistence = new OrmPersistence(
      orm,
      target.platform,
      target.platform === 'sqlite' && target.file !== ':memory:' ? target.file : null,
    );
    const migrationLog = logger.child('migrations');
    return {
      deps: {
        paths,
        persistence,
        importEntry: (dir, manifest) => importExtensionEntry(dir, manifest),
        appliedMigrations: (owner) => appliedMigrations(persistence, owner),
        revertMigrations: async (owner, migrations, names) => {
          await revertMigrations(persistence, owner, migrations, names, migrationLog);
        },
      },
      close: () => orm.close(true),
    };
  });
}

async function loadExtensions(options: BootOptions, logger: Logger, paths: Host['paths']): Promise<LoadedExtension[]> {
  if (options.loadExtensions === false) return [];
  const loaded: LoadedExtension[] = [];
  for (const { manifest, dir } of await discoverInstalled(paths, logger)) {
    const entry: ExtensionEntry = await importExtensionEntry(dir, manifest);
    loaded.push({ manifest, dir, entry });
    logger.info('Extension loaded', { extension: manifest.name, version: manifest.version });
  }
  return loaded;
}

/**
 * Boots a host instance: folders, logger, installed extensions, database and migrations, config,
 * metadata and i18n, the container (core < extraCoreModules < extensions < custom/bindings.js), then each
 * extension's `start()`. Anything opened is closed again when a later step fails.
 */
export async function bootHost(options: BootOptions): Promise<Host> {
  const paths = instancePaths(options.root);
  const clock = options.clock ?? systemClock;
  const logger = HostLogger.create({
    level: options.logLevel,
    format: options.logFormat,
    sink: options.logSink,
    now: () => clock.now(),
  });
  await ensureModuleResolution(paths);
  const keyRing = await loadKeyRing(paths.root, options.env ?? process.env);
  if (keyRing.looseMode) {
    logger.warn('Host key file is readable by other users: chmod 600 it', {
      code: 'WARN_HOST_KEY_FILE_MODE',
      file: keyRing.source,
      mode: keyRing.looseMode,
    });
  }
  const secretBox = new HostSecretBox(keyRing);
  const url =
    options.databaseUrl ??
    (process.env.DATABASE_URL || (await readInstanceConfig(paths.root)).databaseUrl || defaultDatabaseUrl(paths.data));
  const target = parseDatabaseUrl(url, paths.root);
  // Before the extensions load: a half-installed extension must not be imported, nor its migrations run.
  if (options.loadExtensions !== false) await recoverInstall(paths, target, logger);
  const extensions = await loadExtensions(options, logger, paths);

  const entities = extensions.flatMap((e) => (e.entry.entities ?? []) as EntityClass[]);
  let orm: MikroORM;
  try {
    orm = await createOrm({ target, entities, logger: logger.child('orm') });
  } catch (error) {
    throw new HostError(
      'ERR_DATABASE_UNAVAILABLE',
      `Cannot open the database ${describeDatabaseUrl(url)}: ${(error as Error).message}`,
      {
        status: 500,
        cause: error,
      },
    );
  }
  const persistence = new OrmPersistence(
    orm,
    target.platform,
    target.platform === 'sqlite' && target.file !== ':memory:' ? target.file : null,
  );
  const started: ExtensionEntry[] = [];
  let config: DbConfigService | undefined;
  try {
    if (options.migrate !== false) {
      const migrationLog = logger.child('migrations');
      await runMigrations(persistence, HOST_MIGRATION_OWNER, HOST_MIGRATIONS, migrationLog);
      for (const { manifest, entry } of extensions) {
        if (entry.migrations?.length) await runMigrations(persistence, manifest.name, entry.migrations, migrationLog);
      }
    }

    const layersOf = (): ReturnType<typeof resourceLayers> =>
      resourceLayers(
        paths,
        extensions.map((e) => ({ name: e.manifest.name, dir: e.dir })),
      );
    const resources = new ResourceStore(layersOf(), cacheDir(paths), logger.child('metadata'));
    const source = await resources.load();
    logger.debug('Metadata loaded', { source });

    config = new DbConfigService(persistence, new MetadataConfigLevels(resources.metadata), logger.child('config'), {
      pollIntervalMs: options.configPollIntervalMs,
      secretBox,
    });
    await config.start();
    const unreadable = config.unreadableSecrets();
    if (unreadable.length > 0 && options.unreadableSecrets !== 'allow') {
      throw new HostError(
        'ERR_SECRET_KEY_UNKNOWN',
        `Secrets in the database do not open with this host's key ring (${keyRing.source === 'CRM_HOST_KEY' ? 'CRM_HOST_KEY' : keyRing.source}): ` +
          `${unreadable.map((u) => u.key).join(', ')}. ${unreadable[0]!.message}. Every process of an instance needs the same key ring: ` +
          'copy host.key from the host that wrote them (or set the same CRM_HOST_KEY); if that key is lost, re-enter the values with "crm-host config set" (see docs/deployment.md#security)',
        { status: 500 },
      );
    }
    const siteUrl = new ConfiguredSiteUrl(config, options.siteUrl, options.defaultSiteUrl);

    const modules: NamedModule[] = [
      {
        source: 'core',
        module: coreContainerModule({
          config,
          metadata: resources.metadata,
          i18n: resources.i18n,
          logger,
          clock,
          persistence,
          paths,
          siteUrl,
          secretBox,
        }),
      },
      ...(options.extraCoreModules ?? []).map((module: ContainerModule, i) => ({
        source: `core extra #${i + 1}`,
        module,
      })),
      ...extensions.map((e) => ({ source: `extension "${e.manifest.name}"`, module: e.entry.module })),
    ];
    const custom = await loadCustomBindings(paths);
    if (custom) modules.push({ source: 'custom/bindings.js', module: custom });
    const container = await buildContainer(modules, logger);
    // Values in clear (written before encryption at rest) or under an older key are sealed with the current key.
    if (options.migrate !== false && (await resealSecrets(container, logger)) > 0) await config.refresh();

    for (const { manifest, entry } of extensions) {
      try {
        await entry.start?.(container);
      } catch (error) {
        throw new HostError(
          'ERR_EXTENSION_START_FAILED',
          `Extension "${manifest.name}" failed to start: ${(error as Error).message}`,
          {
            status: 500,
            cause: error,
          },
        );
      }
      started.push(entry);
    }

    const liveConfig = config;
    let closed = false;
    const host: Host = {
      paths,
      container,
      orm,
      persistence,
      config: liveConfig,
      metadata: resources.metadata,
      i18n: resources.i18n,
      logger,
      extensions,
      keyRing,
      async rebuildResources(): Promise<void> {
        const installed = options.loadExtensions === false ? [] : await discoverInstalled(paths, logger);
        resources.setLayers(
          resourceLayers(
            paths,
            installed.map((e) => ({ name: e.manifest.name, dir: e.dir })),
          ),
        );
        await resources.rebuild();
      },
      async close(): Promise<void> {
        if (closed) return;
        closed = true;
        await stopAll(started, logger);
        await liveConfig.stop();
        await orm.close(true);
      },
    };
    logger.info('Host booted', {
      root: paths.root,
      database: target.platform,
      extensions: extensions.map((e) => e.manifest.name),
    });
    return host;
  } catch (error) {
    await stopAll(started, logger);
    await config?.stop();
    await orm.close(true).catch(() => undefined);
    throw error;
  }
}

async function stopAll(started: readonly ExtensionEntry[], logger: Logger): Promise<void> {
  for (const entry of [...started].reverse()) {
    try {
      await entry.stop?.();
    } catch (error) {
      logger.error('Extension stop() failed', { extension: entry.name, error: (error as Error).message });
    }
  }
}
