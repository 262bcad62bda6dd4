import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { expect } from 'chai';
import type { OidcProviderIdp } from '../../support/idp/idp-api.js';
import { startOidcProvider } from '../../support/idp/oidc-provider-idp.js';
import {
  adminBrowser,
  draftTestLogin,
  idpClientSettings,
  startOidcRig,
  type AdminBrowser,
  type OidcRig,
} from './support/oidc-rig.js';

const SECRET = 'the-saved-client-secret-0123456789-abcdefghij';

/** A "token endpoint" under the attacker's control: records every request (headers and body). */
async function startCapture(): Promise<{ url: string; seen: string[]; stop(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((request: IncomingMessage, reply) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push(`${JSON.stringify(request.headers)}\n${body}`);
      reply.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    seen,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Issue 12, "An admin session can extract the stored client secret": a test login with a changed token
 * endpoint (issuer, client ID, auth method) must never send the saved secret there. The draft is refused
 * with ERR_OIDC_SECRET_REENTRY_REQUIRED naming the secret field, unless the secret is typed again.
 */
describe('test login: the saved secret stays bound to its token endpoint, issuer and client', function () {
  this.timeout(60_000);
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  let admin: AdminBrowser;
  let capture: Awaited<ReturnType<typeof startCapture>>;

  before(async function () {
    idp = await startOidcProvider({ skipConsent: true, accounts: [{ sub: 'root-admin' }] });
    capture = await startCapture();
    rig = await startOidcRig();
    await idp.addClient({ client_id: 'crm', client_secret: SECRET, redirect_uris: [rig.redirectUri] });
    await rig.configure(idpClientSettings(rig, idp, SECRET));
    admin = await adminBrowser(rig);
  });
  after(async () => {
    admin?.browser.close();
    await rig?.stop();
    await capture?.stop();
    await idp?.stop();
  });
  beforeEach(() => {
    capture.seen.length = 0;
  });

  const draft = (values: Record<string, unknown>) => draftTestLogin(admin, rig.base, values);

  it('test-login-sends-saved-secret-to-changed-token-endpoint: the capturing endpoint never receives the saved secret', async () => {
    const made = await draft({ oidcTokenEndpoint: capture.url });
    if (made.status === 200) {
      // The old behaviour: the draft was accepted; run the login to see where the secret goes.
      const { url } = made.json as { url: string };
      await admin.browser.login(`${rig.base}${url}`, { login: 'root-admin' }).catch(() => undefined);
    }
    const basic = Buffer.from(`crm:${SECRET}`).toString('base64');
    for (const request of capture.seen) {
      expect(request).not.to.contain(SECRET);
      expect(request).not.to.contain(basic);
    }
    expect(made.status, made.body).to.equal(400);
    const body = made.json as { code: string; fields: Record<string, string> };
    expect(body.code).to.equal('ERR_OIDC_SECRET_REENTRY_REQUIRED');
    expect(body.fields['oidcClientSecret']).to.include('oidcTokenEndpoint');
    expect(made.body).not.to.contain(SECRET);
  });

  for (const [setting, value] of [
    ['oidcIssuer', 'https://other-issuer.example'],
    ['oidcClientId', 'another-client'],
    ['oidcTokenEndpointAuthMethod', 'client_secret_post'],
  ] as const) {
    it(`a changed ${setting} also needs the secret again (the field is named)`, async () => {
      const made = await draft({ [setting]: value });
      expect(made.status, made.body).to.equal(400);
      expect((made.json as { fields: Record<string, string> }).fields['oidcClientSecret']).to.include(setting);
    });
  }

  it('with the secret typed again the changed endpoint gets only the new secret; unchanged values need nothing', async () => {
    const retyped = await draft({ oidcTokenEndpoint: capture.url, oidcClientSecret: 'typed-again-0123456789' });
    expect(retyped.status, retyped.body).to.equal(200);
    await admin.browser.login(`${rig.base}${(retyped.json as { url: string }).url}`, { login: 'root-admin' });
    expect(capture.seen.length).to.be.greaterThan(0);
    expect(capture.seen.join('\n')).not.to.contain(SECRET);
    expect((await draft({ oidcTokenEndpoint: idp.endpoints.token, oidcScopes: ['email'] })).status).to.equal(200);
  });

  it('a settings save that changes the token endpoint and keeps the saved secret is refused the same way', async () => {
    const saved = await admin.browser.request(`${rig.base}/api/v1/Settings`, {
      method: 'PATCH',
      body: JSON.stringify({ oidcTokenEndpoint: capture.url }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': admin.csrf },
    });
    expect(saved.status, saved.body).to.equal(400);
    expect((saved.json as { fields: Record<string, string> }).fields['oidcClientSecret']).to.include(
      'ERR_OIDC_SECRET_REENTRY_REQUIRED',
    );
    await rig.host.config.refresh();
    expect(rig.host.config.get('oidcTokenEndpoint')).to.equal(idp.endpoints.token);
  });
});
