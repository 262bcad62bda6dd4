import { expect } from 'chai';
import { createDatabase, mariaDbUnavailableReason, startMariaDb } from 'crm-host/testing';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startCluster, type Cluster } from '../../support/cluster/cluster.js';

const json = (body: unknown) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

/**
 * Two reference host processes on one MariaDB database behind a round-robin balancer (no sticky
 * sessions): host sessions, CSRF tokens and settings must work whichever process answers.
 */
describe('multi-process: host sessions across processes [mariadb]', function () {
  this.timeout(120_000);
  let cluster: Cluster;

  before(async function () {
    const reason = mariaDbUnavailableReason();
    if (reason) this.skip();
    await startMariaDb();
    cluster = await startCluster({ processes: 2, databaseUrl: await createDatabase() });
    await cluster
      .any()
      .call({ type: 'user.create', userName: 'admin', password: 'admin-password-1', userType: 'admin' });
  });
  after(async () => cluster?.stop());

  it('a session created by one process is valid on the other, and a logout on either ends it', async () => {
    const browser = new ProgrammaticBrowser();
    try {
      const login = await browser.request(
        `${cluster.url}/api/v1/App/login`,
        json({ userName: 'admin', password: 'admin-password-1' }),
      );
      expect(login.status, login.body).to.equal(200);
      const csrf = (login.json as { csrfToken: string }).csrfToken;
      // Round robin: consecutive requests alternate between the two processes.
      const served = [...cluster.balancer!.served];
      for (let i = 0; i < 4; i++) {
        const me = await browser.request(`${cluster.url}/api/v1/App/user`);
        expect(me.status, `request ${i}`).to.equal(200);
      }
      const after = cluster.balancer!.served;
      expect(after[0]! - served[0]!).to.equal(2);
      expect(after[1]! - served[1]!).to.equal(2);

      const logout = await browser.request(`${cluster.url}/api/v1/App/destroyAuthToken`, {
        method: 'POST',
        headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(logout.status, logout.body).to.be.oneOf([200, 204]);
      for (let i = 0; i < 2; i++)
        expect((await browser.request(`${cluster.url}/api/v1/App/user`)).status).to.equal(401);
      const active = await cluster
        .any()
        .sql<{ n: number | string }>('SELECT COUNT(*) AS n FROM auth_tokens WHERE is_active = 1');
      expect(Number(active[0]!.n)).to.equal(0);
    } finally {
      browser.close();
    }
  });

  it('a settings change saved through one process is seen by the other within its poll interval', async () => {
    const [a, b] = cluster.processes;
    const label = `Cluster IdP ${Date.now()}`;
    await a!.call({ type: 'config.set', values: { oidcProviderLabel: label } });
    const started = Date.now();
    let seen: unknown;
    while (Date.now() - started < 5_000) {
      seen = await b!.call({ type: 'config.get', key: 'oidcProviderLabel' });
      if (seen === label) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).to.equal(label);
    expect(Date.now() - started).to.be.below(2_000); // poll interval 200 ms
  });
});
