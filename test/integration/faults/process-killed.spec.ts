import { expect } from 'chai';
import { forEachDatabase } from 'crm-host/testing';
import { startOidcCluster, type OidcCluster } from '../../support/cluster/oidc-cluster.js';

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Issue 7, "a host process killed in the middle of a login": two processes on one database behind the
 * balancer; one is killed with SIGKILL between the steps of a login, or while it waits for the IdP's token
 * endpoint during the callback. The other process finishes the login or refuses it with a reason code, and
 * no session exists that no browser holds.
 */
forEachDatabase('faults: host process killed mid-login', (db) => {
  let c: OidcCluster;
  // Three processes: the first test kills one, the second another; the last one survives.
  before(async function () {
    this.timeout(90_000);
    c = await startOidcCluster({ processes: 3, databaseUrl: await db.createUrl() });
  });
  after(async () => c?.stop());

  it('killed after the login started: the other process finishes it', async function () {
    this.timeout(30_000);
    const before = await c.activeSessions();
    const browser = c.browser();
    const started = await c.login(browser);
    expect(started.callbackUrl).to.be.a('string');
    await c.cluster.processes[0]!.kill();
    // Through the balancer: the dead backend refuses connections and the GET goes to the survivor.
    const done = await c.callback(browser, started.callbackUrl!, c.cluster.url);
    expect(done.session, `finished by the surviving process: ${done.status} ${done.code}`).to.equal(true);
    expect(await c.activeSessions()).to.equal(before + 1);
  });

  it('killed while it waits for the token endpoint: the retry finishes or is refused cleanly, no orphaned session', async function () {
    this.timeout(30_000);
    const [, victim, survivor] = c.cluster.processes;
    const before = await c.activeSessions();
    const browser = c.browser();
    const started = await c.login(browser);
    c.op.behave({ token: 'slow', delayMs: 5_000 });
    const tokenRequests = c.op.counts.token;
    const inFlight = c.callback(browser, started.callbackUrl!, victim!.url).then(
      (outcome) => ({ outcome, error: undefined }),
      (error: unknown) => ({ outcome: undefined, error }),
    );
    await until(() => c.op.counts.token > tokenRequests, 10_000);
    await victim!.kill();
    const killed = await inFlight;
    expect(killed.outcome, 'the browser lost its connection').to.equal(undefined);
    expect(await c.activeSessions(), 'no session from the killed process').to.equal(before);

    c.op.reset();
    const retry = await c.callback(browser, started.callbackUrl!, survivor!.url);
    if (retry.session) {
      expect(await c.activeSessions()).to.equal(before + 1);
    } else {
      expect(retry.code, `refusal of the retried callback (status ${retry.status})`).to.match(/^ERR_OIDC_/);
      expect(await c.activeSessions()).to.equal(before);
    }
    // The person can sign in again at once.
    const fresh = await c.login(c.browser(), true);
    expect(fresh.session, `fresh login: ${fresh.code}`).to.equal(true);
  });
});
