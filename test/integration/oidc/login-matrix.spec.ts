import { expect } from 'chai';
import { LOGIN_MATRIX_ROWS, type LoginMatrixRow } from '../../support/fake-op/matrix-rows.js';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { fakeOpSettings, loginThrough, type LoginAttempt } from './support/fake-op-login.js';
import { startOidcRig, type OidcRig } from './support/oidc-rig.js';

/**
 * Security matrix sections 1.1-1.4, 1.6 and 1.7 (login) against the fake OP, one test per row, named after
 * the row id. REJECT means: a coded error page (400/401/403/502/503), no new session, the transaction
 * consumed, an AuthLog failure; an ID-token defect also means no userinfo call; `reject-before-token` no
 * token request; `idp-error` the IdP's error shown and no token request.
 */
const SECTIONS = new Set(['1.1', '1.2', '1.3', '1.4', '1.6', '1.7']);
const SECRET = 'matrix-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** Settings a row needs beyond the defaults. */
function rowSettings(row: LoginMatrixRow, op: FakeOp): Record<string, string | number | null> {
  const extra: Record<string, string | number | null> = {};
  const method = row.op?.tokenEndpointAuthMethod;
  if (method) extra['oidcTokenEndpointAuthMethod'] = method;
  if (method === 'client_secret_jwt') extra['oidcClientAssertionAlgorithm'] = 'HS256';
  if (row.id === 'I-11:max_age') extra['oidcAuthorizationMaxAge'] = 600;
  if (op.alg === 'HS256') extra['oidcJwksEndpoint'] = null;
  return extra;
}

function personFor(n: number): Record<string, unknown> & { sub: string } {
  return {
    sub: `matrix-${n}`,
    email: `matrix-${n}@example.test`,
    email_verified: true,
    name: `Matrix ${n}`,
    given_name: 'Matrix',
    family_name: String(n),
    preferred_username: `matrix-${n}`,
    groups: ['crm-sales'],
  };
}

/** Choices the matrix leaves to the RP ("policy" rows), pinned here. */
const POLICY: Record<string, 'accept' | 'reject'> = {
  // jose semantics (last member wins) give sub "attacker"; userinfo then answers alice: refused at the sub check.
  'S-08': 'reject',
  'U-01:string': 'accept', // one group
  'U-01:10000': 'accept', // capped by the team mapper, with a warning
  'U-01:proto': 'accept', // a literal "__proto__" member stays a plain member
};

