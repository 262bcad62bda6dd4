import { expect } from 'chai';
import { AuthLogRecord, type User } from 'crm-host/sdk';
import { LOGOUT_MATRIX_ROWS, type LogoutMatrixRow } from '../../support/fake-op/matrix-rows.js';
import type { BackchannelSendOptions } from '../../support/fake-op/logout-tokens.js';
import { alive, createUser, oidcSession, startOidcHttp, type OidcHttpFixture } from './support/oidc-http.js';

/**
 * Security matrix 1.9 / 2.1 (OpenID Back-Channel Logout 1.0) against the real HTTP route, one test per row.
 * Each test starts with four sessions: alice at IdP sessions sid-1 (twice) and sid-2, bob at sid-3.
 */
describe('logout: back-channel logout (security matrix 1.9, 2.1)', function () {
  this.timeout(20_000);
  let fx: OidcHttpFixture;
  let alice: User;
  let bob: User;
  let sessions: { a1: string; a1b: string; a2: string; b3: string };

  before(async function () {
    this.timeout(60_000);
    fx = await startOidcHttp();
    alice = await createUser(fx.host, 'alice', { link: { issuer: fx.op.issuer, sub: 'alice' } });
    bob = await createUser(fx.host, 'bob', { link: { issuer: fx.op.issuer, sub: 'bob' } });
  });
  after(async () => fx?.close());

  beforeEach(async () => {
    fx.op.reset();
    sessions = {
      a1: await oidcSession(fx, alice, { sub: 'alice', sid: 'sid-1' }),
      a1b: await oidcSession(fx, alice, { sub: 'alice', sid: 'sid-1' }),
      a2: await oidcSession(fx, alice, { sub: 'alice', sid: 'sid-2' }),
      b3: await oidcSession(fx, bob, { sub: 'bob', sid: 'sid-3' }),
    };
  });

  async function survivors(): Promise<string[]> {
    const out: string[] = [];
    for (const [name, token] of Object.entries(sessions)) if (await alive(fx, token)) out.push(name);
    return out;
  }

  async function tokenFor(row: LogoutMatrixRow): Promise<string> {
    if (row.idTokenInstead) return fx.op.signIdToken({ sub: 'alice', sid: 'sid-1' });
    return fx.op.logoutToken({ sub: 'alice', sid: 'sid-1', defects: row.defects ?? [], claims: row.claims });
  }

  function send(token: string, delivery?: BackchannelSendOptions, path = '/api/v1/backchannelLogout') {
    return fx.op.sendLogoutToken(fx.url(path), token, delivery);
  }

  const ALL = ['a1', 'a1b', 'a2', 'b3'];
  /** Sessions expected to survive each accepted row. */
  const survivingAfter: Record<string, string[]> = {
    'rp-backchannel-rpinitlogout': ['a2', 'b3'],
    'B-01': ['a2', 'b3'],
    'B-02': ['b3'],
    'B-04': ALL,
    'B-10:no-exp': ['a2', 'b3'],
    'typ-absent': ['a2', 'b3'],
    'typ-application': ['a2', 'b3'],
    'backchannel-logout-typ-jwt-refused': ['a2', 'b3'],
  };

  for (const row of LOGOUT_MATRIX_ROWS) {
    it(`${row.id}: ${row.what}`, async () => {
      const token = await tokenFor(row);
      const response = await send(token, row.delivery);
      expect(response.headers.get('cache-control'), 'no-store').to.equal('no-store');
      if (row.outcome === 200 || row.outcome === 'policy') {
        // Policy pinned for B-10:no-exp: a token without exp is accepted while its iat is fresh (5 minutes).
        expect(response.status, response.body).to.equal(200);
        if (row.id === 'B-01') {
          const replacement = await oidcSession(fx, alice, { sub: 'alice', sid: 'sid-1' });
          const again = await send(token);
          expect(again.status).to.equal(200);
          expect(await alive(fx, replacement), 'a replay acts no second time').to.equal(true);
        }
        expect(await survivors()).to.deep.equal(survivingAfter[row.id] ?? ['a2', 'b3']);
      } else {
        const allowed = row.outcome === '400-or-405' ? [400, 405] : [400];
        expect(allowed, response.body).to.include(response.status);
        if (response.status === 400) expect(JSON.parse(response.body)).to.include({ error: 'invalid_request' });
        expect(await survivors(), 'no session touched').to.deep.equal(ALL);
      }
    });
  }

  it('answers on /api/v1/Oidc/backchannelLogout too (the route EspoCRM serves)', async () => {
    const response = await send(
      await fx.op.logoutToken({ sub: 'alice', sid: 'sid-2' }),
      {},
      '/api/v1/Oidc/backchannelLogout',
    );
    expect(response.status).to.equal(200);
    expect(await survivors()).to.deep.equal(['a1', 'a1b', 'b3']);
  });

  it('names the reason of a refusal with a stable code (400 JSON, no-store)', async () => {
    const cases: Array<[string, Promise<string>, BackchannelSendOptions | undefined]> = [
      ['ERR_LOGOUT_EVENT_MISSING', fx.op.logoutToken({ defects: ['no-event'] }), undefined],
      ['ERR_LOGOUT_EVENT_INVALID', fx.op.logoutToken({ defects: ['event-not-object'] }), undefined],
      ['ERR_LOGOUT_NONCE_PRESENT', fx.op.logoutToken({ defects: ['with-nonce'] }), undefined],
      ['ERR_LOGOUT_SUBJECT_MISSING', fx.op.logoutToken({ defects: ['no-sub-no-sid'] }), undefined],
      ['ERR_JWT_CLAIM_INVALID', fx.op.logoutToken({ defects: ['missing-jti'] }), undefined],
      ['ERR_JWT_TYP_INVALID', fx.op.logoutToken({ defects: ['typ-foreign'] }), undefined],
      // typ JWT is accepted for logout tokens: an ID token (typ JWT, here even with a jti) is kept out by
      // its missing events claim (and its nonce)
      [
        'ERR_LOGOUT_EVENT_MISSING',
        fx.op.signIdToken({ sub: 'alice', sid: 'sid-1', claims: { jti: 'an-id-token-with-a-jti' } }),
        undefined,
      ],
      ['ERR_JWT_ALG_NOT_ALLOWED', fx.op.logoutToken({ defects: ['wrong-alg'] }), undefined],
      // alg none comes with an empty signature: refused before the header is even read
      ['ERR_JWT_MALFORMED', fx.op.logoutToken({ defects: ['alg-none'] }), undefined],
      ['ERR_LOGOUT_TOKEN_DUPLICATE', fx.op.logoutToken(), { duplicate: true }],
      ['ERR_LOGOUT_TOKEN_IN_QUERY', fx.op.logoutToken(), { encoding: 'query' }],
      ['ERR_LOGOUT_REQUEST_INVALID', fx.op.logoutToken(), { encoding: 'json' }],
    ];
    for (const [code, token, delivery] of cases) {
      const response = await send(await token, delivery);
      expect(response.status, code).to.equal(400);
      expect(JSON.parse(response.body), code).to.include({ error: 'invalid_request', code });
      expect(response.body, 'no token echoed').not.to.contain((await token).slice(-20));
    }
    expect(await survivors()).to.deep.equal(ALL);
  });

  it('answers GET with 405 and a body without a token with 400', async () => {
    const get = await fetch(fx.url('/api/v1/backchannelLogout'), { redirect: 'manual' });
    expect(get.status).to.equal(405);
    expect(get.headers.get('allow')).to.equal('POST');
    const empty = await fetch(fx.url('/api/v1/backchannelLogout'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'other=1',
    });
    expect(empty.status).to.equal(400);
    expect(await empty.json()).to.include({ code: 'ERR_LOGOUT_TOKEN_MISSING' });
  });

  it('refuses bodies over 64 KiB without touching a session', async () => {
    const response = await send('x'.repeat(70 * 1024));
    expect(response.status).to.equal(413);
    expect(await survivors()).to.deep.equal(ALL);
  });

  it('needs no cookie and no CSRF token, and ignores a session cookie (B-08)', async () => {
    const response = await send(await fx.op.logoutToken({ sub: 'alice', sid: 'sid-1' }), {
      headers: { cookie: `crm_session=${sessions.b3}` },
    });
    expect(response.status).to.equal(200);
    expect(await survivors()).to.deep.equal(['a2', 'b3']);
  });

  it('writes an AuthLog record for an acted-on logout, with the linked user', async () => {
    const before = await fx.host.persistence.em().count(AuthLogRecord, { reasonCode: 'LOGOUT_BACKCHANNEL_SUB' });
    await send(await fx.op.logoutToken({ sub: 'bob', defects: ['sub-only'] }));
    const records = await fx.host.persistence
      .em()
      .find(AuthLogRecord, { reasonCode: 'LOGOUT_BACKCHANNEL_SUB' }, { populate: ['user'] });
    expect(records).to.have.length(before + 1);
    expect(records.at(-1)?.user?.id).to.equal(bob.id);
    expect(records.at(-1)?.method).to.equal('Oidc');
  });

  it('answers well under 2.5 s with the keys cached (no IdP call on the hot path)', async () => {
    await send(await fx.op.logoutToken({ sid: 'none-yet' }));
    fx.op.resetCounts();
    const started = performance.now();
    const response = await send(await fx.op.logoutToken({ sid: 'sid-2' }));
    expect(response.status).to.equal(200);
    expect(fx.op.counts.jwks + fx.op.counts.discovery).to.equal(0);
    expect(performance.now() - started).to.be.below(2500);
  });

  it('never writes the token to the log', async () => {
    const token = await fx.op.logoutToken({ defects: ['with-nonce'] });
    await send(token);
    expect(fx.host.logs.join('\n')).not.to.contain(token.split('.')[1]);
  });
});
