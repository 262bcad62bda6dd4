import { createServer } from 'node:net';
import { createTempInstance, type TempInstance } from 'crm-host/testing';
import { installExtension } from '../oidc-host.js';
import { HostProcess } from './host-process.js';
import type { HostProcessConfig } from './protocol.js';
import { RoundRobinBalancer } from './round-robin-balancer.js';

export interface ClusterOptions {
  /** Number of host processes (default 2). */
  readonly processes?: number;
  /** The shared database (`mysql://...` or `libsql:<file>`; in-memory libsql cannot be shared). */
  readonly databaseUrl: string;
  /** Put a round-robin balancer in front (default true); `siteUrl` is then the balancer's URL. */
  readonly balancer?: boolean;
  /** Install the oidc-auth extension from this repository's build (default true). */
  readonly extension?: boolean;
  readonly logLevel?: HostProcessConfig['logLevel'];
  /** Config polling interval of each process, ms (default 200). */
  readonly configPollIntervalMs?: number;
  /** Login flow tunables of every process (e.g. `{ maxStartsPerIpPerMinute: 0 }` for load tests). */
  readonly flowOptions?: HostProcessConfig['flowOptions'];
  /** Extra node options of every host process (e.g. `--cpu-prof`). */
  readonly execArgv?: readonly string[];
  /**
   * Stack traces mapped to the TypeScript sources (`--enable-source-maps`, default true: tests). The login
   * benchmark turns it off, as `crm-host start` runs without it.
   */
  readonly sourceMaps?: boolean;
}

export interface Cluster {
  readonly processes: HostProcess[];
  readonly balancer: RoundRobinBalancer | undefined;
  /** What browsers use: the balancer's URL, else the first process's. */
  readonly url: string;
  readonly instance: TempInstance;
  /** Any live process (for SQL probes and settings). */
  any(): HostProcess;
  /** Stops the balancer and every process still running, and removes the instance folder. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the port is released before use: a tiny race, fine for tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts N reference host processes on one database, sharing one instance folder, each on its own free
 * port, behind a round-robin balancer (no sticky sessions). The first process runs the migrations; the
 * others start once it is ready. Every process is told the balancer's URL as its site URL, so redirect
 * URIs point at the balancer as they would in production.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const count = options.processes ?? 2;
  const instance = await createTempInstance('cluster-');
  const processes: HostProcess[] = [];
  let balancer: RoundRobinBalancer | undefined;
  try {
    if (options.extension !== false) await installExtension(instance);
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const backends = ports.map((p) => `http://127.0.0.1:${p}`);
    balancer = options.balancer === false ? undefined : new RoundRobinBalancer(backends);
    const siteUrl = balancer ? await balancer.listen() : backends[0]!;
    const config = (i: number): HostProcessConfig => ({
      root: instance.root,
      databaseUrl: options.databaseUrl,
      siteUrl,
      port: ports[i]!,
      migrate: i === 0,
      logLevel: options.logLevel ?? 'warn',
      configPollIntervalMs: options.configPollIntervalMs ?? 200,
      flowOptions: options.flowOptions,
    });
    const start = (i: number) => HostProcess.start(i, config(i), 60_000, options.execArgv, options.sourceMaps ?? true);
    processes.push(await start(0));
    processes.push(...(await Promise.all(ports.slice(1).map((_p, i) => start(i + 1)))));
  } catch (error) {
    await Promise.all(processes.map((p) => p.kill()));
    await balancer?.close();
    await instance.cleanup();
    throw error;
  }
  return {
    processes,
    balancer,
    url: balancer?.url ?? processes[0]!.url,
    instance,
    any() {
      const live = processes.find((p) => p.running);
      if (!live) throw new Error('no host process is running');
      return live;
    },
    async stop() {
      await balancer?.close();
      await Promise.all(processes.map((p) => p.stop()));
      await instance.cleanup();
    },
  };
}
