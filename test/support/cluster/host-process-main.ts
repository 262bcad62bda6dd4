/**
 * One reference host process of a test cluster (forked by `cluster.ts` with an IPC channel): boots the
 * host with HTTP the way `crm-host start` does, listens on the given port, reports `ready`, and answers the
 * parent's requests (CPU usage, config, users, SQL probes, stop). Log lines go to the parent over IPC.
 * Exits when the parent disconnects, so a crashed test leaves no process behind.
 */
import 'reflect-metadata';
import { bootHost } from 'crm-host/internal/app/boot';
import type { Host } from 'crm-host/internal/app/host';
import { withHttp } from 'crm-host/internal/http/core-module';
import { startHttpServer, type RunningServer } from 'crm-host/internal/http/server';
import { hashPassword } from 'crm-host/internal/sessions/password';
import { Team, User } from 'crm-host/sdk';
import { writeFileSync } from 'node:fs';
import { DEFAULT_FLOW_OPTIONS } from '../../../src/oidc/flow-options.js';
import { OIDC_TYPES } from '../../../src/oidc/tokens.js';
import type { ChildMessage, CpuSample, HostProcessConfig, RequestMessage } from './protocol.js';

const config = JSON.parse(process.argv[2] ?? '{}') as HostProcessConfig;
const startedAt = performance.now();
let host: Host | undefined;
let server: RunningServer | undefined;

function send(message: ChildMessage): void {
  if (process.connected) process.send!(message);
}

async function rows(sql: string, bindings: readonly unknown[] = []): Promise<unknown> {
  const em = host!.persistence.em() as unknown as {
    getKnex(): { raw(sql: string, b: readonly unknown[]): Promise<unknown> };
  };
  const result = await em.getKnex().raw(sql, bindings);
  // mysql2 answers [rows, fields]; libsql answers rows.
  return Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result;
}

const handlers: { [K in RequestMessage['type']]: (m: Extract<RequestMessage, { type: K }>) => Promise<unknown> } = {
  async cpu(): Promise<CpuSample> {
    const usage = process.cpuUsage();
    return { user: usage.user, system: usage.system, wallMs: performance.now() - startedAt };
  },
  async 'config.set'(m) {
    await host!.config.set(m.values as never);
    return null;
  },
  async 'config.get'(m) {
    return host!.config.get(m.key) ?? null;
  },
  async 'config.refresh'() {
    await host!.config.refresh();
    return null;
  },
  async 'user.create'(m) {
    const passwordHash = await hashPassword(m.password, { N: 1024, r: 8, p: 1 });
    return host!.persistence.transactional(async (em) => {
      const user = em.create(User, { userName: m.userName, type: m.userType, name: m.userName, passwordHash } as never);
      em.persist(user);
      await em.flush();
      return (user as User).id;
    });
  },
  async 'team.create'(m) {
    await host!.persistence.transactional(async (em) => {
      for (const name of m.names) em.persist(em.create(Team, { name } as never));
    });
    return null;
  },
  async sql(m) {
    return rows(m.sql, m.bindings);
  },
  async stop() {
    setImmediate(() => void shutdown(0));
    return null;
  },
};

/**
 * `CRM_TRACE_SQL=<file>`: count statements by text, with the wall time from sending each one to its
 * answer (knex `query` / `query-response` events); the most frequent go to that file at exit (diagnostics).
 */
function traceSql(h: Host): void {
  interface Query {
    sql: string;
    __knexQueryUid?: string;
  }
  const stats = new Map<string, { n: number; ms: number }>();
  const started = new Map<string, { shape: string; at: number }>();
  const knex = h.persistence.knex() as unknown as { on(e: string, f: (...args: never[]) => void): void };
  let total = 0;
  knex.on('query', (q: Query) => {
    total++;
    const shape = q.sql.replace(/'[^']*'/g, '?').replace(/\b\d+\b/g, '?');
    const entry = stats.get(shape) ?? { n: 0, ms: 0 };
    entry.n++;
    stats.set(shape, entry);
    if (q.__knexQueryUid) started.set(q.__knexQueryUid, { shape, at: performance.now() });
  });
  const done = (_r: unknown, q: Query): void => {
    const s = q.__knexQueryUid ? started.get(q.__knexQueryUid) : undefined;
    if (!s) return;
    started.delete(q.__knexQueryUid!);
    stats.get(s.shape)!.ms += performance.now() - s.at;
  };
  knex.on('query-response', done);
  knex.on('query-error', done);
  process.on('exit', () => {
    const top = [...stats].sort((a, b) => b[1].n - a[1].n).slice(0, 30);
    const lines = top.map(
      ([sql, { n, ms }]) => `${String(n).padStart(6)} ${(ms / n).toFixed(3).padStart(8)} ms  ${sql.slice(0, 200)}`,
    );
    writeFileSync(process.env.CRM_TRACE_SQL!, [`${total} statements (count, mean ms each)`, ...lines].join('\n'));
  });
}

async function shutdown(code: number): Promise<void> {
  try {
    await server?.close();
    await host?.close();
  } finally {
    process.exit(code);
  }
}

process.on('message', (message: RequestMessage) => {
  const handler = handlers[message.type] as (m: RequestMessage) => Promise<unknown>;
  handler(message).then(
    (value) => send({ type: 'reply', id: message.id, ok: true, value }),
    (error: unknown) => send({ type: 'reply', id: message.id, ok: false, error: String(error) }),
  );
});
process.on('disconnect', () => void shutdown(0));

try {
  host = await bootHost(
    withHttp({
      root: config.root,
      databaseUrl: config.databaseUrl,
      siteUrl: config.siteUrl,
      logLevel: config.logLevel,
      migrate: config.migrate,
      configPollIntervalMs: config.configPollIntervalMs,
      logSink: (line: string) => send({ type: 'log', line }),
    }),
  );
  if (process.env.CRM_TRACE_SQL) traceSql(host);
  if (config.flowOptions) {
    host.container
      .rebind(OIDC_TYPES.FlowOptions)
      .toConstantValue(Object.freeze({ ...DEFAULT_FLOW_OPTIONS, ...config.flowOptions }));
  }
  server = await startHttpServer(host, { port: config.port, hostname: '127.0.0.1' });
  send({ type: 'ready', url: server.url, pid: process.pid });
} catch (error) {
  send({ type: 'fatal', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  await shutdown(1);
}
