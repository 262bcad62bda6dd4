/**
 * crm-host/testing: helpers for host and extension tests (temp instances, booted test hosts, a throwaway
 * MariaDB server, running a suite on both databases).
 */
import { bootHost } from '../app/boot.js';
import type { BootOptions, Host } from '../app/host.js';
import { ensureKeyFile, keyFilePath, newKeyEntry } from '../secrets/keyring.js';
import { createTempInstance, type TempInstance } from './temp-instance.js';

/**
 * One host key ring for every test host of this test process: hosts that share a database in a test (two
 * "machines") are configured like a correct deployment, with the same key. `bootTestHost` writes it as the
 * instance's key file when the instance has none (an instance made by the CLI keeps its own); processes a
 * test starts get it as `CRM_HOST_KEY` through {@link testHostEnv}.
 */
const TEST_KEY_RING = newKeyEntry();

/** The environment test hosts boot with: the process's, with the shared test key ring as `CRM_HOST_KEY`. */
export function testHostEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, CRM_HOST_KEY: env.CRM_HOST_KEY || TEST_KEY_RING };
}

export { createTempInstance, repositoryRoot, type TempInstance } from './temp-instance.js';
export {
  createDatabase,
  mariaDbAvailable,
  mariaDbUnavailableReason,
  startMariaDb,
  type MariaDbServer,
} from './mariadb.js';
export { forEachDatabase, type TestDatabase } from './databases.js';
export { emptyEntry, writeExtension, writeFileDeep, type FixtureExtension } from './fixtures.js';

export interface TestHostOptions extends Partial<BootOptions> {
  /** Reuse an instance folder (default: a new temp instance, removed by `cleanup()`). */
  instance?: TempInstance;
  /** Also print log lines to stderr (default: env CRM_TEST_LOG). */
  printLogs?: boolean;
}

export interface TestHost extends Host {
  readonly instance: TempInstance;
  /** Every log line the host wrote. */
  readonly logs: string[];
  /** close() and remove the temp instance (when this helper created it). */
  cleanup(): Promise<void>;
}

/**
 * Boots a host on a temp instance. Defaults: in-memory libsql (`libsql::memory:`), log level `warn`
 * captured in `logs`, config polling every 100 ms, the process-wide test key ring ({@link testHostEnv}).
 */
export async function bootTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const { instance: given, printLogs, ...boot } = options;
  const instance = given ?? (boot.root ? undefined : await createTempInstance());
  const logs: string[] = [];
  const print = printLogs ?? Boolean(process.env.CRM_TEST_LOG);
  let host: Host;
  try {
    const root = boot.root ?? (instance as TempInstance).root;
    const env = boot.env ?? process.env;
    if (!env.CRM_HOST_KEY?.trim()) await ensureKeyFile(keyFilePath(root, env), [TEST_KEY_RING]);
    host = await bootHost({
      databaseUrl: 'libsql::memory:',
      logLevel: 'warn',
      configPollIntervalMs: 100,
      ...boot,
      root: boot.root ?? (instance as TempInstance).root,
      logSink: (line) => {
        logs.push(line);
        boot.logSink?.(line);
        if (print) process.stderr.write(`${line}\n`);
      },
    });
  } catch (error) {
    if (!given && !boot.root) await instance?.cleanup();
    throw error;
  }
  const owned = !given && !boot.root ? instance : undefined;
  const tempInstance: TempInstance = instance ?? {
    root: host.paths.root,
    paths: host.paths,
    cleanup: async () => undefined,
  };
  return Object.assign(Object.create(null) as object, host, {
    instance: tempInstance,
    logs,
    async cleanup(): Promise<void> {
      await host.close();
      await owned?.cleanup();
    },
  }) as TestHost;
}
