import type { ConfigService } from '../../sdk/config.js';
import type { InstancePaths } from '../../sdk/instance.js';
import { extensionError } from './errors.js';
import type { Persistence } from '../../sdk/persistence.js';
import { discoverInstalled } from './loader.js';
import { ExtensionRecords } from './records.js';

/** Env that turns installs and uninstalls from the admin UI off (`off`, `false`, `0`, `no`); wins over config. */
export const UI_INSTALLS_ENV = 'CRM_EXTENSION_UI_INSTALLS';
/** Host config key (app.config, boolean, default true). */
export const UI_INSTALLS_KEY = 'extensionUiInstalls';

export interface UiInstallsPolicy {
  readonly enabled: boolean;
  /** What decided: the env variable, the config key, or the default. */
  readonly source: 'env' | 'config' | 'default';
}

const OFF = new Set(['off', 'false', '0', 'no']);
const ON = new Set(['on', 'true', '1', 'yes']);

export function uiInstallsPolicy(
  config: ConfigService,
  env: Readonly<Record<string, string | undefined>> = process.env,
): UiInstallsPolicy {
  const fromEnv = env[UI_INSTALLS_ENV]?.trim().toLowerCase();
  if (fromEnv && OFF.has(fromEnv)) return { enabled: false, source: 'env' };
  if (fromEnv && ON.has(fromEnv)) return { enabled: true, source: 'env' };
  const fromConfig = config.get(UI_INSTALLS_KEY);
  if (typeof fromConfig === 'boolean') return { enabled: fromConfig, source: 'config' };
  return { enabled: true, source: 'default' };
}

/** Throws ERR_EXTENSION_UI_INSTALLS_DISABLED when the UI may not install or uninstall. */
export function assertUiInstallsEnabled(policy: UiInstallsPolicy): void {
  if (!policy.enabled) {
    throw extensionError(
      'UI_DISABLED',
      policy.source === 'env'
        ? `Installing and uninstalling extensions from the admin UI is turned off (env ${UI_INSTALLS_ENV}); use crm-host extension install|uninstall`
        : `Installing and uninstalling extensions from the admin UI is turned off (config ${UI_INSTALLS_KEY}); use crm-host extension install|uninstall`,
    );
  }
}

export interface RestartStatus {
  /** True when the extensions on disk or their Extension records differ from what this process started with. */
  readonly restartRequired: boolean;
  /** `name version` this process runs. */
  readonly running: readonly string[];
  /** `name version` a restart would load. */
  readonly onDisk: readonly string[];
}

/** `name version installedAt` of every installed Extension record (changes with every install, also a reinstall). */
export async function recordFingerprints(persistence: Persistence): Promise<string[]> {
  const rows = await new ExtensionRecords(persistence).installed();
  return rows.map((r) => `${r.name} ${r.version} ${new Date(r.installedAt).toISOString()}`).sort();
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((entry, i) => entry === b[i]);

/**
 * Compares the extensions this process loaded at boot with the folders a restart would load, and the
 * Extension records with those seen when the server started (`startRecords`): every install, reinstall and
 * uninstall changes one of them, from any process or the CLI. A running host never loads extension code
 * live, so any difference means this process needs a restart.
 */
export async function restartStatus(
  paths: InstancePaths,
  persistence: Persistence,
  loaded: ReadonlyArray<{ manifest: { name: string; version: string } }>,
  startRecords: readonly string[],
): Promise<RestartStatus> {
  const label = (m: { name: string; version: string }): string => `${m.name} ${m.version}`;
  const running = loaded.map((e) => label(e.manifest)).sort();
  const onDisk = (await discoverInstalled(paths)).map((e) => label(e.manifest)).sort();
  const records = await recordFingerprints(persistence);
  return { restartRequired: !sameList(running, onDisk) || !sameList(records, startRecords), running, onDisk };
}
