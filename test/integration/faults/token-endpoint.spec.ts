import { expect } from 'chai';
import { forEachDatabase } from 'crm-host/testing';
import { freePort } from '../../support/cluster/cluster.js';
import { finishCallback, startFaultRig, type FaultRig } from './support/fault-rig.js';

type TokenFault = 'down' | 'slow' | 'server-error' | 'unavailable' | 'html' | 'huge-body' | 'redirect';

/**
 * Issue 7, token endpoint faults: down, slow past the timeout, 5xx, HTML instead of JSON, a 10 MB body,
 * a redirect. Each ends on an error page with a reason code, without a session; the transaction cannot be
 * replayed once the IdP is healthy again; the admin's password fallback keeps working.
 */
forEachDatabase('faults: token endpoint', (db) => {
  let f: FaultRig;
  before(async function () {
    this.timeout(60_000);
    f = await startFaultRig(await db.createUrl());
  });
  after(async () => f?.stop());
  afterEach(async () => {
    f.op.reset();
    await f.rig.configure({ oidcTokenEndpoint: f.op.endpoints.token });
  });

  const faults: TokenFault[] = ['down', 'slow', 'server-error', 'unavailable', 'html', 'huge-body', 'redirect'];
  for (const fault of faults) {
    it(`${fault}: error page with a reason code, no session, transaction not reusable, admin fallback works`, async function () {
      this.timeout(30_000);
      const sessionsBefore = (await f.rig.activeSessions()).length;
      if (fault === 'down') {
        await f.rig.configure({ oidcTokenEndpoint: `http://127.0.0.1:${await freePort()}/token` });
      } else {
        f.op.behave({ token: fault, delayMs: 3_000 });
      }
      const started = await f.login({ stopAtCallback: true });
      expect(started.callbackUrl, 'the IdP sent the browser back').to.be.a('string');
      const failed = await finishCallback(f.rig.base, started.browser, started.callbackUrl!);
      expect(failed.status, `status of ${failed.url}`).to.be.at.least(400);
      expect(failed.code, 'reason code on the error page').to.match(/^ERR_[A-Z0-9_]+$/);
      expect(failed.session).to.equal(false);
      expect(await f.rig.activeSessions()).to.have.length(sessionsBefore);
      if (fault === 'redirect') expect(f.op.counts.tokenMoved, 'the redirect was not followed').to.equal(0);

      // The IdP recovers; replaying the same callback must not log in.
      f.op.reset();
      await f.rig.configure({ oidcTokenEndpoint: f.op.endpoints.token });
      const replay = await finishCallback(f.rig.base, started.browser, started.callbackUrl!);
      expect(replay.session, 'a replayed callback created a session').to.equal(false);
      expect(replay.code).to.match(/^ERR_OIDC_STATE_/);
      expect(await f.rig.activeSessions()).to.have.length(sessionsBefore);

      expect(await f.adminPasswordLogin(), 'admin password fallback').to.equal(200);
      // A fresh login works again.
      const again = await f.login();
      expect(again.session, `fresh login after recovery: ${again.code}`).to.equal(true);
    });
  }
});
