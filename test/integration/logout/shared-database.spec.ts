import { expect } from 'chai';
import type { User } from 'crm-host/sdk';
import { forEachDatabase } from 'crm-host/testing';
import { LogoutJtiStore } from '../../../src/logout/jti-store.js';
import { LOGOUT_TYPES } from '../../../src/logout/tokens.js';
import { LOGOUT_TOKEN_USES_TABLE } from '../../../src/logout/entities/LogoutTokenUse.js';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  alive,
  createUser,
  oidcSession,
  startOidcHttp,
  type OidcHttpFixture,
} from './support/oidc-http.js';

/** Two host processes (two booted hosts) on one database: jti single use and session ends are shared. */
forEachDatabase('logout: two hosts sharing one database', (db) => {
  let op: FakeOp;
  let a: OidcHttpFixture;
  let b: OidcHttpFixture;
  let alice: User;

  before(async function () {
    this.timeout(90_000);
    const databaseUrl = await db.createUrl();
    op = await startFakeOp({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, alg: 'RS256' });
    a = await startOidcHttp({ op, databaseUrl });
    b = await startOidcHttp({ op, databaseUrl });
    alice = await createUser(a.host, 'alice', { link: { issuer: op.issuer, sub: 'alice' } });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await op?.stop();
  });

  it('B-01 across processes: a logout token used on one host is a replay on the other', async () => {
    const token = await op.logoutToken({ sub: 'alice', sid: 'sid-x' });
    const first = await op.sendLogoutToken(a.url('/api/v1/backchannelLogout'), token);
    expect(first.status).to.equal(200);
    const session = await oidcSession(b, alice, { sub: 'alice', sid: 'sid-x' });
    const replay = await op.sendLogoutToken(b.url('/api/v1/backchannelLogout'), token);
    expect(replay.status).to.equal(200);
    expect(await alive(b, session), 'the replay did not act').to.equal(true);
  });

  it('a logout received by one host ends the sessions created by the other', async () => {
    const onB = await oidcSession(b, alice, { sub: 'alice', sid: 'sid-y' });
    const response = await op.sendLogoutToken(
      a.url('/api/v1/backchannelLogout'),
      await op.logoutToken({ sub: 'alice', sid: 'sid-y' }),
    );
    expect(response.status).to.equal(200);
    expect(await alive(b, onB)).to.equal(false);
  });

  it('leaves no ORM schema difference for its table after migrating', async () => {
    const sql = await a.host.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(sql).not.to.contain(LOGOUT_TOKEN_USES_TABLE);
  });

  it('claims a jti once under concurrency and purges expired rows', async () => {
    const stores = [a, b].map((fx) => fx.host.container.get<LogoutJtiStore>(LOGOUT_TYPES.LogoutJtiStore));
    const until = new Date(Date.now() + 60_000);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => stores[i % 2]!.claim(op.issuer, 'same-jti', until)),
    );
    expect(results.filter(Boolean)).to.have.length(1);
    expect(await stores[0]!.claim(op.issuer, 'SAME-JTI', until), 'jti comparison is exact').to.equal(true);
    await stores[0]!.claim(op.issuer, 'old-jti', new Date(Date.now() - 1000));
    expect(await stores[1]!.purgeExpired()).to.be.at.least(1);
    const left = await a.host.persistence
      .knex()(LOGOUT_TOKEN_USES_TABLE)
      .where({ id: LogoutJtiStore.keyOf(op.issuer, 'old-jti') });
    expect(left).to.have.length(0);
  });
});
