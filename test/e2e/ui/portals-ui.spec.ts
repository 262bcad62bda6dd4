/**
 * Portals and authentication providers in a real browser (playwright-core + Debian chromium) on the real host
 * with the extension: an admin creates a provider on the generic record page (a plain-http issuer is refused
 * inline), creates a portal and picks the provider, sees the portal's redirect URI on the provider form; the
 * portal page offers the provider's button; a password portal signs its portal user in. Screenshots go to
 * test/artifacts/ui/. Skipped, with the reason, without /usr/bin/chromium.
 */
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { User } from 'crm-host/sdk';
import { PortalService } from 'crm-host/internal/portals/portal-service';
import { startHttpServer, type RunningServer } from 'crm-host/internal/http/server';
import { hashPassword } from 'crm-host/internal/sessions/password';
import type { TestHost } from 'crm-host/testing';
import { bootOidcHost, repoRoot } from '../../support/oidc-host.js';
import { adminUserValues, launchChromiumOrSkip, signInAsAdmin } from './support/ui-admin.js';

const ARTIFACTS = path.join(repoRoot, 'test', 'artifacts', 'ui');
const FAST = { N: 1024, r: 8, p: 1 };

describe('portals and authentication providers UI in a browser (chromium, real host)', function () {
  this.timeout(90_000);
  let browser: Browser;
  let host: TestHost;
  let server: RunningServer;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    mkdirSync(ARTIFACTS, { recursive: true });
    host = await bootOidcHost();
    server = await startHttpServer(host, { port: 0, hostname: '127.0.0.1' });
    await host.config.set({ siteUrl: server.url });
    await host.persistence.transactional(async (em) => {
      em.persist(em.create(User, (await adminUserValues()) as never));
      em.persist(
        em.create(User, {
          userName: 'pat',
          type: 'portal',
          name: 'Pat Portal',
          passwordHash: await hashPassword('pat-pass-1234', FAST),
        } as never),
      );
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await host?.cleanup();
  });

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
    });
    return { page, errors };
  }

  it('admin: provider with inline errors, a portal linked to it, the redirect URI on the provider form, the portal button', async () => {
    const { page, errors } = await newPage();
    await signInAsAdmin(page, server.url);

    await page.click('nav a[href="/admin/records/AuthenticationProvider"]');
    await page.waitForSelector('#record-new');
    await page.click('#record-new');
    await page.fill('#field-name', 'Customer IdP');
    await page.fill('#field-oidcClientId', 'portal-client');
    await page.fill('#field-oidcClientSecret', 'a-long-portal-secret-0123456789');
    await page.fill('#field-oidcIssuer', 'http://idp.example.com');
    await page.fill('#field-oidcAuthorizationEndpoint', 'https://idp.example.com/auth');
    await page.fill('#field-oidcTokenEndpoint', 'https://idp.example.com/token');
    await page.fill('#field-oidcJwksEndpoint', 'https://idp.example.com/jwks');
    await page.click('#record-form button[type=submit]');
    const issuerError = page.locator('[data-field=oidcIssuer] .error');
    await issuerError.waitFor({ state: 'visible' });
    expect(await issuerError.textContent()).to.contain('https');
    await page.screenshot({ path: path.join(ARTIFACTS, 'provider-invalid.png'), fullPage: true });
    await page.fill('#field-oidcIssuer', 'https://idp.example.com');
    await page.click('#record-form button[type=submit]');
    await page.waitForSelector('#record-status.ok');
    expect(await page.textContent('[data-uri-list=redirectUris]')).to.contain('No portal is linked');

    await page.goto(`${server.url}/admin/portals`);
    await page.click('#portal-new');
    await page.fill('#portal-name', 'Customers');
    await page.fill('#portal-urlId', 'customers');
    await page.selectOption('#portal-authenticationProviderId', { label: 'Customer IdP' });
    await page.click('#portal-form button[type=submit]');
    await page.waitForSelector('#portal-delete');

    await page.goto(`${server.url}/admin/records/AuthenticationProvider`);
    await page.click('a[data-id]');
    const uri = `${server.url}/portal/customers/oauth-callback`;
    await page.waitForSelector(`[data-uri="${uri}"]`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'provider-redirect-uris.png'), fullPage: true });

    const portal = await browser.newPage();
    await portal.goto(`${server.url}/portal/customers/`);
    const button = portal.locator('#sso-start');
    await button.waitFor();
    expect(await button.getAttribute('href')).to.equal('/portal/customers/oidc/login');
    expect(await portal.$('#portal-password'), 'no password form with a provider').to.equal(null);
    await portal.close();
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('a portal without provider signs its portal user in with a password, and out again', async () => {
    const portals = new PortalService(host.persistence);
    const created = await portals.create({ name: 'Partners', urlId: 'partners' });
    await portals.addUser(created.id, 'pat');
    const { page, errors } = await newPage();
    await page.goto(`${server.url}/portal/partners/`);
    await page.fill('#userName', 'pat');
    await page.fill('#password', 'pat-pass-1234');
    await page.click('#portal-password button[type=submit]');
    await page.waitForSelector('#portal-user');
    expect(await page.textContent('#portal-user')).to.contain('Pat Portal');
    await page.screenshot({ path: path.join(ARTIFACTS, 'portal-signed-in.png'), fullPage: true });
    const crm = await page.evaluate(async () => (await fetch('/api/v1/App/user')).status);
    expect(crm, 'no CRM access from the portal session').to.equal(401);
    await page.click('#portal-sign-out');
    await page.waitForSelector('#portal-password');
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});
