import { expect } from 'chai';
import { forEachDatabase, type TestHost } from 'crm-host/testing';
import { TEST_LOGIN_DRAFTS_TABLE } from '../../../src/oidc/entities/TestLoginDraft.js';
import { DbTestLoginDraftStore } from '../../../src/oidc/test-login/draft-store.js';
import type { NewTestLoginDraft, TestLoginDraftStore, TestLoginReport } from '../../../src/oidc/test-login/drafts.js';
import { TEST_LOGIN_TYPES } from '../../../src/oidc/test-login/tokens.js';
import { bootOidcHost } from '../../support/oidc-host.js';

const SECRET = 'the-client-secret-under-test-0123456789';

const draft = (extra: Partial<NewTestLoginDraft> = {}): NewTestLoginDraft => ({
  origin: 'ui',
  adminId: 'admin-1',
  adminUserName: 'root',
  values: { oidcClientId: 'crm', oidcClientSecret: SECRET, oidcScopes: ['email'] },
  fingerprint: 'f'.repeat(64),
  ...extra,
});

const REPORT: TestLoginReport = {
  ok: true,
  // ~120 kB of claims: more than a MariaDB TEXT column holds.
  idTokenClaims: { sub: 'alice', groups: Array.from({ length: 10_000 }, (_, i) => `group-${i}`) },
  userInfoClaims: null,
  verification: { alg: 'RS256', kid: 'k1', thumbprint: null, source: 'jwks' },
  userName: 'alice',
  decision: 'created',
  matchedBy: 'none',
  denial: null,
  teamsMapped: [],
  teamsAdded: ['Sales'],
  teamsRemoved: [],
  warnings: [],
};

forEachDatabase('test login drafts (store shared by host processes)', (db) => {
  let now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const clock = { now: () => now };
  let a: TestHost;
  let b: TestHost;
  let storeA: TestLoginDraftStore;
  let storeB: TestLoginDraftStore;
  const rows = async (): Promise<number> => {
    const [row] = (await a.persistence.knex()(TEST_LOGIN_DRAFTS_TABLE).count({ n: '*' })) as Array<{ n: unknown }>;
    return Number(row?.n ?? 0);
  };

  before(async function () {
    this.timeout(90_000);
    const databaseUrl = await db.createUrl();
    a = await bootOidcHost({ databaseUrl, clock });
    b = await bootOidcHost({ databaseUrl, clock, migrate: false });
    storeA = a.container.get<TestLoginDraftStore>(TEST_LOGIN_TYPES.DraftStore);
    storeB = b.container.get<TestLoginDraftStore>(TEST_LOGIN_TYPES.DraftStore);
  });
  after(async () => {
    await b?.cleanup();
    await a?.cleanup();
  });

  it('a draft created on one host is read on the other; the report stored there is read back here', async () => {
    const created = await storeA.create(draft());
    expect(created.id).to.match(/^[0-9a-f]{32}$/);
    expect(created.expiresAt - created.createdAt).to.equal(10 * 60_000);
    const seen = await storeB.fromProviderId(`t:${created.id}`);
    expect(seen).to.deep.include({ id: created.id, origin: 'ui', adminId: 'admin-1', report: null });
    expect(seen?.values).to.deep.equal(draft().values);
    await storeB.saveReport(created.id, REPORT);
    const finished = await storeA.get(created.id);
    expect(finished?.report).to.deep.equal(REPORT);
  });

  it('expired drafts are not found and are purged by the next create; remove() ends one at once', async () => {
    const old = await storeA.create(draft({ origin: 'cli', adminId: null, adminUserName: null }));
    now += 10 * 60_000;
    expect(await storeB.get(old.id)).to.equal(null);
    const fresh = await storeB.create(draft());
    const ids = ((await a.persistence.knex()(TEST_LOGIN_DRAFTS_TABLE).select('id')) as Array<{ id: string }>).map(
      (r) => r.id,
    );
    expect(ids).to.deep.equal([fresh.id]);
    await storeA.remove(fresh.id);
    expect(await storeB.get(fresh.id)).to.equal(null);
    expect(await rows()).to.equal(0);
  });

  it('keeps at most maxDrafts live drafts (oldest dropped first)', async () => {
    const small = new DbTestLoginDraftStore(a.persistence, clock, a.logger, { lifetimeMs: 60_000, maxDrafts: 3 });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      now += 1;
      made.push((await small.create(draft())).id);
    }
    expect(await rows()).to.equal(3);
    expect(await small.get(made[0])).to.equal(null);
    expect(await small.get(made[1])).to.equal(null);
    expect((await small.get(made[4]))?.id).to.equal(made[4]);
    for (const id of made) await small.remove(id);
  });

  it('only 32-hex ids and t:<id> provider ids are looked up', async () => {
    for (const bad of ['', 'x', '../etc/passwd', 'A'.repeat(32), `${'a'.repeat(32)} `, 42, null, ['a']]) {
      expect(await storeA.get(bad)).to.equal(null);
    }
    expect(await storeA.fromProviderId(null)).to.equal(null);
    expect(await storeA.fromProviderId('portal-1')).to.equal(null);
  });
  it('leaves no ORM schema difference for its table after migrating', async () => {
    const sql = await a.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(sql, sql).not.to.contain(TEST_LOGIN_DRAFTS_TABLE);
  });
});
