import { expect } from 'chai';
import { createDatabase, mariaDbUnavailableReason, startMariaDb } from 'crm-host/testing';
import { startOidcCluster, type OidcCluster } from '../../support/cluster/oidc-cluster.js';

/**
 * Issue 7, several host processes: two reference hosts on one MariaDB database behind a round-robin
 * balancer (no sticky sessions). Logins, back-channel logouts, jti replay protection and transaction
 * single-use hold whichever process answers.
 */
describe('multi-process: OIDC across host processes [mariadb]', function () {
  this.timeout(120_000);
  let c: OidcCluster;

  before(async function () {
    if (mariaDbUnavailableReason()) this.skip();
    await startMariaDb();
    c = await startOidcCluster({ processes: 2, databaseUrl: await createDatabase() });
  });
  after(async () => c?.stop());

  it('concurrent logins through the balancer succeed while their requests alternate between processes', async () => {
    const served = [...c.cluster.balancer!.served];
    const results = await Promise.all(Array.from({ length: 6 }, () => c.login(c.browser(), true)));
    for (const r of results) expect(r.session, `login: ${r.status} ${r.code}`).to.equal(true);
    const after = c.cluster.balancer!.served;
    expect(after[0]! - served[0]!).to.be.greaterThan(3);
    expect(after[1]! - served[1]!).to.be.greaterThan(3);
  });

  it('a login started on one process is finished by the other (transaction in the database)', async () => {
    const [a, b] = c.cluster.processes;
    const browser = c.browser();
    const start = await browser.request(`${a!.url}/oidc/login?returnTo=/`);
    expect(start.status).to.be.oneOf([302, 303]);
    const r = await browser.login(start.location!, {
      login: 'alice',
      stopAt: (u) => u.includes('/oauth-callback'),
    });
    const done = await c.callback(browser, r.stoppedAt!, b!.url);
    expect(done.session, `callback on the other process: ${done.code}`).to.equal(true);
  });

  it('a callback is single-use across processes, also when replayed on both at the same moment', async () => {
    const [a, b] = c.cluster.processes;
    const browser = c.browser();
    const started = await c.login(browser);
    const before = await c.activeSessions();
    // The same browser (two tabs, or a retry) on both processes at once: exactly one wins.
    const both = await Promise.all([
      c.callback(browser, started.callbackUrl!, a!.url),
      c.callback(browser, started.callbackUrl!, b!.url),
    ]);
    expect(await c.activeSessions(), `outcomes ${JSON.stringify(both)}`).to.equal(before + 1);
    const replay = await c.callback(browser, started.callbackUrl!, b!.url);
    expect(replay.code).to.match(/^ERR_OIDC_/);
    expect(await c.activeSessions()).to.equal(before + 1);
  });

  it('a back-channel logout received by either process ends the session everywhere; its jti is used once', async () => {
    const [a, b] = c.cluster.processes;
    const browser = c.browser();
    const login = await c.login(browser, true);
    expect(login.session).to.equal(true);
    const sid = c.op.lastIssued!.sid!;
    for (const p of [a!, b!]) expect((await browser.request(`${p.url}/api/v1/App/user`)).status).to.equal(200);

    const token = await c.op.logoutToken({ sid });
    const records = async () =>
      Number(
        (
          await a!.sql<{ n: number | string }>(
            "SELECT COUNT(*) AS n FROM auth_log_records WHERE method = 'Oidc' AND reason_code LIKE 'LOGOUT_BACKCHANNEL%'",
          )
        )[0]!.n,
      );
    const before = await records();
    // The same token delivered to both processes at once (an IdP retrying), then once more.
    const sent = await Promise.all([
      c.op.sendLogoutToken(`${a!.url}/api/v1/backchannelLogout`, token),
      c.op.sendLogoutToken(`${b!.url}/api/v1/backchannelLogout`, token),
    ]);
    expect(sent.map((s) => s.status)).to.deep.equal([200, 200]);
    expect((await c.op.sendLogoutToken(`${b!.url}/api/v1/backchannelLogout`, token)).status).to.equal(200);
    expect(await records(), 'the logout acted once').to.equal(before + 1);
    const uses = await a!.sql<{ n: number | string }>('SELECT COUNT(*) AS n FROM oidc_logout_token_uses');
    expect(Number(uses[0]!.n)).to.be.at.least(1);
    for (const p of [a!, b!]) expect((await browser.request(`${p.url}/api/v1/App/user`)).status).to.equal(401);
  });
});
