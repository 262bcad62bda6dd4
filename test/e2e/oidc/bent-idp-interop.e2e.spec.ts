import { expect } from 'chai';
import {
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  SignJWT,
} from 'jose';
import { randomUUID } from 'node:crypto';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { generateSigningKeys, keyForAlg, type SigningKeySet } from '../../support/idp/signing-keys.js';
import { idpEndpointSettings, startOidcRig, type OidcRig } from '../../integration/oidc/support/oidc-rig.js';

const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij-klmnop';
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * Issue 11 item 7, end to end against a real oidc-provider and the reference host: IdPs that bend the
 * specs where the spec allows it, without the CRM weakening a check.
 * - A private_key_jwt login against an IdP that requires a `kid` in client assertions (oidc-provider's
 *   `assertJwtClientAuthClaimsAndHeader` hook refuses an assertion without one, or with a kid it does not
 *   know), with the key configured as a bare PEM: the CRM sends the key's RFC 7638 thumbprint.
 * - A back-channel logout whose token is typed `JWT` (as certified IdPs sign them) ends the session a real
 *   login created. oidc-provider itself always types `logout+jwt`: one test signs the token with the IdP's
 *   own key and oidc-provider's claims, another makes oidc-provider re-type its own logout tokens and has
 *   the user sign out at the IdP, so the IdP delivers it.
 */
