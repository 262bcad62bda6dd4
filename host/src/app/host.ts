import type { MikroORM } from '@mikro-orm/core';
import type { Container, ContainerModule } from 'inversify';
import type { ConfigService } from '../../sdk/config.js';
import type { ExtensionEntry } from '../../sdk/extension.js';
import type { InstancePaths } from '../../sdk/instance.js';
import type { Clock, Logger, LogLevel } from '../../sdk/logger.js';
import type { I18nService, MetadataService } from '../../sdk/metadata.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { ExtensionManifest } from '../extensions/manifest.js';
import type { HostKeyRing } from '../secrets/keyring.js';

/** An extension found installed under `<instance>/extensions/<name>` at boot. */
export interface LoadedExtension {
  readonly manifest: ExtensionManifest;
  /** Absolute folder of the installed extension. */
  readonly dir: string;
  /** The imported entry module's default export. */
  readonly entry: ExtensionEntry;
}

export interface BootOptions {
  /** Instance root; holds data/, custom/, extensions/. */
  root: string;
  /**
   * `mysql://user:pass@host:port/db` selects MySQL/MariaDB; `libsql:<file>` or `libsql::memory:` the
   * embedded database. Default: env DATABASE_URL, else `databaseUrl` of `<root>/instance.json` (written by
   * `crm-host init`), else `libsql:<root>/data/crm.db`.
   */
  databaseUrl?: string;
  /** Public URL, e.g. `http://127.0.0.1:8080`: overrides config `siteUrl`. */
  siteUrl?: string;
  /** Public URL used when neither `siteUrl` nor config `siteUrl` is set (`start`: the listening address). */
  defaultSiteUrl?: string;
  logLevel?: LogLevel;
  /** Where log lines go (default stderr). */
  logSink?: (line: string) => void;
  /** Load installed extensions (default true). */
  loadExtensions?: boolean;
  /** Run pending migrations at boot (default true). */
  migrate?: boolean;
  clock?: Clock;
  /**
   * Container modules loaded right after the core bindings and before the extensions (e.g. the HTTP
   * layer's sessions and auth log). Extensions and custom/ may rebind what they bind.
   */
  extraCoreModules?: ContainerModule[];
  /** Log line format (default `text`). */
  logFormat?: 'text' | 'json';
  /** How often (ms) config changes of other processes are picked up (default 1000; 0: only on refresh()). */
  configPollIntervalMs?: number;
  /** Environment read for `CRM_HOST_KEY` / `CRM_HOST_KEY_FILE` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /**
   * A config secret sealed with a key this host lacks stops the boot (`refuse`, default): another process
   * of the instance has another key ring, and this one would otherwise overwrite what it cannot read (the
   * CSRF secret). `allow` boots anyway with those values unset (`crm-host config` and `secrets` commands,
   * so the admin can re-enter them or inspect the ring).
   */
  unreadableSecrets?: 'refuse' | 'allow';
}

/** A booted host: everything the HTTP server, the CLI and tests need. */
export interface Host {
  readonly paths: InstancePaths;
  readonly container: Container;
  readonly orm: MikroORM;
  readonly persistence: Persistence;
  readonly config: ConfigService;
  readonly metadata: MetadataService;
  readonly i18n: I18nService;
  readonly logger: Logger;
  readonly extensions: readonly LoadedExtension[];
  /** The host key ring that seals secrets at rest (see docs/deployment.md#security). */
  readonly keyRing: HostKeyRing;
  /** Re-reads metadata and i18n from core, extensions and custom/ (after install/uninstall). */
  rebuildResources(): Promise<void>;
  close(): Promise<void>;
}
