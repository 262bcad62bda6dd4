import { expect } from 'chai';
import type { AuthLog } from '../../sdk/sessions.js';
import { TYPES } from '../../sdk/tokens.js';
import { forEachDatabase } from '../../src/testing/index.js';
import { as, createUser, login, startFixture, type Fixture } from '../http/support/http-fixture.js';

interface Row {
  reason_code: string | null;
  ip_address: string | null;
  user_name: string | null;
  result: string;
  attempt_count: number | string;
}

forEachDatabase('sessions: aggregated authentication log', (db) => {
  let fx: Fixture;
  let log: AuthLog;

  beforeEach(async () => {
    fx = await startFixture({ databaseUrl: await db.createUrl() });
    log = fx.host.container.get<AuthLog>(TYPES.AuthLog);
  });
  afterEach(() => fx.close());

  const rows = async (): Promise<Row[]> =>
    (await fx.host.persistence
      .knex()('auth_log_records')
      .select('reason_code', 'ip_address', 'user_name', 'result', 'attempt_count')
      .orderBy([{ column: 'created_at' }, { column: 'reason_code' }, { column: 'ip_address' }])) as Row[];
  const failure = (reasonCode: string, ipAddress: string, userName = 'x') =>
    log.record({ method: 'Password', result: 'failure', reasonCode, ipAddress, userName });

  it('counts the failures of one address and reason in one row per window; successes stay one row each', async () => {
    for (let i = 0; i < 3; i++) await failure('ERR_PASSWORD_INVALID', '192.0.2.1', 'alice');
    await failure('ERR_PASSWORD_INVALID', '192.0.2.2');
    await failure('ERR_USER_NOT_FOUND', '192.0.2.1');
    for (let i = 0; i < 2; i++)
      await log.record({ method: 'Password', result: 'success', userName: 'alice', ipAddress: '192.0.2.1' });
    const all = await rows();
    expect(all.map((r) => `${r.result}:${r.reason_code}:${r.ip_address}:${Number(r.attempt_count)}`)).to.have.members([
      'failure:ERR_PASSWORD_INVALID:192.0.2.1:3',
      'failure:ERR_PASSWORD_INVALID:192.0.2.2:1',
      'failure:ERR_USER_NOT_FOUND:192.0.2.1:1',
      'success:null:192.0.2.1:1',
      'success:null:192.0.2.1:1',
    ]);
    // The next window (5 minutes by default) opens a new row.
    fx.host.clock.advance(5 * 60_000);
    await failure('ERR_PASSWORD_INVALID', '192.0.2.1');
    expect((await rows()).filter((r) => r.reason_code === 'ERR_PASSWORD_INVALID')).to.have.length(3);
  });

  it('concurrent failures of one key end in one row with every attempt counted', async () => {
    await Promise.all(Array.from({ length: 40 }, () => failure('ERR_OIDC_STATE_UNKNOWN', '198.51.100.7')));
    const all = await rows();
    expect(all).to.have.length(1);
    expect(Number(all[0]!.attempt_count)).to.equal(40);
  });

  it('past authLogFailureRowsPerWindow, further addresses share one overflow row per reason (no address)', async () => {
    await fx.host.config.set({ authLogFailureRowsPerWindow: 3 });
    for (let i = 0; i < 10; i++) await failure('ERR_OIDC_STATE_UNKNOWN', `203.0.113.${i}`);
    const all = await rows();
    expect(all).to.have.length(4);
    const overflow = all.find((r) => r.ip_address === null)!;
    expect(Number(overflow.attempt_count)).to.equal(7);
    expect(overflow.user_name).to.equal(null);
  });

  it('the admin API shows the aggregation: attemptCount, first and last attempt, the window', async () => {
    await createUser(fx.host, 'root', 'root-pass-1', 'admin');
    for (let i = 0; i < 4; i++) {
      await fx.app.inject({ method: 'POST', url: '/api/v1/App/login', payload: { userName: 'root', password: 'no' } });
      fx.host.clock.advance(1000);
    }
    const admin = await login(fx.app, 'root', 'root-pass-1');
    const list = await fx.app.inject({ method: 'GET', url: '/api/v1/AuthLogRecord', headers: as(admin, false) });
    expect(list.statusCode).to.equal(200);
    const body = list.json();
    expect(body.failureWindowSeconds).to.equal(300);
    const failed = body.list.find((r: { reasonCode: string | null }) => r.reasonCode === 'ERR_PASSWORD_INVALID');
    expect(failed).to.include({ attemptCount: 4, aggregated: true, userName: 'root' });
    expect(Date.parse(failed.lastSeenAt) - Date.parse(failed.createdAt)).to.equal(3000);
    const success = body.list.find((r: { result: string }) => r.result === 'success');
    expect(success).to.include({ attemptCount: 1, aggregated: false, lastSeenAt: null });
  });
});