describe('login security matrix (fake OP): sections 1.1-1.4, 1.6, 1.7', function () {
  this.timeout(20_000);
  let rig: OidcRig;

  before(async function () {
    this.timeout(60_000);
    rig = await startOidcRig({
      clientOptions: { tokenTimeoutMs: 400, userInfoTimeoutMs: 400, discoveryTimeoutMs: 400 },
    });
    await rig.createTeams('Sales');
  });
  after(async () => rig?.stop());

  let n = 0;
  for (const row of LOGIN_MATRIX_ROWS.filter((r) => SECTIONS.has(r.section))) {
    it(`${row.id}: ${row.what}`, async () => {
      // Each fake OP is another issuer: a person of its own, so no row meets a user linked by another row.
      const op = await startFakeOp({ clientId: 'crm', clientSecret: SECRET, user: personFor(++n), ...row.op });
      let attempt: LoginAttempt | undefined;
      try {
        op.behave({ delayMs: 3000, ...row.behave });
        await rig.configure(fakeOpSettings(op, rowSettings(row, op)));
        const sessionsBefore = (await rig.activeSessions()).length;
        const logBefore = (await rig.authLog()).length;
        attempt = await loginThrough(rig);
        const sessionsAfter = (await rig.activeSessions()).length;
        const log = (await rig.authLog()).slice(logBefore);
        const expected = row.outcome === 'policy' ? POLICY[row.id] : row.outcome;
        expect(expected, `no pinned policy for ${row.id}`).to.be.a('string');
        const seen = `${attempt.response?.status} ${attempt.code ?? ''} ${attempt.chain.at(-1) ?? ''}`;

        if (expected === 'accept') {
          expect(attempt.chain.at(-1), seen).to.equal(`${rig.base}/home`);
          expect(sessionsAfter, seen).to.equal(sessionsBefore + 1);
          expect(log.map((l) => l.result)).to.deep.equal(['success']);
          expect(op.counts.token).to.equal(1);
          if (row.id === 'rp-scope-userinfo-claims') {
            const sub = op.lastIssued?.sub ?? '';
            expect((await rig.userByName(sub))?.emailAddress).to.equal(`${sub}@example.test`);
            expect(await rig.teamsOf(sub)).to.deep.equal(['Sales']);
          }
          return;
        }
        expect(attempt.code, seen).to.be.a('string');
        expect([400, 401, 403, 502, 503]).to.include(attempt.response?.status);
        expect(attempt.response?.headers['cache-control']).to.equal('no-store');
        expect(sessionsAfter, 'no session').to.equal(sessionsBefore);
        expect(log.map((l) => [l.result, l.reasonCode])).to.deep.equal([['failure', attempt.code]]);
        // Never the token, the code or the state on the page.
        const body = attempt.response?.body ?? '';
        if (op.lastIssued) expect(body).not.to.contain(op.lastIssued.idToken.slice(0, 40));
        const state = op.lastAuthorization?.get('state');
        if (state) expect(body).not.to.contain(state);
        if (row.behave?.idToken && row.outcome !== 'policy') {
          expect(op.counts.userinfo, 'no userinfo after a rejected ID token').to.equal(0);
        }
        if (row.id === 'S-08') expect(attempt.code, 'refused by the userinfo sub check').to.match(/USERINFO/);
        if (row.id === 'at_hash-substituted-access-token') {
          expect(attempt.code, 'refused by the at_hash check').to.equal('ERR_JWT_AT_HASH_MISMATCH');
          expect(op.counts.userinfo, 'the substituted access token never reaches userinfo').to.equal(0);
        }
        if (expected === 'reject-before-token') expect(op.counts.token, 'no token request').to.equal(0);
        if (expected === 'idp-error') {
          expect(attempt.code).to.equal('ERR_OIDC_IDP_ERROR');
          expect(op.counts.token).to.equal(0);
          expect(body).to.contain(row.behave?.authorize === 'error-access_denied' ? 'did not allow' : 'sign in first');
        }
        if (row.id === 'F-01') expect(op.counts.token, 'never retried').to.equal(1);
        if (row.id === 'F-02:redirect') expect(op.counts.tokenMoved, 'no redirect followed').to.equal(0);
      } finally {
        attempt?.browser.close();
        await op.stop();
      }
    });
  }

  it('rp-response_type-code: the authorization request carries code, openid first, state, nonce and S256', async () => {
    const op = await startFakeOp({ clientId: 'crm', clientSecret: SECRET });
    try {
      await rig.configure(fakeOpSettings(op, { oidcScopes: ['email', 'openid', 'email', 'profile'] }));
      const attempt = await loginThrough(rig);
      attempt.browser.close();
      const q = op.lastAuthorization!;
      expect(q.get('response_type')).to.equal('code');
      expect(q.get('scope')).to.equal('openid email profile');
      expect(q.get('client_id')).to.equal('crm');
      expect(q.get('redirect_uri')).to.equal(rig.redirectUri);
      expect(q.get('state')).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('nonce')).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('nonce')).not.to.equal(q.get('state'));
      expect(q.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('code_challenge_method')).to.equal('S256');
      expect(JSON.parse(q.get('claims') ?? '{}')).to.deep.equal({
        id_token: { groups: null },
        userinfo: { groups: null },
      });
    } finally {
      await op.stop();
    }
  });
});
