import type { ContainerModule, ServiceIdentifier } from 'inversify';
import type { ConfigService } from './config.js';
import type { InstancePaths } from './instance.js';
import type { Logger } from './logger.js';
import type { Migration, Persistence } from './persistence.js';

/** Version of the host this SDK belongs to; `acceptableVersions` in extension.json is checked against it. */
export const HOST_VERSION = '0.1.0';

/** Read-only access to the finished container. */
export interface ServiceResolver {
  get<T>(id: ServiceIdentifier<T>): T;
  getAll<T>(id: ServiceIdentifier<T>): T[];
  isBound(id: ServiceIdentifier): boolean;
}

/**
 * What an extension's entry module (extension.json `entry`) exports as `default`.
 * The host loads core bindings, then each installed extension's `module` in extension order, then
 * custom/ bindings; a later module may `rebind` an earlier binding.
 */
export interface ExtensionEntry {
  /** Must equal extension.json `name`. */
  readonly name: string;
  readonly module: ContainerModule;
  /** MikroORM entity classes the extension adds. */
  readonly entities?: readonly (abstract new (...args: never[]) => unknown)[];
  /** Schema migrations of the extension's own tables (owner = extension name). */
  readonly migrations?: readonly Migration[];
  /** Called once the container is complete, before the host serves requests. */
  start?(services: ServiceResolver): Promise<void> | void;
  /** Called when the host shuts down. */
  stop?(): Promise<void> | void;
}

export function defineExtension(entry: ExtensionEntry): ExtensionEntry {
  return entry;
}

/** Passed to the extension's lifecycle scripts (extension.json `scripts`). */
export interface LifecycleScriptContext {
  readonly extensionName: string;
  /** The version being installed (or uninstalled). */
  readonly version: string;
  /** True when installing over an earlier version. */
  readonly isUpgrade: boolean;
  /** The version installed before this install, if any. */
  readonly previousVersion: string | null;
  readonly paths: InstancePaths;
  readonly persistence: Persistence;
  readonly config: ConfigService;
  readonly logger: Logger;
}

/** The default export of a lifecycle script module. Throwing aborts (and rolls back) the operation. */
export type LifecycleScript = (context: LifecycleScriptContext) => Promise<void> | void;

export type LifecycleScriptName = 'beforeInstall' | 'afterInstall' | 'beforeUninstall' | 'afterUninstall';
