import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { hashPassword } from 'crm-host/internal/sessions/password';
import { withHttp } from 'crm-host/internal/http/core-module';
import { startHttpServer, type RunningServer } from 'crm-host/internal/http/server';
import { User, type Clock } from 'crm-host/sdk';
import type { TestHost } from 'crm-host/testing';
import type { LogoutJtiStore } from '../../../src/logout/jti-store.js';
import { LOGOUT_TYPES } from '../../../src/logout/tokens.js';
import { DEFAULT_FLOW_OPTIONS } from '../../../src/oidc/flow-options.js';
import type { TestLoginDraftStore } from '../../../src/oidc/test-login/drafts.js';
import { TEST_LOGIN_TYPES } from '../../../src/oidc/test-login/tokens.js';
import { OIDC_TYPES } from '../../../src/oidc/tokens.js';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { bootOidcHost } from '../../support/oidc-host.js';
import { fakeOpSettings } from './support/fake-op-login.js';

class SteppingClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
}

const FLOOD = Number(process.env['FLOOD_N'] ?? 10_000);
const ADDRESSES = 2_000;
/** Few user names, tightly limited, so that the password flood runs scrypt only a few dozen times. */
const USER_NAMES = 5;
const ATTEMPTS_PER_USER = 2;
/** Manual time that passes per request (the flood spans 20,000 x 10 ms = 200 s, several log windows). */
const STEP_MS = 10;
const FAILURE_WINDOW_MS = 60_000;
const ROWS_PER_WINDOW = 100;
const CONCURRENCY = 16;

