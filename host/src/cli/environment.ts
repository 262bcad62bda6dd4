import path from 'node:path';
import type { Host, BootOptions } from '../app/host.js';
import type { ExtensionManagerDeps } from '../extensions/manager-deps.js';
import { withHttp } from '../http/core-module.js';

export interface HttpServerHandle {
  url: string;
  close(): Promise<void>;
}

/** The host functions the CLI uses; tests may replace them. */
export interface CliRuntime {
  bootHost(options: BootOptions): Promise<Host>;
  managerDeps(host: Host): ExtensionManagerDeps;
  startHttpServer(
    host: Host,
    options: { port: number; hostname: string; trustedProxies?: readonly string[] },
  ): Promise<HttpServerHandle>;
  /** Host migrations and extension migrations now pending/applied; returns the names applied. */
  migrate(host: Host): Promise<string[]>;
  /** Resolves when the server should stop (SIGINT/SIGTERM); returns the reason. */
  waitForShutdown(): Promise<string>;
}

/** What every command gets: the instance root, the environment, and a way to boot the host. */
export interface CliEnvironment {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly runtime: CliRuntime;
  /** Reads all of stdin (for `--password-stdin`). */
  readStdin(): Promise<string>;
  /** Boots the host on `root` (with the HTTP core bindings), runs `fn`, and always closes the host. */
  withHost<T>(fn: (host: Host) => Promise<T>, options?: Partial<BootOptions>): Promise<T>;
}

/** `--root`, else env CRM_HOST_ROOT, else `./instance`, resolved against the working directory. */
export function resolveRoot(flag: string | undefined, env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  return path.resolve(cwd, flag ?? (env.CRM_HOST_ROOT || 'instance'));
}

export function createEnvironment(
  root: string,
  env: NodeJS.ProcessEnv,
  runtime: CliRuntime,
  readStdin: () => Promise<string>,
): CliEnvironment {
  return {
    root,
    env,
    runtime,
    readStdin,
    async withHost(fn, options = {}) {
      // withHttp: the HTTP core bindings (sessions, auth log) load before the extensions, as in `start`,
      // so that extension commands find a complete container.
      const host = await runtime.bootHost(withHttp({ root, logLevel: 'warn', env, ...options }));
      try {
        return await fn(host);
      } finally {
        await host.close();
      }
    },
  };
}
