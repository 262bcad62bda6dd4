/**
 * Issue 11 item 3 and issue 12 item 6 from the admin's side, in a real browser (playwright-core + Debian
 * chromium) on the real host with the extension, against a real oidc-provider listening on a NON-loopback
 * address over plain http (so "Allow plain HTTP endpoints" matters):
 * - "Import from issuer" uses the ticked but unsaved plain-HTTP box; unticked, the error names the setting;
 * - the "Register at your identity provider" panel lists the URIs, each copy button copies its URI;
 * - a test login with warnings shows an amber summary that names the missing team;
 * - a failing test login (wrong secret) shows the report in the popup, with the IdP's invalid_client;
 * - the auth log marks test logins; a changed token endpoint asks for the secret again.
 * Screenshots of the settings page with the panel at 1280 and 390 wide go to /tmp/form-shots/.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Team, User } from 'crm-host/sdk';
import { startHttpServer, type RunningServer } from 'crm-host/internal/http/server';
import type { TestHost } from 'crm-host/testing';
import type { OidcProviderIdp } from '../../support/idp/idp-api.js';
import { nonLoopbackAddress } from '../../support/idp/network.js';
import { startOidcProvider } from '../../support/idp/oidc-provider-idp.js';
import { bootOidcHost } from '../../support/oidc-host.js';
import { adminUserValues, CHROMIUM, launchChromium, signInAsAdmin } from './support/ui-admin.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const SHOTS = process.env['FORM_SHOTS_DIR'] ?? '/tmp/form-shots';
const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij';

describe('settings form from the admin side (chromium, real host, plain-http oidc-provider off loopback)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let context: BrowserContext;
  let host: TestHost;
  let server: RunningServer;
  let idp: OidcProviderIdp;
  let page: Page;
  const errors: string[] = [];

  before(async function () {
    const address = nonLoopbackAddress();
    if (!existsSync(CHROMIUM) || address === null) {
      console.log(`    (skipped: needs ${CHROMIUM} and a non-loopback IPv4 address)`);
      this.skip();
    }
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium(CHROMIUM_ARGS);
    host = await bootOidcHost();
    server = await startHttpServer(host, { port: 0, hostname: '127.0.0.1' });
    idp = await startOidcProvider({
      host: address!,
      skipConsent: true,
      accounts: [{ sub: 'ada', email: 'ada@example.test', groups: ['crm-sales'] }],
    });
    await idp.addClient({
      client_id: 'crm',
      client_secret: SECRET,
      redirect_uris: [`${server.url}/oauth-callback`],
      post_logout_redirect_uris: [`${server.url}/oidc/logged-out`],
    });
    await host.config.set({ siteUrl: server.url });
    await host.persistence.transactional(async (em) => {
      em.persist(em.create(Team, { name: 'Sales' } as never));
      em.persist(em.create(User, (await adminUserValues()) as never));
    });
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signInAsAdmin(page, server.url);
    await page.goto(`${server.url}/admin/settings`);
    await page.waitForSelector('#settings-form');
    await page.selectOption('#field-authenticationMethod', 'Oidc');
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await idp?.stop();
    await server?.close();
    await host?.cleanup();
  });

  /** Clicks "Test login" and signs in as `login` at the IdP in the popup; returns the popup on its report. */
  async function testLogin(login: string): Promise<Page> {
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#action-testLogin')]);
    await popup.waitForSelector('input[name=login], #decision');
    if (await popup.$('input[name=login]')) {
      await popup.fill('input[name=login]', login);
      await popup.fill('input[name=password]', 'any');
      await popup.click('button[type=submit]');
    }
    await popup.waitForSelector('#decision');
    return popup;
  }

  it('import-from-issuer-ignores-unsaved-plain-http: unticked, the error names the setting; ticked (unsaved), it imports', async () => {
    expect(idp.issuer).to.match(/^http:\/\/(?!127\.)/);
    await page.fill('#field-oidcIssuer', idp.issuer);
    await page.click('#action-importFromIssuer');
    await page.waitForSelector('[data-field=oidcIssuer].invalid');
    const text = await page.textContent('#field-oidcIssuer-error');
    expect(text).to.contain('OIDC Allow Plain HTTP Endpoints').and.to.contain('ERR_OIDC_DISCOVERY_INSECURE');
    expect(await page.isVisible('[data-field=oidcAllowHttp].invalid')).to.equal(true);
    expect(await page.inputValue('#field-oidcTokenEndpoint')).to.equal('');

    await page.check('#field-oidcAllowHttp');
    await page.click('#action-importFromIssuer');
    await page.waitForSelector('.action-result tr[data-setting=oidcTokenEndpoint]');
    expect(await page.inputValue('#field-oidcTokenEndpoint')).to.equal(idp.endpoints.token);
    expect(await page.inputValue('#field-oidcAuthorizationEndpoint')).to.equal(idp.endpoints.authorization);
    await host.config.refresh();
    expect(host.config.get('oidcAllowHttp', false)).to.equal(false, 'nothing saved');
  });

  it('the register panel lists every URI; each copy button copies its URI', async () => {
    await page.waitForSelector('#action-registerAtIdp li[data-uri-key]');
    const uris = await page.$$eval('#action-registerAtIdp li[data-uri-key]', (items) =>
      items.map((li) => [li.getAttribute('data-uri-key'), li.querySelector('code.uri')?.textContent]),
    );
    expect(uris).to.deep.equal([
      ['redirectUri', `${server.url}/oauth-callback`],
      ['redirectUriEspoCrm', `${server.url}/oauth-callback.php`],
      ['postLogoutRedirectUri', `${server.url}/oidc/logged-out`],
      ['backchannelLogoutUri', `${server.url}/api/v1/backchannelLogout`],
      ['initiateLoginUri', `${server.url}/oidc/login`],
    ]);
    for (const [key, uri] of uris) {
      await page.click(`#action-registerAtIdp button[data-copy=${key}]`);
      await page.waitForSelector(`#register-${key} .copy-status.ok`);
      expect(await page.evaluate('navigator.clipboard.readText()')).to.equal(uri);
    }
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      await page.locator('#action-registerAtIdp').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `settings-register-panel-${width}.png`) });
      await page
        .locator('#action-registerAtIdp')
        .screenshot({ path: path.join(SHOTS, `register-panel-only-${width}.png`) });
      expect(await page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1')).to.equal(false);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('a test login with warnings is not green and names the missing team', async () => {
    await page.fill('#field-oidcClientId', 'crm');
    await page.fill('#field-oidcClientSecret', SECRET);
    await page.check('#field-oidcCreateUser');
    await page.fill('#field-oidcScopes input[type=text]', 'groups');
    await page.click('#field-oidcScopes button.small');
    await page.fill('#field-oidcGroupClaim', 'groups');
    await page.click('[data-field=oidcTeams] .add-mapping');
    const row = page.locator('[data-field=oidcTeams] .mapping').last();
    await row.locator('input[type=text]').nth(0).fill('crm-sales');
    await row.locator('input[type=text]').nth(1).fill('Nowhere Team');
    const popup = await testLogin('ada');
    expect(await popup.getAttribute('#decision', 'class')).to.contain('warn');
    expect(await popup.textContent('#report-warnings')).to.contain('Nowhere Team');
    await popup.close();
    const summary = '#action-testLogin ~ .action-result[data-decision=created]';
    await page.waitForSelector(summary);
    expect(await page.getAttribute(summary, 'class'))
      .to.contain('warn')
      .and.not.to.match(/\bok\b/);
    expect(await page.textContent(`${summary} #test-login-warnings`)).to.contain('Nowhere Team');
    await page.locator(summary).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'test-login-warnings-1280.png') });
  });

  it('a failing test login (wrong secret) shows the report in the popup, with the IdP error code', async () => {
    await page.fill('#field-oidcClientSecret', 'a-wrong-secret-0123456789');
    const popup = await testLogin('ada');
    expect(await popup.getAttribute('#decision', 'data-decision')).to.equal('failed');
    expect(await popup.textContent('#decision')).to.contain('rejected the client ID or secret');
    expect(await popup.textContent('#report-idp-error code')).to.equal('invalid_client');
    expect(await popup.textContent('body')).not.to.contain('Contact your administrator');
    await popup.setViewportSize({ width: 390, height: 844 });
    await popup.screenshot({ path: path.join(SHOTS, 'test-login-failed-popup-390.png'), fullPage: true });
    await popup.close();
    const summary = '#action-testLogin ~ .action-result[data-decision=failed]';
    await page.waitForSelector(summary);
    expect(await page.textContent(`${summary} #test-login-idp-error`)).to.contain('invalid_client');
  });

  it('the auth log marks the test logins', async () => {
    const logPage = await context.newPage();
    await logPage.goto(`${server.url}/admin/auth-log`);
    await logPage.waitForSelector('#log td[data-method]');
    const methods = await logPage.$$eval('#log td[data-method]', (cells) =>
      cells.map((c) => [c.getAttribute('data-method'), c.textContent]),
    );
    expect(methods).to.deep.include(['OidcTestLogin', 'OpenID Connect (test login)']);
    expect(methods.map(([, text]) => text)).not.to.include('OidcTestLogin');
    await logPage.close();
  });

  it('a changed token endpoint asks for the saved secret again', async () => {
    await host.config.set({ oidcClientSecret: SECRET, oidcTokenEndpoint: idp.endpoints.token });
    await page.goto(`${server.url}/admin/settings`);
    await page.waitForSelector('#settings-form');
    await page.selectOption('#field-authenticationMethod', 'Oidc');
    const status = '[data-field=oidcClientSecret] [data-secret-status]';
    expect(await page.getAttribute(status, 'data-secret-status')).to.equal('set');
    await page.fill('#field-oidcTokenEndpoint', 'http://127.0.0.1:9/token');
    expect(await page.getAttribute(status, 'data-secret-status')).to.equal('reenter');
    expect(await page.textContent('#field-oidcClientSecret-error')).to.contain('OIDC Token Endpoint');
    expect(await page.isVisible('[data-field=oidcClientSecret] .required-mark')).to.equal(true);
    await page.fill('#field-oidcTokenEndpoint', idp.endpoints.token);
    expect(await page.getAttribute(status, 'data-secret-status')).to.equal('set');
    expect(errors).to.deep.equal([]);
  });
});
