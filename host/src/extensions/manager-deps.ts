import type { ConfigService } from '../../sdk/config.js';
import type { ExtensionEntry } from '../../sdk/extension.js';
import type { InstancePaths } from '../../sdk/instance.js';
import type { Logger } from '../../sdk/logger.js';
import type { Migration, Persistence } from '../../sdk/persistence.js';
import type { ExtensionManifest } from './manifest.js';
import type { PackageLimits } from './package-limits.js';

/** What the extension manager needs from a booted host (see `managerDepsFromHost`). */
export interface ExtensionManagerDeps {
  readonly paths: InstancePaths;
  readonly persistence: Persistence;
  readonly config: ConfigService;
  readonly logger: Logger;
  /** Imports the entry module of the extension in `dir` (fresh, not a cached earlier version). */
  importEntry(dir: string, manifest: ExtensionManifest): Promise<ExtensionEntry>;
  /** Applies the pending migrations of `owner`; returns the names applied now. */
  runMigrations(owner: string, migrations: readonly Migration[]): Promise<string[]>;
  /** Names of the migrations of `owner` recorded as applied. */
  appliedMigrations(owner: string): Promise<string[]>;
  /** Reverts the named applied migrations of `owner` (newest first) with the `down` of `migrations`. */
  revertMigrations(owner: string, migrations: readonly Migration[], names: readonly string[]): Promise<void>;
  /** Rewrites the metadata/i18n cache from core, the extensions now on disk, and custom/. */
  rebuildResources(): Promise<void>;
  /** Package limits (default 5,000 entries, 100 MB). */
  readonly limits?: PackageLimits;
}

/** One line of progress: a step starting, a detail of it, a step skipped, a rollback action, or a warning. */
export interface ProgressEvent {
  readonly kind: 'step' | 'info' | 'skip' | 'rollback' | 'warning' | 'done';
  /** Stable step id, e.g. `check-host-version` (for `step`/`skip`). */
  readonly step?: string;
  readonly message: string;
}

export type ProgressListener = (event: ProgressEvent) => void;