/** 10.x.y.z addresses as a trusted reverse proxy reports them in X-Forwarded-For (never contacted). */
const address = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function inBatches(count: number, send: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await send(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * Issue 12 item 3, row "Anyone can write unlimited rows to the authentication log": forged callbacks and
 * failed password logins from thousands of addresses (through a trusted proxy's X-Forwarded-For) leave a
 * bounded number of aggregated rows and log lines, every attempt still counted; the purge job removes
 * what expired (auth log, sessions, password counters, login transactions, logout jti, test-login drafts).
 */
describe('regression: auth-log-flood-unbounded-rows', function () {
  // About 30 s on an idle 2-core machine; far more when the machine is shared.
  this.timeout(300_000);
  const start = Date.UTC(2026, 0, 1, 12); // the start of a 15-minute password window and a 1-minute log window
  let clock: SteppingClock;
  let host: TestHost;
  let server: RunningServer;
  let op: FakeOp;

  before(async () => {
    clock = new SteppingClock(start);
    op = await startFakeOp({ clientId: 'crm' });
    host = await bootOidcHost(withHttp({ clock }));
    host.container.rebind(OIDC_TYPES.FlowOptions).toConstantValue({ ...DEFAULT_FLOW_OPTIONS });
    server = await startHttpServer(host, { port: 0, trustedProxies: ['127.0.0.1'], purge: false });
    await host.config.set({
      authenticationMethod: 'Oidc',
      siteUrl: server.url,
      ...fakeOpSettings(op),
      authLogFailureWindow: '1 minute',
      authLogFailureRowsPerWindow: ROWS_PER_WINDOW,
      authLogRetention: '1 day',
      sessionRetention: '1 day',
      loginAttemptsPerUser: ATTEMPTS_PER_USER,
    });
    const em = host.persistence.em();
    em.persist(
      Object.assign(new User(), {
        userName: 'alice',
        type: 'regular',
        passwordHash: await hashPassword('alice-pass-1', { N: 1024, r: 8, p: 1 }),
      }),
    );
    await em.flush();
  });
  after(async () => {
    await server?.close();
    await host?.cleanup();
    await op?.stop();
  });

  const count = async (table: string): Promise<number> =>
    Number(((await host.persistence.knex()(table).count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);

  it('10,000 forged callbacks and 10,000 failed password logins from 2,000 addresses leave bounded rows', async () => {
    const started = Date.now();
    const statuses = new Map<number, number>();
    const tally = (status: number): void => void statuses.set(status, (statuses.get(status) ?? 0) + 1);
    await inBatches(FLOOD, async (i) => {
      clock.time += STEP_MS;
      const state = randomBytes(16).toString('base64url');
      const r = await server.app.inject({
        method: 'GET',
        url: `/oauth-callback?state=${state}&code=forged-${i}`,
        headers: { 'x-forwarded-for': address(i % ADDRESSES) },
      });
      tally(r.statusCode);
    });
    const callbacksMs = Date.now() - started;
    await inBatches(FLOOD, async (i) => {
      clock.time += STEP_MS;
      const userName = i % USER_NAMES === 0 ? 'alice' : `user${i % USER_NAMES}`;
      const r = await server.app.inject({
        method: 'POST',
        url: '/api/v1/App/login',
        headers: { 'x-forwarded-for': address((i * 7) % ADDRESSES) },
        payload: { userName, password: `guess-${i}` },
      });
      tally(r.statusCode);
    });
    const passwordsMs = Date.now() - started - callbacksMs;
    if (process.env['FLOOD_N']) console.log({ callbacksMs, passwordsMs });
    const elapsed = clock.time - start;
    const windows = Math.floor(elapsed / FAILURE_WINDOW_MS) + 1;
    // Every request answered with a refusal (the forged callbacks 4xx, the password guesses 401/429).
    expect(
      [...statuses.keys()].every((s) => s >= 400 && s < 500),
      JSON.stringify([...statuses]),
    ).to.equal(true);

    // The bound: per log window, ROWS_PER_WINDOW rows with an address, plus one overflow row per
    // (method, reason) that occurs (at most 4 here: the callback's, 401 unknown user, 401 wrong password, 429).
    const rows = await count('auth_log_records');
    const bound = windows * (ROWS_PER_WINDOW + 4);
    expect(rows, `${rows} rows for ${2 * FLOOD} failures over ${windows} windows`).to.be.at.most(bound);

    // Nothing lost: the rows count every attempt, with first and last sight.
    const knex = host.persistence.knex();
    const sum = (await knex('auth_log_records').sum({ n: 'attempt_count' })) as Array<{ n: number | string }>;
    expect(Number(sum[0]!.n)).to.equal(2 * FLOOD);
    const aggregated = (await knex('auth_log_records')
      .where('attempt_count', '>', 1)
      .select('created_at', 'last_seen_at')
      .first()) as { created_at: unknown; last_seen_at: unknown } | undefined;
    expect(aggregated?.last_seen_at, 'an aggregated row has its last sight').to.not.equal(null);

    // Password checks stayed within the shared limits: the user names x their attempts in the one 15-minute window.
    const checked = (await knex('auth_log_records')
      .whereIn('reason_code', ['ERR_USER_NOT_FOUND', 'ERR_PASSWORD_INVALID'])
      .sum({ n: 'attempt_count' })) as Array<{ n: number | string }>;
    expect(Number(checked[0]!.n)).to.be.at.most(USER_NAMES * ATTEMPTS_PER_USER);
    expect(await count('login_attempts')).to.be.at.most(USER_NAMES + ADDRESSES);

    // The WARN lines are sampled: the first per code and minute, then one summary line.
    const warnings = host.logs.filter((l) => l.includes('OIDC sign-in failed')).length;
    const summaries = host.logs.filter((l) => l.includes('WARN_LOG_SAMPLED')).length;
    expect(warnings, 'sampled warnings').to.be.at.most(Math.ceil(elapsed / 60_000 + 1) * 2);
    expect(warnings, 'the first failure of a window is logged in full').to.be.at.least(1);
    // The forged callbacks span FLOOD x STEP_MS (100 s): a minute window closed, so a summary was written.
    if (FLOOD * STEP_MS > 60_000) expect(summaries, 'the rest of a window is summed up in one line').to.be.at.least(1);
  });

  it('the purge job deletes what expired and keeps what is live', async () => {
    clock.time += 15 * 60_000; // a new password window: alice's guesses of the flood no longer count
    // Live rows of every purged table: a login transaction, a logout jti, a test-login draft, a session.
    expect((await server.app.inject({ method: 'GET', url: '/oidc/login' })).statusCode).to.equal(302);
    const jti = host.container.get<LogoutJtiStore>(LOGOUT_TYPES.LogoutJtiStore);
    await jti.claim(op.issuer, 'jti-1', new Date(clock.time + 10 * 60_000));
    const drafts = host.container.get<TestLoginDraftStore>(TEST_LOGIN_TYPES.DraftStore);
    await drafts.create({ origin: 'cli', adminId: null, adminUserName: 'admin', values: {}, fingerprint: 'f' });
    await host.config.set({ authenticationMethod: 'Password' });
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      headers: { 'x-forwarded-for': '192.0.2.1' },
      payload: { userName: 'alice', password: 'alice-pass-1' },
    });
    expect(login.statusCode, login.body).to.equal(200);
    const tables = [
      'auth_log_records',
      'login_attempts',
      'oidc_login_transactions',
      'oidc_logout_token_uses',
      'oidc_test_login_drafts',
      'auth_tokens',
    ];
    const before = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)] as const)));
    for (const table of tables) expect(before[table], table).to.be.above(0);

    // Nothing has expired yet: a run removes only the password counters of windows already over (none).
    const early = await server.purge.runOnce();
    expect(early['host.auth-log']).to.equal(0);
    expect(await count('oidc_login_transactions')).to.equal(before['oidc_login_transactions']);

    // 31 days later every one of them is past its retention (auth log 1 day, sessions 7 days + 1 day, ...).
    clock.time += 31 * 86_400_000;
    const removed = await server.purge.runOnce();
    for (const table of tables) expect(await count(table), table).to.equal(0);
    expect(removed['host.auth-log']).to.equal(before['auth_log_records']);
    expect(Object.keys(removed)).to.include.members([
      'host.auth-log',
      'host.sessions',
      'host.login-attempts',
      'oidc.login-transactions',
      'oidc.logout-jti',
      'oidc.test-login-drafts',
    ]);
    // Idempotent: a second run (another process) finds nothing left.
    const again = await server.purge.runOnce();
    expect(Object.values(again).every((n) => n === 0)).to.equal(true);
  });
});