describe('e2e: IdPs that bend the specs (oidc-provider, reference host)', function () {
  this.timeout(30_000);
  let keys: SigningKeySet;
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  /** The `kid` of every client assertion the IdP saw (undefined: none). */
  const assertionKids: Array<string | undefined> = [];
  const browsers: ProgrammaticBrowser[] = [];

  async function login(account: string, returnTo = '/home') {
    const browser = new ProgrammaticBrowser();
    browsers.push(browser);
    const result = await browser.login(`${rig.base}/oidc/login?${new URLSearchParams({ returnTo })}`, {
      login: account,
    });
    const body = result.response?.body ?? '';
    const code = /data-code="([^"]+)"/.exec(body)?.[1] ?? null;
    return { result, body, code, browser, landed: result.chain.at(-1) === `${rig.base}${returnTo}` };
  }

  before(async function () {
    this.timeout(60_000);
    keys = await generateSigningKeys(['RSA']);
    const { errors } = await import('oidc-provider');
    idp = await startOidcProvider({
      keys,
      skipConsent: true,
      accounts: [{ sub: 'alice', email: 'alice@example.test', name: 'Alice A' }, { sub: 'kim' }, { sub: 'kit' }],
      configuration: {
        // An IdP that needs the kid to pick the client's key (several keys per client, as some IdPs do).
        async assertJwtClientAuthClaimsAndHeader(_ctx, _claims, header, client) {
          const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
          assertionKids.push(kid);
          if (kid === undefined) throw new errors.InvalidClientAuth('a kid is required in the client assertion');
          const known = (client.jwks?.keys ?? []).some((k) => k.kid === kid);
          if (!known) throw new errors.InvalidClientAuth('unknown kid in the client assertion');
        },
      },
    });
    rig = await startOidcRig();
    await rig.configure({
      ...idpEndpointSettings(idp, { userInfo: true }),
      oidcJwtSignatureAlgorithmList: ['RS256'],
      oidcScopes: ['profile', 'email'],
      oidcCreateUser: true,
    });
  });
  after(async () => {
    for (const b of browsers) b.close();
    await rig?.stop();
    await idp?.stop();
  });

  describe('private_key_jwt against an IdP that requires a kid', () => {
    let thumbprint: string;
    let pem: string;

    before(async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const publicJwk = await exportJWK(publicKey);
      thumbprint = await calculateJwkThumbprint(publicJwk);
      pem = await exportPKCS8(privateKey);
      // Registered under its RFC 7638 thumbprint, next to another key of the same type.
      const other = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
      await idp.addClient({
        client_id: 'crm-key-jwt',
        redirect_uris: [rig.redirectUri],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: {
          keys: [
            { ...other, kid: await calculateJwkThumbprint(other), alg: 'ES256', use: 'sig' },
            { ...publicJwk, kid: thumbprint, alg: 'ES256', use: 'sig' },
          ],
        },
      });
    });

    it('regression private-key-jwt-without-kid-refused: a PEM key without a key id signs in (kid = thumbprint)', async () => {
      await rig.configure({
        oidcClientId: 'crm-key-jwt',
        oidcClientSecret: null,
        oidcTokenEndpointAuthMethod: 'private_key_jwt',
        oidcClientAssertionAlgorithm: 'ES256',
        oidcClientPrivateKey: pem,
        oidcClientPrivateKeyId: null,
      });
      assertionKids.length = 0;
      const { landed, code, result } = await login('kim');
      expect(landed, `${code} ${result.chain.at(-1)}`).to.equal(true);
      expect(assertionKids).to.deep.equal([thumbprint]);
      expect((await rig.activeSessions()).some((s) => s.user.userName === 'kim')).to.equal(true);
    });

    it('a kid the IdP does not know: "client authentication rejected" with invalid_client, not "not available"', async () => {
      await rig.configure({ oidcClientPrivateKeyId: 'not-registered-kid' });
      const { code, body, result } = await login('kit');
      expect(code, result.chain.at(-1)).to.equal('ERR_OIDC_CLIENT_AUTH_REJECTED');
      expect(result.response?.status).to.equal(502);
      expect(body).to.contain('The identity provider rejected the client ID or secret');
      expect(body).to.contain('invalid_client');
      expect(body).to.contain('Contact your administrator');
      expect(body).not.to.contain('not available');
      expect((await rig.authLog()).at(-1)).to.include({
        result: 'failure',
        reasonCode: 'ERR_OIDC_CLIENT_AUTH_REJECTED',
      });
      const line = rig.host.logs.find((l) => l.includes('ERR_OIDC_CLIENT_AUTH_REJECTED'));
      expect(line, 'the admin log names the code and the IdP error').to.contain('invalid_client');
    });
  });

  describe('back-channel logout with a logout token typed JWT', () => {
    before(async () => {
      await idp.addClient({
        client_id: 'crm',
        client_secret: SECRET,
        redirect_uris: [rig.redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
        backchannel_logout_uri: `${rig.base}/api/v1/backchannelLogout`,
        backchannel_logout_session_required: true,
      });
      await rig.configure({
        oidcClientId: 'crm',
        oidcClientSecret: SECRET,
        oidcTokenEndpointAuthMethod: 'client_secret_basic',
        oidcClientAssertionAlgorithm: 'RS256',
        oidcClientPrivateKey: null,
        oidcClientPrivateKeyId: null,
      });
    });

    /** A logout token as oidc-provider makes it (same key, claims, lifetime), with header `typ`. */
    async function logoutToken(claims: { sub: string; sid: string }, typ: string | undefined): Promise<string> {
      const key = keyForAlg(keys, 'RS256')!;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sid: claims.sid, events: { [BACKCHANNEL_EVENT]: {} }, jti: randomUUID() })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...(typ === undefined ? {} : { typ }) })
        .setIssuer(idp.issuer)
        .setAudience('crm')
        .setSubject(claims.sub)
        .setIssuedAt(now)
        .setExpirationTime(now + 120)
        .sign(await importJWK(key.privateJwk, 'RS256'));
    }

    async function post(token: string): Promise<Response> {
      return fetch(`${rig.base}/api/v1/backchannelLogout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }),
      });
    }

    it('regression backchannel-logout-typ-jwt-refused: typ JWT ends the CRM session of a real login', async () => {
      const { landed, browser, result } = await login('alice');
      expect(landed, result.chain.at(-1)).to.equal(true);
      const session = (await rig.activeSessions()).find((s) => s.user.userName === 'alice');
      expect(session?.idpSid).to.be.a('string');
      expect((await browser.request(`${rig.base}/api/v1/App/user`)).status).to.equal(200);

      const response = await post(await logoutToken({ sub: 'alice', sid: session!.idpSid! }, 'JWT'));
      expect(response.status, await response.clone().text()).to.equal(200);
      expect((await rig.activeSessions()).some((s) => s.id === session!.id)).to.equal(false);
      expect((await browser.request(`${rig.base}/api/v1/App/user`)).status).to.equal(401);
    });

    it('sign-out at the IdP: oidc-provider delivers a logout token typed JWT and the CRM session ends', async () => {
      // Make this oidc-provider behave like the certified IdP of issue 11: its own logout tokens (made and
      // posted by oidc-provider during its end-session step) carry `typ: JWT` instead of `logout+jwt`.
      const IdToken = idp.provider.IdToken as unknown as {
        prototype: { issue(this: unknown, options: { use: string }): Promise<string> };
      };
      const original = IdToken.prototype.issue;
      const typed: string[] = [];
      IdToken.prototype.issue = async function (this: unknown, options: { use: string }): Promise<string> {
        const token = await original.call(this, options);
        if (options.use !== 'logout') return token;
        const header = decodeProtectedHeader(token);
        const key = keys.keys.find((k) => k.kid === header.kid)!;
        const resigned = await new SignJWT(decodeJwt(token))
          .setProtectedHeader({ alg: header.alg!, kid: header.kid!, typ: 'JWT' })
          .sign(await importJWK(key.privateJwk, header.alg!));
        typed.push(resigned);
        return resigned;
      };
      try {
        const { landed, browser, result } = await login('alice');
        expect(landed, result.chain.at(-1)).to.equal(true);
        const session = (await rig.activeSessions()).find((s) => s.user.userName === 'alice' && s.idpSid)!;
        const since = Date.now();
        // The user signs out at the IdP (no id_token_hint: the IdP's own logout page, confirmed).
        await browser.logout(idp.endpoints.endSession);
        const event = await idp.waitForEvent('backchannel.success', { since, timeoutMs: 5000 });
        expect(event.clientId).to.equal('crm');
        expect(typed).to.have.length(1);
        expect(decodeProtectedHeader(typed[0]!).typ).to.equal('JWT');
        expect((await rig.activeSessions()).some((s) => s.id === session.id)).to.equal(false);
        expect((await browser.request(`${rig.base}/api/v1/App/user`)).status).to.equal(401);
      } finally {
        IdToken.prototype.issue = original;
      }
    });

    it('still refuses any other typ, and an ID token posted as a logout token', async () => {
      const { landed, result } = await login('alice');
      expect(landed, result.chain.at(-1)).to.equal(true);
      const session = (await rig.activeSessions()).find((s) => s.user.userName === 'alice')!;
      const foreign = await post(await logoutToken({ sub: 'alice', sid: session.idpSid! }, 'at+jwt'));
      expect(foreign.status).to.equal(400);
      expect(await foreign.json()).to.include({ code: 'ERR_JWT_TYP_INVALID' });
      // A real ID token of this IdP (typ JWT, signed by the same key): refused, no events claim.
      const key = keyForAlg(keys, 'RS256')!;
      const now = Math.floor(Date.now() / 1000);
      const idToken = await new SignJWT({ sid: session.idpSid!, nonce: 'n-1', jti: randomUUID() })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuer(idp.issuer)
        .setAudience('crm')
        .setSubject('alice')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(await importJWK(key.privateJwk, 'RS256'));
      const posted = await post(idToken);
      expect(posted.status).to.equal(400);
      expect(await posted.json()).to.include({ code: 'ERR_LOGOUT_EVENT_MISSING' });
      expect(
        (await rig.activeSessions()).some((s) => s.id === session.id),
        'the session survives',
      ).to.equal(true);
    });
  });
});
