import { expect } from 'chai';
import { SETTINGS_SERVICE } from 'crm-host/internal/container/core-module';
import { PortalService } from 'crm-host/internal/portals/portal-service';
import type { SettingsService } from 'crm-host/internal/settings/settings-service';
import type { AuthenticationProviderService } from '../../../src/providers/provider-service.js';
import { PROVIDER_TYPES } from '../../../src/providers/tokens.js';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { idpEndpointSettings, startOidcRig, type OidcRig } from '../../integration/oidc/support/oidc-rig.js';

const SECRET = 'callback-php-secret-0123456789-abcdefghijklmnop';
const PORTAL_SECRET = 'callback-php-portal-0123456789-abcdefghijklmn';

const codeOf = (body: string | undefined): string | null => /\b(ERR_[A-Z0-9_]+)\b/.exec(body ?? '')?.[1] ?? null;

/**
 * The EspoCRM-compatible redirect URI `/oauth-callback.php` (issue 11, "Seed fidelity"), against a real
 * oidc-provider whose client has ONLY `<siteUrl>/oauth-callback.php` registered, as the authentik and
 * Authelia guides for EspoCRM register it.
 */
describe('e2e: the /oauth-callback.php redirect URI (oidc-provider)', function () {
  this.timeout(30_000);
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  const browsers: ProgrammaticBrowser[] = [];
  const newBrowser = (): ProgrammaticBrowser => {
    const browser = new ProgrammaticBrowser();
    browsers.push(browser);
    return browser;
  };
  const grants = (): number => idp.eventLog.filter((e) => e.name === 'grant.success').length;
  const startUrl = (): string => `${rig.base}/oidc/login?returnTo=%2Fhome`;

  before(async function () {
    this.timeout(60_000);
    idp = await startOidcProvider({
      skipConsent: true,
      accounts: [
        { sub: 'alice', email: 'alice@example.test', name: 'Alice A' },
        { sub: 'cust-bob', email: 'bob@customer.test', name: 'Bob Customer' },
      ],
    });
    rig = await startOidcRig();
    await rig.configure({
      oidcClientId: 'crm',
      oidcClientSecret: SECRET,
      ...idpEndpointSettings(idp),
      oidcScopes: ['profile', 'email'],
      oidcCreateUser: true,
      oidcRedirectUriPath: '/oauth-callback.php',
    });
    await idp.addClient({ client_id: 'crm', client_secret: SECRET, redirect_uris: [`${rig.base}/oauth-callback.php`] });
  });
  after(async () => {
    for (const b of browsers) b.close();
    await rig?.stop();
    await idp?.stop();
  });

  it('signs in through /oauth-callback.php: the authorization and token requests carry that redirect_uri', async () => {
    const before = grants();
    const result = await newBrowser().login(startUrl(), { login: 'alice' });
    const authorize = result.chain.find((u) => u.startsWith(idp.endpoints.authorization))!;
    expect(new URL(authorize).searchParams.get('redirect_uri')).to.equal(`${rig.base}/oauth-callback.php`);
    expect(result.chain.some((u) => u.startsWith(`${rig.base}/oauth-callback.php?`))).to.equal(true);
    expect(result.chain.at(-1)).to.equal(`${rig.base}/home`);
    expect(grants() - before, 'one code redeemed with the same redirect_uri').to.equal(1);
    expect(await rig.userByName('alice')).to.include({ name: 'Alice A' });
  });

  it('the read-only OIDC Redirect URI of the settings shows the chosen path', () => {
    const settings = rig.host.container.get<SettingsService>(SETTINGS_SERVICE);
    expect(settings.currentValues()['oidcAuthorizationRedirectUri']).to.equal(`${rig.base}/oauth-callback.php`);
  });

  it('a HEAD request to /oauth-callback.php does not consume the sign-in (same HEAD answer as /oauth-callback)', async () => {
    const browser = newBrowser();
    const stopped = await browser.login(startUrl(), {
      login: 'alice',
      stopAt: (u) => u.startsWith(`${rig.base}/oauth-callback.php?`),
    });
    const head = await browser.request(stopped.stoppedAt!, { method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.headers['set-cookie']).to.equal(undefined);
    const finished = await browser.navigate(stopped.stoppedAt!);
    expect(finished.chain.at(-1)).to.equal(`${rig.base}/home`);
  });

  it('a callback for a sign-in sent with /oauth-callback.php is refused at /oauth-callback, before any token request', async () => {
    const browser = newBrowser();
    const stopped = await browser.login(startUrl(), {
      login: 'alice',
      stopAt: (u) => u.startsWith(`${rig.base}/oauth-callback.php?`),
    });
    const moved = new URL(stopped.stoppedAt!);
    moved.pathname = '/oauth-callback';
    const before = grants();
    const r = await browser.navigate(moved.href);
    expect(r.response?.status).to.equal(400);
    expect(codeOf(r.response?.body)).to.equal('ERR_OIDC_REDIRECT_URI_MISMATCH');
    expect(grants() - before, 'no code redeemed').to.equal(0);
  });

  it('switching the path during a sign-in: the sign-in finishes at the redirect URI it was sent with', async () => {
    const browser = newBrowser();
    const stopped = await browser.login(startUrl(), {
      login: 'alice',
      stopAt: (u) => u.startsWith(`${rig.base}/oauth-callback.php?`),
    });
    await rig.configure({ oidcRedirectUriPath: '/oauth-callback' });
    try {
      const finished = await browser.navigate(stopped.stoppedAt!);
      expect(finished.chain.at(-1), finished.response?.body.slice(0, 300)).to.equal(`${rig.base}/home`);
    } finally {
      await rig.configure({ oidcRedirectUriPath: '/oauth-callback.php' });
    }
  });

  it('a portal follows the CRM choice: /portal/<urlId>/oauth-callback.php', async () => {
    const providers = rig.host.container.get<AuthenticationProviderService>(PROVIDER_TYPES.ProviderService);
    const provider = await providers.create({
      name: 'Customer IdP',
      oidcClientId: 'portal-client',
      oidcClientSecret: PORTAL_SECRET,
      ...idpEndpointSettings(idp),
      oidcScopes: ['profile', 'email'],
      oidcCreateUser: true,
    });
    await new PortalService(rig.host.persistence).create({
      name: 'Customers',
      urlId: 'customers',
      authenticationProviderId: provider.id,
    });
    const view = await providers.get(provider.id);
    expect(view.redirectUris).to.deep.equal([`${rig.base}/portal/customers/oauth-callback.php`]);
    await idp.addClient({ client_id: 'portal-client', client_secret: PORTAL_SECRET, redirect_uris: view.redirectUris });
    const result = await newBrowser().login(`${rig.base}/portal/customers/oidc/login`, { login: 'cust-bob' });
    expect(result.chain.some((u) => u.startsWith(`${rig.base}/portal/customers/oauth-callback.php?`))).to.equal(true);
    expect(result.chain.at(-1)).to.equal(`${rig.base}/portal/customers/`);
    expect(await rig.userByName('cust-bob')).to.include({ type: 'portal' });
  });
});
