/**
 * API authentication benchmark (npm run bench:api): `GET /api/v1/App/user` on loopback, driven by
 * autocannon for a fixed number of requests, authenticated three ways against one booted host (the
 * extension loaded, a libsql file database, the HTTP server):
 *   - bearer:  `Authorization: Bearer <RFC 9068 JWT access token>` (oidcApiBearerEnabled), RS256, keys cached;
 *   - session: a host session cookie (the AuthToken row is read on every request);
 *   - none:    no credentials (answered 401 before the route runs: the floor of the stack).
 * Scenarios alternate over several rounds; the median requests/s of each is reported. Target: bearer >=
 * 0.8x session. Options (env): BENCH_API_REQUESTS (default 5000), BENCH_API_CONNECTIONS (10),
 * BENCH_API_ROUNDS (3), BENCH_API_WARMUP (500). Exit code 1 on FAIL.
 */
import 'reflect-metadata';
import autocannon, { type Result } from 'autocannon';
import { TYPES, User, type AuthTokenManager } from 'crm-host/sdk';
import { withHttp } from 'crm-host/internal/http/core-module';
import { startHttpServer } from 'crm-host/internal/http/server';
import { createTempInstance } from 'crm-host/testing';
import os from 'node:os';
import path from 'node:path';
import { IdentityLink } from '../src/provisioning/entities/IdentityLink.js';
import { startFakeOp } from '../test/support/fake-op/fake-op.js';
import { bootOidcHost } from '../test/support/oidc-host.js';

const REQUESTS = Number(process.env['BENCH_API_REQUESTS'] ?? 5000);
const CONNECTIONS = Number(process.env['BENCH_API_CONNECTIONS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_API_ROUNDS'] ?? 3);
const WARMUP = Number(process.env['BENCH_API_WARMUP'] ?? 500);
const TARGET = 0.8;
const AUDIENCE = 'https://crm.example.com/api';

type Scenario = 'bearer' | 'session' | 'none';
/** Requests per second of one run, from its exact start and finish (autocannon rounds `duration`). */
const rate = (r: Result): number => r.requests.total / Math.max((r.finish.getTime() - r.start.getTime()) / 1000, 0.001);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<number> {
  const op = await startFakeOp({ clientId: 'crm', alg: 'RS256', tokenTtlSec: 3600 });
  const instance = await createTempInstance('bench-api-');
  const host = await bootOidcHost(
    withHttp({
      instance,
      siteUrl: 'http://127.0.0.1:8080',
      databaseUrl: `libsql:${path.join(instance.paths.data, 'crm.db')}`,
      logLevel: 'error',
    }),
  );
  await host.config.set({
    oidcClientId: op.clientId,
    oidcClientSecret: op.clientSecret,
    oidcIssuer: op.issuer,
    oidcAuthorizationEndpoint: op.endpoints.authorization,
    oidcTokenEndpoint: op.endpoints.token,
    oidcJwksEndpoint: op.endpoints.jwks,
    oidcApiBearerEnabled: true,
    oidcApiAudience: AUDIENCE,
    oidcApiScopes: ['crm.read'],
  });
  const em = host.persistence.em();
  const user = Object.assign(new User(), { userName: 'alice', name: 'Alice' });
  em.persist(user);
  em.persist(new IdentityLink({ issuer: op.issuer, sub: 'alice-sub', user }));
  await em.flush();
  const { token: cookie } = await host.container
    .get<AuthTokenManager>(TYPES.AuthTokenManager)
    .create({ userId: user.id, method: 'Oidc', idp: { issuer: op.issuer, sub: 'alice-sub', sid: 'sid-1' } });
  const bearer = await op.signAccessToken({ sub: 'alice-sub', audience: AUDIENCE, scope: 'openid crm.read' });
  const server = await startHttpServer(host, { port: 0 });
  const url = `${server.url}/api/v1/App/user`;
  const headers: Record<Scenario, Record<string, string>> = {
    bearer: { authorization: `Bearer ${bearer}` },
    session: { cookie: `crm_session=${cookie}` },
    none: {},
  };
  const expectedStatus: Record<Scenario, '2xx' | '4xx'> = { bearer: '2xx', session: '2xx', none: '4xx' };
  const run = (scenario: Scenario, amount: number): Promise<Result> =>
    autocannon({ url, connections: CONNECTIONS, amount, headers: headers[scenario] });

  const results: Record<Scenario, Result[]> = { bearer: [], session: [], none: [] };
  try {
    const scenarios: Scenario[] = ['bearer', 'session', 'none'];
    for (const scenario of scenarios) {
      const warm = await run(scenario, WARMUP);
      if (warm[expectedStatus[scenario]] !== WARMUP) throw new Error(`${scenario}: unexpected answers in warm-up`);
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? scenarios : [...scenarios].reverse();
      for (const scenario of order) {
        const result = await run(scenario, REQUESTS);
        if (result[expectedStatus[scenario]] !== REQUESTS || result.errors > 0)
          throw new Error(`${scenario}: ${result.errors} errors, ${result[expectedStatus[scenario]]} expected answers`);
        results[scenario].push(result);
        process.stderr.write(`round ${round + 1} ${scenario}: ${rate(result).toFixed(0)} req/s\n`);
      }
    }
  } finally {
    await server.close();
    await host.cleanup();
    await instance.cleanup();
    await op.stop();
  }

  const rows = (['bearer', 'session', 'none'] as Scenario[]).map((s) => ({
    scenario: s,
    rps: median(results[s].map(rate)),
    p50: median(results[s].map((r) => r.latency.p50)),
    p99: median(results[s].map((r) => r.latency.p99)),
  }));
  console.log(
    `GET /api/v1/App/user, ${REQUESTS} requests x ${ROUNDS} rounds, ${CONNECTIONS} connections, ` +
      `Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log('| auth | req/s (median) | latency p50 | latency p99 |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.scenario} | ${r.rps.toFixed(0)} | ${r.p50} ms | ${r.p99} ms |`);
  const ratio = rows[0]!.rps / rows[1]!.rps;
  const pass = ratio >= TARGET;
  console.log(`bearer / session = ${ratio.toFixed(2)} (target >= ${TARGET}): ${pass ? 'PASS' : 'FAIL'}`);
  return pass ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
