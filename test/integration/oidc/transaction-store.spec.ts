import { expect } from 'chai';
import { forEachDatabase, type TestHost } from 'crm-host/testing';
import { LOGIN_TRANSACTIONS_TABLE } from '../../../src/oidc/entities/LoginTransaction.js';
import { sha256Hex } from '../../../src/oidc/random.js';
import { OIDC_TYPES } from '../../../src/oidc/tokens.js';
import type { LoginTransactionStore, NewTransaction } from '../../../src/oidc/transaction-store.js';
import { bootOidcHost } from '../../support/oidc-host.js';

const input = (browser: string, extra: Partial<NewTransaction> = {}): NewTransaction => ({
  browserHash: sha256Hex(browser),
  providerId: null,
  expectedIssuer: 'https://idp.example.test',
  redirectUri: 'https://crm.example.test/oauth-callback',
  returnTo: '/home',
  mode: 'login',
  maxAge: null,
  pkce: true,
  ...extra,
});

forEachDatabase('oidc login transactions (store)', (db) => {
  let now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const clock = { now: () => now };
  let a: TestHost;
  let b: TestHost;
  let storeA: LoginTransactionStore;
  let storeB: LoginTransactionStore;

  before(async function () {
    this.timeout(90_000);
    const databaseUrl = await db.createUrl();
    // Two hosts on one database: two "processes" sharing the transactions table.
    a = await bootOidcHost({ databaseUrl, clock });
    b = await bootOidcHost({ databaseUrl, clock, migrate: false });
    storeA = a.container.get<LoginTransactionStore>(OIDC_TYPES.LoginTransactionStore);
    storeB = b.container.get<LoginTransactionStore>(OIDC_TYPES.LoginTransactionStore);
  });
  after(async () => {
    await b?.cleanup();
    await a?.cleanup();
  });

  it('stores only hashes of state and browser binding; values are 256-bit random and distinct', async () => {
    const tx = await storeA.create(input('browser-1'));
    for (const v of [tx.state, tx.nonce, tx.codeVerifier]) expect(v).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([tx.state, tx.nonce, tx.codeVerifier]).size).to.equal(3);
    const row = (await a.persistence.knex()(LOGIN_TRANSACTIONS_TABLE).where({ id: tx.id }).first()) as Record<
      string,
      unknown
    >;
    expect(row['state_hash']).to.equal(sha256Hex(tx.state));
    expect(JSON.stringify(row)).not.to.contain(tx.state);
    expect(Number(row['expires_at']) - Number(row['created_at'])).to.equal(10 * 60_000);
  });

  it('a transaction started on one host is consumed on the other, exactly once', async () => {
    const tx = await storeA.create(input('browser-2'));
    const first = await storeB.consume(tx.state);
    expect(first.kind).to.equal('consumed');
    if (first.kind !== 'consumed') return;
    expect(first.transaction).to.include({
      nonce: tx.nonce,
      codeVerifier: tx.codeVerifier,
      returnTo: '/home',
      mode: 'login',
    });
    expect(storeB.boundTo(first.transaction, 'browser-2')).to.equal(true);
    expect(storeB.boundTo(first.transaction, 'browser-3')).to.equal(false);
    expect(storeB.boundTo(first.transaction, undefined)).to.equal(false);
    expect((await storeA.consume(tx.state)).kind).to.equal('replayed');
  });

  it('20 concurrent consumes of one state on two hosts: exactly one wins', async () => {
    const tx = await storeA.create(input('browser-4'));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? storeA : storeB).consume(tx.state)),
    );
    expect(results.filter((r) => r.kind === 'consumed')).to.have.length(1);
    expect(results.filter((r) => r.kind === 'replayed')).to.have.length(19);
  });

  it('unknown and expired states are told apart; an expired one is never consumed', async () => {
    expect((await storeA.consume('no-such-state')).kind).to.equal('unknown');
    const tx = await storeA.create(input('browser-5'));
    now += 10 * 60_000 + 1;
    expect((await storeB.consume(tx.state)).kind).to.equal('expired');
  });

  it('keeps at most 5 pending transactions per browser (oldest dropped), other browsers untouched', async () => {
    const other = await storeA.create(input('browser-7'));
    const started = [];
    for (let i = 0; i < 7; i++) {
      now += 1;
      started.push(await storeA.create(input('browser-6')));
    }
    expect((await storeB.consume(started[0]!.state)).kind).to.equal('unknown');
    expect((await storeB.consume(started[1]!.state)).kind).to.equal('unknown');
    for (const tx of started.slice(2)) expect((await storeB.consume(tx.state)).kind).to.equal('consumed');
    expect((await storeB.consume(other.state)).kind).to.equal('consumed');
  });

  it('purges rows an hour past expiry when a login starts (at most once a minute per process)', async () => {
    const old = await storeA.create(input('browser-8'));
    now += 10 * 60_000 + 60 * 60_000 + 60_001;
    await storeA.create(input('browser-9'));
    const row = await a.persistence.knex()(LOGIN_TRANSACTIONS_TABLE).where({ id: old.id }).first();
    expect(row).to.equal(undefined);
  });

  it('leaves no ORM schema difference for its table after migrating', async () => {
    const sql = await a.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(sql).not.to.contain(LOGIN_TRANSACTIONS_TABLE);
  });
});
