/**
 * Acceptance 1 and 2 of issue 6 in a real browser (playwright-core + Debian chromium) on the real host with
 * the extension loaded, against the bundled development IdP (oidc-provider): an admin configures OIDC from
 * scratch through the settings form ("Import from issuer" with a mismatch first, required fields inline),
 * runs test logins in the popup (a wrong client secret shows a clear error; the right one reports claims,
 * user name, decision and team changes and creates nothing), the lockout rules refuse unsafe saves until a
 * test login passed, saves, signs out, and carol signs in with OIDC and lands with the mapped teams. The
 * login page shows friendly error panels per reason code. Screenshots at 1280x800 and 390x844 go to
 * test/artifacts/ui/ (tall pages also in 1400 px slices). Skipped, with the reason, without /usr/bin/chromium.
 */
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Team, User } from 'crm-host/sdk';
import { DEMO_CLIENT_ID, DEMO_TEAMS, DEMO_USERS } from 'crm-host/internal/demo/demo-data';
import { startDevIdp, type DevIdp } from 'crm-host/internal/demo/dev-idp';
import { startHttpServer, type RunningServer } from 'crm-host/internal/http/server';
import type { TestHost } from 'crm-host/testing';
import { bootOidcHost, repoRoot } from '../../support/oidc-host.js';
import { adminUserValues, launchChromiumOrSkip, signInAsAdmin } from './support/ui-admin.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = path.join(repoRoot, 'test', 'artifacts', 'ui');
const SECRET = 'demo-client-secret-0123456789-abcdefghijklmnop';
const VIEWPORTS = [
  [1280, 800],
  [390, 844],
] as const;

