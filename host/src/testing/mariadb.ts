import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the MariaDB server binary is expected (override with env `MARIADBD`). */
export function mariaDbBinary(): string {
  return process.env.MARIADBD ?? '/usr/sbin/mariadbd';
}

/** Why the MariaDB tests cannot run here, or null when they can. */
export function mariaDbUnavailableReason(): string | null {
  if (process.env.CRM_SKIP_MARIADB) return 'CRM_SKIP_MARIADB is set';
  const bin = mariaDbBinary();
  if (!existsSync(bin)) return `${bin} not found; install mariadb-server`;
  return null;
}

export function mariaDbAvailable(): boolean {
  return mariaDbUnavailableReason() === null;
}

export interface MariaDbServer {
  readonly port: number;
  readonly socket: string;
  readonly dataDir: string;
  /** `mysql://root:<password>@127.0.0.1:<port>` (no database). */
  readonly baseUrl: string;
}

let server: Promise<MariaDbServer> | undefined;
let child: ChildProcess | undefined;
let counter = 0;
let adminUserName = 'root';

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function adminKnex(connection: Record<string, unknown>) {
  const { knex } = await import('@mikro-orm/knex');
  return knex({ client: 'mysql2', connection, pool: { min: 0, max: 1 } });
}

async function waitUntilReady(socket: string, logFile: string, user: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child?.exitCode !== null && child?.exitCode !== undefined) {
      throw new Error(`mariadbd exited with code ${child.exitCode}: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    if (existsSync(socket)) {
      const db = await adminKnex({ socketPath: socket, user });
      try {
        await db.raw('SELECT 1');
        return;
      } catch (error) {
        lastError = error;
      } finally {
        await db.destroy();
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`mariadbd did not become ready in 60 s: ${(lastError as Error | undefined)?.message ?? 'no socket'}`);
}

async function start(): Promise<MariaDbServer> {
  const reason = mariaDbUnavailableReason();
  if (reason) throw new Error(`MariaDB unavailable: ${reason}`);
  const base = await mkdtemp(join(tmpdir(), 'crm-mariadb-'));
  await chmod(base, 0o755);
  const dataDir = join(base, 'data');
  const socket = join(base, 'mysqld.sock');
  const logFile = join(base, 'mariadbd.log');
  const isRoot = process.getuid?.() === 0;
  const userArgs = isRoot ? ['--user=mysql'] : [];
  // With socket authentication the OS user that runs the tests is a database admin (root, or itself).
  const adminUser = isRoot ? 'root' : userInfo().username;
  adminUserName = adminUser;
  await run('mariadb-install-db', [
    ...userArgs,
    `--datadir=${dataDir}`,
    '--auth-root-authentication-method=socket',
    '--skip-test-db',
    '--skip-name-resolve',
  ]);
  if (isRoot) await run('chown', ['-R', 'mysql:mysql', base]);
  const port = await freePort();
  const log = openSync(logFile, 'a');
  child = spawn(
    mariaDbBinary(),
    [
      '--no-defaults',
      ...userArgs,
      `--datadir=${dataDir}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--skip-name-resolve',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--innodb-buffer-pool-size=32M',
      '--innodb-log-file-size=16M',
      '--max-connections=200',
      `--log-error=${logFile}`,
    ],
    { stdio: ['ignore', log, log], detached: false },
  );
  child.unref();
  const pid = child.pid;
  const stop = (): void => {
    try {
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(base, { recursive: true, force: true });
  };
  process.on('exit', stop);
  // Also when the test run is interrupted: stop the server, then die of the same signal.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.kill(process.pid, signal);
    });
  }
  await waitUntilReady(socket, logFile, adminUser);
  // A random password for root over TCP, so that the throwaway server is not open to other local users.
  const password = randomBytes(12).toString('hex');
  const db = await adminKnex({ socketPath: socket, user: adminUser });
  try {
    await db.raw("CREATE USER 'crm'@'127.0.0.1' IDENTIFIED BY ?", [password]);
    await db.raw("GRANT ALL PRIVILEGES ON *.* TO 'crm'@'127.0.0.1'");
  } finally {
    await db.destroy();
  }
  return { port, socket, dataDir, baseUrl: `mysql://crm:${password}@127.0.0.1:${port}` };
}

/**
 * Starts ONE throwaway mariadbd per process (temp datadir, free port, unix socket), shared by every
 * suite and killed at process exit. Later calls return the same server.
 */
export function startMariaDb(): Promise<MariaDbServer> {
  server ??= start().catch((error: unknown) => {
    server = undefined;
    throw error;
  });
  return server;
}

/** A fresh, empty database on the shared server; returns its `mysql://` URL. */
export async function createDatabase(prefix = 't'): Promise<string> {
  const srv = await startMariaDb();
  counter += 1;
  const name = `${prefix}_${process.pid}_${counter}_${randomBytes(3).toString('hex')}`.slice(0, 64);
  const db = await adminKnex({ socketPath: srv.socket, user: adminUserName });
  try {
    await db.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await db.destroy();
  }
  return `${srv.baseUrl}/${name}`;
}
