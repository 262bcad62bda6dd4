import { expect } from 'chai';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProviderProcess } from '../../support/idp/idp-process.js';

describe('support: oidc-provider IdP in a child process', function () {
  it('serves logins from its own process, rotates keys on request and exits on stop', async function () {
    const redirect = 'http://127.0.0.1:9/cb';
    const idp = await startOidcProviderProcess({
      skipConsent: true,
      clients: [{ client_id: 'c', client_secret: 'process-secret-0123456789-abcdefghijkl', redirect_uris: [redirect] }],
      accounts: [{ sub: 'alice' }],
    });
    const browser = new ProgrammaticBrowser();
    try {
      expect(idp.pid).to.not.equal(process.pid);
      const auth = new URL(idp.endpoints.authorization);
      auth.search = new URLSearchParams({
        client_id: 'c',
        response_type: 'code',
        redirect_uri: redirect,
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString();
      const result = await browser.login(auth.href, { login: 'alice', stopAt: (u) => u.startsWith(redirect) });
      expect(new URL(result.stoppedAt ?? '').searchParams.get('iss')).to.equal(idp.issuer);
      const before = ((await (await fetch(idp.endpoints.jwks)).json()) as { keys: { kid: string }[] }).keys.map(
        (k) => k.kid,
      );
      await idp.rotateKeys();
      const after = ((await (await fetch(idp.endpoints.jwks)).json()) as { keys: { kid: string }[] }).keys.map(
        (k) => k.kid,
      );
      expect(after).not.to.include.members(before);
    } finally {
      browser.close();
      await idp.stop();
    }
    const down = await fetch(idp.endpoints.discovery).catch((err: Error) => err);
    expect(down).to.be.instanceOf(Error);
  });
});