describe('admin and login UI in a browser (chromium, real host, dev IdP)', function () {
  this.timeout(90_000);
  let browser: Browser;
  let host: TestHost;
  let server: RunningServer;
  let idp: DevIdp;

  before(async function () {
    browser = await launchChromiumOrSkip(this, CHROMIUM_ARGS);
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    host = await bootOidcHost();
    server = await startHttpServer(host, { port: 0, hostname: '127.0.0.1' });
    idp = await startDevIdp({
      users: DEMO_USERS,
      clientId: DEMO_CLIENT_ID,
      clientSecret: SECRET,
      redirectUris: [`${server.url}/oauth-callback`],
      postLogoutRedirectUris: [server.url],
    });
    await host.config.set({ siteUrl: server.url });
    await host.persistence.transactional(async (em) => {
      for (const name of DEMO_TEAMS) em.persist(em.create(Team, { name } as never));
    });
    await host.persistence.transactional(async (em) => {
      em.persist(em.create(User, (await adminUserValues()) as never));
    });
  });
  afterEach(async () => {
    await idp?.stop();
    await server?.close();
    await host?.cleanup();
  });

  async function newPage(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
    });
    return { page, errors };
  }

  /** A full-page screenshot, plus slices of at most 1400 px for tall pages (readable when reviewed). */
  async function shoot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    const { width, height } = page.viewportSize()!;
    const total = Number(await page.evaluate('document.documentElement.scrollHeight'));
    if (total <= height * 2) return;
    for (let y = 0, part = 1; y < total; y += 1400, part++) {
      const clip = { x: 0, y, width, height: Math.min(1400, total - y) };
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-part${part}.png`), fullPage: true, clip });
    }
  }

  /** Clicks "Test login", signs in at the dev IdP in the popup; returns the popup (report or error page). */
  async function testLogin(page: Page, login: string): Promise<Page> {
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#action-testLogin')]);
    // the IdP asks for credentials unless its session from an earlier test login is still there
    await popup.waitForSelector('input[name=login], #report-user-name, [data-code]');
    if (await popup.$('input[name=login]')) {
      await popup.fill('input[name=login]', login);
      await popup.fill('input[name=password]', 'demo');
      await popup.click('button[type=submit]');
    }
    await popup.waitForSelector('#report-user-name, [data-code]');
    return popup;
  }

  /** Horizontal overflow: the page must not need sideways scrolling at this width. */
  async function overflowsHorizontally(page: Page): Promise<boolean> {
    return (await page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1')) === true;
  }

  for (const [width, height] of VIEWPORTS) {
    const tag = `${width}x${height}`;

    it(`login page and a friendly error page per reason code (${tag})`, async () => {
      const { page, errors } = await newPage(width, height);
      await page.goto(`${server.url}/`);
      await page.waitForSelector('#userName');
      await shoot(page, `login-${tag}`);

      await page.goto(`${server.url}/?error=ERR_OIDC_USER_NOT_FOUND`);
      await page.waitForSelector('#login-error');
      expect(await page.textContent('h1')).to.equal('Sign-in failed');
      expect(await page.textContent('#login-error .message')).to.equal(
        'You have no CRM account yet, and accounts are not created automatically. Please ask your administrator for access.',
      );
      expect(await page.textContent('#login-error .reason code')).to.equal('ERR_OIDC_USER_NOT_FOUND');
      expect(await overflowsHorizontally(page)).to.equal(false);
      await shoot(page, `error-page-${tag}`);

      await page.goto(`${server.url}/?error=ERR_JWT_SIGNATURE_INVALID`);
      expect(await page.textContent('#login-error .message')).to.match(
        /signature of the ID token is invalid|ID token signature is invalid/,
      );
      // a code nobody defines still gets a readable message, never raw markup
      await page.goto(`${server.url}/?error=${encodeURIComponent('<b>x</b>')}`);
      expect(await page.textContent('#login-error .message')).to.equal('Sign-in failed (?).');
      expect(errors).to.deep.equal([]);
      await page.close();
    });

    it(`admin configures OIDC from scratch in the settings form (${tag})`, async () => {
      const { page, errors } = await newPage(width, height);
      await signInAsAdmin(page, server.url);
      await page.goto(`${server.url}/admin/settings`);
      await page.waitForSelector('#settings-form');
      expect(await page.isVisible('[data-method-panel=Oidc]')).to.equal(false);
      await page.selectOption('#field-authenticationMethod', 'Oidc');
      expect(await page.isVisible('[data-method-panel=Oidc]')).to.equal(true);

      // the redirect URI to register at the IdP, read-only with a copy button
      expect(await page.inputValue('#field-oidcAuthorizationRedirectUri')).to.equal(`${server.url}/oauth-callback`);
      expect(await page.isVisible('[data-field=oidcAuthorizationRedirectUri] button')).to.equal(true);

      // saving with the required fields empty: refused, inline, nothing written
      await page.click('#settings-form .actions button[type=submit]');
      expect(await page.textContent('#field-oidcClientId-error')).to.equal('This field is required.');
      expect(await page.textContent('#field-oidcIssuer-error')).to.equal('This field is required.');
      expect(host.config.get('authenticationMethod', 'Password')).to.equal('Password');

      await page.fill('#field-oidcClientId', DEMO_CLIENT_ID);
      await page.fill('#field-oidcClientSecret', SECRET);
      // Import from issuer: a wrong issuer shows the mismatch inline and fills nothing
      await page.fill('#field-oidcIssuer', `${idp.issuer}/`);
      await page.click('#action-importFromIssuer');
      await page.waitForSelector('[data-field=oidcIssuer].invalid');
      expect(await page.textContent('#field-oidcIssuer-error')).to.match(/another issuer|could not be read|not valid/);
      expect(await page.inputValue('#field-oidcTokenEndpoint')).to.equal('');
      // the right issuer fills the endpoints and lists what changed
      await page.fill('#field-oidcIssuer', idp.issuer);
      await page.click('#action-importFromIssuer');
      await page.waitForSelector('.action-result tr[data-setting=oidcTokenEndpoint]');
      expect(await page.inputValue('#field-oidcAuthorizationEndpoint')).to.equal(idp.endpoints.authorization);
      expect(await page.inputValue('#field-oidcTokenEndpoint')).to.equal(idp.endpoints.token);
      expect(await page.inputValue('#field-oidcJwksEndpoint')).to.equal(idp.endpoints.jwks);
      expect(await page.inputValue('#field-oidcUserInfoEndpoint')).to.equal(idp.endpoints.userinfo);
      expect(await page.textContent('.action-result .summary')).to.match(
        /^Imported from http:\/\/127\.0\.0\.1:\d+: \d+ fields changed/,
      );
      await shoot(page, `settings-import-${tag}`);
      await page.fill('#field-oidcUsernameClaim', 'preferred_username');
      // multi-enum with a custom option; team mapping rows
      await page.fill('#field-oidcScopes input[type=text]', 'groups');
      await page.click('#field-oidcScopes button.small');
      await page.fill('#field-oidcGroupClaim', 'groups');
      for (const [group, team] of [
        ['crm-sales', 'Sales'],
        ['^crm-manag.*$', 'Managers'],
      ]) {
        await page.click('[data-field=oidcTeams] .add-mapping');
        const row = page.locator('[data-field=oidcTeams] .mapping').last();
        await row.locator('input[type=text]').nth(0).fill(group);
        await row.locator('input[type=text]').nth(1).fill(team);
        if (group.startsWith('^')) await row.locator('input[type=checkbox]').check();
      }

      await page.check('#field-oidcCreateUser');
      await page.check('#field-oidcSyncTeams');

      // test login with a wrong client secret: the popup is the test-login report (never the end-user
      // error page) naming the IdP's answer; nothing is created
      await page.fill('#field-oidcClientSecret', 'a-wrong-secret-0123456789');
      let popup = await testLogin(page, 'carol');
      expect(await popup.getAttribute('#decision', 'data-reason')).to.equal('ERR_OIDC_CLIENT_AUTH_REJECTED');
      expect(await popup.textContent('#decision')).to.contain('The identity provider rejected the client ID or secret');
      expect(await popup.textContent('#report-idp-error code')).to.equal('invalid_client');
      expect(await popup.textContent('body')).not.to.contain('Contact your administrator');
      await popup.setViewportSize({ width, height });
      await shoot(popup, `test-login-error-${tag}`);
      await popup.close();
      // The failure is stored on the draft: the form's summary names it with its reason code.
      await page.waitForSelector('#action-testLogin ~ .action-result[data-decision=failed]');
      expect(await page.textContent('#action-testLogin ~ .action-result')).to.contain(
        '(ERR_OIDC_CLIENT_AUTH_REJECTED)',
      );

      // test login with the unsaved settings: the report shows claims, user name and team changes
      await page.fill('#field-oidcClientSecret', SECRET);
      popup = await testLogin(page, 'carol');
      await popup.waitForSelector('#report-user-name');
      expect(await popup.textContent('#report-user-name')).to.equal('carol');
      expect(await popup.getAttribute('#decision', 'data-decision')).to.equal('created');
      expect(await popup.$$eval('#report-teams-added .chip', (c) => c.map((x) => x.textContent))).to.deep.equal([
        'Managers',
        'Sales',
      ]);
      expect(await popup.textContent('#id-token-claims')).to.contain('crm-managers');
      expect(await popup.textContent('#report-verification')).to.match(/^RS256 · kid demo-/);
      expect(await popup.content()).to.not.match(/eyJ[A-Za-z0-9_-]{10,}\./); // no token in the report
      await popup.setViewportSize({ width, height });
      await shoot(popup, `test-login-report-${tag}`);
      await popup.close();
      await page.waitForSelector('#action-testLogin ~ .action-result[data-decision=created]');
      expect(await host.config.get('authenticationMethod', 'Password')).to.equal('Password');
      const carol = await host.persistence.em().findOne(User, { userName: 'carol' });
      expect(carol, 'a dry run creates no user').to.equal(null);

      await page.uncheck('#field-oidcFallback');
      await page.uncheck('#field-oidcAllowAdminUser');
      await page.waitForSelector('[data-field=oidcAllowAdminUser].invalid');
      await page.click('#settings-form .actions button[type=submit]');
      expect(await page.textContent('#settings-status')).to.equal('Nothing was saved. Fix the fields marked below.');
      expect(await page.content()).to.contain('or no administrator could sign in');
      await host.config.refresh();
      expect(host.config.get('oidcClientId', null)).to.equal(null);

      // the lockout guard: admins via OIDC only (fallback off) is refused until a test login passed with
      // exactly these settings
      await page.check('#field-oidcAllowAdminUser');
      await page.click('#settings-form .actions button[type=submit]');
      await page.waitForSelector('[data-field=oidcFallback].invalid');
      expect(await page.textContent('#field-oidcFallback-error')).to.match(/successful test login/);
      await host.config.refresh();
      expect(host.config.get('oidcClientId', null)).to.equal(null);
      const proofPopup = await testLogin(page, 'carol');
      await proofPopup.waitForSelector('#report-user-name');
      await proofPopup.close();
      await page.waitForSelector('#action-testLogin ~ .action-result[data-decision=created]');
      // ... then the same settings save; the fallback goes back on for the rest of the test
      await page.click('#settings-form .actions button[type=submit]');
      await page.waitForSelector('#settings-status.ok');
      await host.config.refresh();
      expect(host.config.get('oidcFallback')).to.equal(false);
      await page.check('#field-oidcFallback');
      await page.fill('#field-oidcProviderLabel', 'Demo IdP');
      await shoot(page, `settings-oidc-${tag}`);
      expect(await overflowsHorizontally(page)).to.equal(false);
      await page.click('#settings-form .actions button[type=submit]');
      await page.waitForSelector('#settings-status.ok');
      await host.config.refresh();
      expect(host.config.get('authenticationMethod')).to.equal('Oidc');
      expect(host.config.get('oidcIssuer')).to.equal(idp.issuer);
      expect(host.config.get('oidcClientSecret')).to.equal(SECRET);
      expect(host.config.get('oidcScopes')).to.include('groups');
      // Saved with the ids of the existing teams, so the rules survive a rename.
      const teamIds = Object.fromEntries(
        (await host.persistence.em().find(Team, { name: { $in: ['Sales', 'Managers'] } })).map((t) => [t.name, t.id]),
      );
      expect(host.config.get('oidcTeams')).to.deep.equal([
        { group: 'crm-sales', team: 'Sales', teamId: teamIds['Sales'] },
        { group: '^crm-manag.*$', team: 'Managers', teamId: teamIds['Managers'], pattern: true },
      ]);
      // the secret is never echoed back: the field is empty and says "set"
      expect(await page.inputValue('#field-oidcClientSecret')).to.equal('');
      expect(
        await page.getAttribute('[data-field=oidcClientSecret] [data-secret-status]', 'data-secret-status'),
      ).to.equal('set');
      expect(await page.content()).to.not.contain(SECRET);

      // sign out; carol signs in with OIDC and lands as herself with the mapped teams
      await page.click('header.top button');
      await page.waitForSelector('#sso-start');
      expect(await page.textContent('#sso-start')).to.equal('Sign in with Demo IdP');
      await shoot(page, `login-oidc-${tag}`);
      await page.click('#sso-start');
      // the IdP still has carol's session from the test logins in the popup, else it asks
      await page.waitForSelector('input[name=login], #user-name');
      if (await page.$('input[name=login]')) {
        await page.fill('input[name=login]', 'carol');
        await page.fill('input[name=password]', 'demo');
        await page.click('button[type=submit]');
      }
      await page.waitForURL(`${server.url}/home`);
      await page.waitForSelector('#user-name');
      expect(await page.textContent('#user-name')).to.equal('carol');
      // the provider's label, never the internal method name
      expect(await page.textContent('#method')).to.equal('Demo IdP');
      expect(await page.$$eval('#teams li', (items) => items.map((i) => i.textContent))).to.deep.equal([
        'Managers',
        'Sales',
      ]);
      expect(errors).to.deep.equal([]);
      await page.close();
    });
  }
});
