/**
 * Issue 11, acceptance 1: "new admin, no demo". The README's "Run it for real" block is executed literally
 * on a fresh copy of the repository and a new instance (the suite's only execution of that block: it runs
 * `npm ci` and `npm run package`); then, as a real admin would, in chromium:
 * - signs in as `admin` with the password `init` printed once, creates the teams Sales and Support;
 * - starts a real oidc-provider on a plain-HTTP loopback issuer (groups in the ID token);
 * - on the settings page enters the issuer, ticks "Allow plain HTTP endpoints" WITHOUT saving, imports from
 *   the issuer, enters the client ID and secret;
 * - copies the URIs of the "Register at your identity provider" panel (copy buttons, clipboard) and
 *   registers the client at the IdP with exactly those;
 * - maps groups to teams with one rule naming a team that does not exist (Managers): the test login in the
 *   popup warns about Managers by name and the summary is not green; creates Managers on the Teams page; the
 *   next test login has no warning;
 * - saves with OpenID Connect as the method, signs out; the user signs in with the login page's OIDC button
 *   and lands on the home page with the mapped teams; signs out through the IdP and lands on the CRM's
 *   logged-out page;
 * - the host stops on SIGTERM.
 * Screenshots of the key pages at 1280 and 390 wide go to $ACCEPT_SHOTS_DIR (default test/artifacts/ui/,
 * names `new-admin-*`). Without /usr/bin/chromium the browser steps are skipped with the reason (the README
 * block and the admin's password sign-in are still checked).
 */
import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { repoRoot } from '../../support/oidc-host.js';
import { runItForReal, type RunItForReal } from '../../support/readme-run-it-for-real.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const SHOTS = process.env['ACCEPT_SHOTS_DIR'] || path.join(repoRoot, 'test', 'artifacts', 'ui');
const SECRET = 'new-admin-client-secret-0123456789-abcdefghij';
const USER = { sub: 'grace', groups: ['crm-sales', 'crm-support', 'crm-managers', 'staff'] };

describe('new admin, no demo: README "Run it for real", then OIDC set up in the browser (issue 11, acceptance 1)', function () {
  this.timeout(25 * 60_000);
  let run: RunItForReal;
  let siteUrl: string;
  let password: string;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let idp: OidcProviderIdp;
  const errors: string[] = [];
  let broken = false;

  before(async () => {
    run = await runItForReal();
    siteUrl = run.siteUrl;
  });
  beforeEach(function () {
    // a journey: a failed step leaves nothing for the next one to do (the host is stopped in any case)
    if (broken && !this.currentTest?.title.includes('SIGTERM')) this.skip();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') broken = true;
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await idp?.stop();
    await run?.cleanup();
  });

  /**
   * Screenshots of the page at 1280 and 390 wide: the whole page, or with `focus` the viewport scrolled to
   * that element (the settings page is several screens tall). At 390 the page must not scroll sideways, and
   * it must declare a viewport (without one a phone lays it out 980 px wide and shrinks it).
   */
  async function shoot(target: Page, name: string, focus?: string): Promise<void> {
    expect(await target.$('meta[name=viewport]'), `${name} has no <meta name="viewport">`).to.not.equal(null);
    for (const width of [1280, 390]) {
      await target.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      if (focus) await target.locator(focus).evaluate((e) => e.scrollIntoView({ block: 'center' }));
      await target.screenshot({ path: path.join(SHOTS, `new-admin-${name}-${width}.png`), fullPage: !focus });
      const overflow = await target.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1');
      expect(overflow, `${name} scrolls sideways at ${width} px`).to.equal(false);
    }
    await target.setViewportSize({ width: 1280, height: 800 });
  }

  /** Clicks "Test login", signs in at the IdP in the popup if it asks; returns the popup on its report. */
  async function testLogin(): Promise<Page> {
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#action-testLogin')]);
    popup.on('pageerror', (e) => errors.push(`popup: ${e.message}`));
    await popup.waitForSelector('input[name=login], #decision');
    if (await popup.$('input[name=login]')) {
      await popup.fill('input[name=login]', USER.sub);
      await popup.fill('input[name=password]', 'any');
      await popup.click('button[type=submit]');
    }
    await popup.waitForSelector('#decision');
    return popup;
  }

  it('the README block installs, initializes and starts; init prints the password once and every URI', async () => {
    const output = run.output();
    password = /Admin password \(shown once\): (\S+)/.exec(output)?.[1] ?? '';
    expect(password, output).to.not.equal('');
    for (const uri of [
      `${siteUrl}/oauth-callback`,
      `${siteUrl}/oauth-callback.php`,
      `${siteUrl}/oidc/logged-out`,
      `${siteUrl}/api/v1/backchannelLogout`,
    ])
      expect(output).to.contain(uri);
    expect(output).to.contain(`site URL: ${siteUrl} (env CRM_SITE_URL)`);

    const home = await fetch(`${siteUrl}/`);
    expect(home.status).to.equal(200);
    expect(await home.text()).to.contain('/static/login.js');
    const loginData = (await (await fetch(`${siteUrl}/api/v1/App/loginData`)).json()) as { method: string };
    expect(loginData.method).to.equal('Password');
    const attempt = (pass: string) =>
      fetch(`${siteUrl}/api/v1/App/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userName: 'admin', password: pass }),
      });
    expect((await attempt(`${password}x`)).status).to.equal(401);
    const login = await attempt(password);
    expect(login.status, await login.clone().text()).to.equal(200);
    expect(((await login.json()) as { csrfToken?: string }).csrfToken).to.be.a('string');
  });

  it('the admin signs in in the browser with the printed password and creates two teams', async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    (browser steps skipped: ${CHROMIUM} is not installed; apt-get install -y chromium)`);
      broken = true;
      this.skip();
    }
    mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: siteUrl });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
    });

    await page.goto(`${siteUrl}/`);
    await page.locator('#setup-hint summary').click();
    expect(await page.locator('#setup-hint p').innerText()).to.contain('crm-host init');
    await page.fill('#userName', 'admin');
    await page.fill('#password', password);
    await page.click('form button[type=submit]');
    await page.waitForURL('**/home');

    await page.click('nav a[href="/admin/teams"]');
    await page.waitForSelector('#team-form');
    for (const name of ['Sales', 'Support']) {
      await page.fill('#team-new-name', name);
      await page.click('#team-create');
      await page.waitForSelector(`tr[data-team="${name}"]`);
    }
    await shoot(page, 'teams');
  });

  it('settings: imports from the plain-HTTP issuer with the box ticked but not saved', async () => {
    idp = await startOidcProvider({
      skipConsent: true,
      conformIdTokenClaims: false, // the groups claim in the ID token
      accounts: [{ ...USER, email: 'grace@example.test', email_verified: true, name: 'Grace Hopper' }],
    });
    expect(idp.issuer).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);

    await page.click('nav a[href="/admin/settings"]');
    await page.waitForSelector('#settings-form');
    await page.selectOption('#field-authenticationMethod', 'Oidc');
    await page.fill('#field-oidcIssuer', idp.issuer);
    await page.check('#field-oidcAllowHttp');
    await page.click('#action-importFromIssuer');
    await page.waitForSelector('.action-result tr[data-setting=oidcTokenEndpoint], [data-field=oidcIssuer].invalid');
    expect(await page.isVisible('[data-field=oidcIssuer].invalid'), String(await page.textContent('body'))).to.equal(
      false,
    );
    expect(await page.inputValue('#field-oidcAuthorizationEndpoint')).to.equal(idp.endpoints.authorization);
    expect(await page.inputValue('#field-oidcTokenEndpoint')).to.equal(idp.endpoints.token);
    expect(await page.inputValue('#field-oidcJwksEndpoint')).to.equal(idp.endpoints.jwks);
    const saved = (await (await page.request.get(`${siteUrl}/api/v1/App/loginData`)).json()) as { method: string };
    expect(saved.method, 'nothing saved by the import').to.equal('Password');

    await page.fill('#field-oidcClientId', 'crm');
    await page.fill('#field-oidcClientSecret', SECRET);
  });

  it('registers the client at the IdP with the URIs copied from the "Register at your identity provider" panel', async () => {
    await page.waitForSelector('#action-registerAtIdp li[data-uri-key]');
    const rows = await page.$$eval('#action-registerAtIdp li[data-uri-key]', (items) =>
      items.map((li) => ({
        key: li.getAttribute('data-uri-key')!,
        primary: li.getAttribute('data-primary') === 'true',
        optional: /optional/.test(li.querySelector('.register-head')?.textContent ?? ''),
        field: li.querySelector('.register-field')?.textContent ?? '',
      })),
    );
    const copied: Record<string, string[]> = {};
    for (const row of rows) {
      await page.click(`#action-registerAtIdp button[data-copy=${row.key}]`);
      await page.waitForSelector(`#register-${row.key} .copy-status.ok`);
      const uri = String(await page.evaluate('navigator.clipboard.readText()'));
      expect(uri.startsWith(`${siteUrl}/`), `${row.key}: ${uri}`).to.equal(true);
      // what the IdP requires: the primary, non-optional addresses (the optional login start URL is
      // https-only at oidc-provider, the alternative redirect URI is for EspoCRM migrations)
      if (row.primary && !row.optional) (copied[row.field] ??= []).push(uri);
    }
    expect(Object.keys(copied).sort()).to.deep.equal([
      'backchannel_logout_uri',
      'post_logout_redirect_uris',
      'redirect_uris',
    ]);
    await idp.addClient({
      client_id: 'crm',
      client_secret: SECRET,
      redirect_uris: copied['redirect_uris'],
      post_logout_redirect_uris: copied['post_logout_redirect_uris'],
      backchannel_logout_uri: copied['backchannel_logout_uri']![0],
      backchannel_logout_session_required: true,
    });
    await shoot(page, 'settings-register-panel', '#action-registerAtIdp');
  });

  it('a test login warns about the missing team by name; once the team exists the next one does not', async () => {
    await page.fill('#field-oidcScopes input[type=text]', 'groups');
    await page.click('#field-oidcScopes button.small');
    await page.fill('#field-oidcGroupClaim', 'groups');
    await page.check('#field-oidcCreateUser');
    for (const [group, team] of [
      ['crm-sales', 'Sales'],
      ['crm-support', 'Support'],
      ['crm-managers', 'Managers'],
    ]) {
      await page.click('[data-field=oidcTeams] .add-mapping');
      const row = page.locator('[data-field=oidcTeams] .mapping').last();
      await row.locator('input[type=text]').nth(0).fill(group!);
      await row.locator('input[type=text]').nth(1).fill(team!);
    }
    const ruleWarnings = () =>
      page.$$eval('[data-field=oidcTeams] .mapping-warning:not([hidden])', (w) => w.map((x) => x.textContent));
    const inline = await ruleWarnings();
    expect(inline).to.have.length(1);
    expect(inline[0]).to.contain('Managers');

    let popup = await testLogin();
    expect(await popup.getAttribute('#decision', 'data-decision')).to.equal('created');
    expect(await popup.getAttribute('#decision', 'class')).to.contain('warn');
    expect(await popup.textContent('#report-warnings')).to.contain('Managers');
    expect(await popup.$$eval('#report-teams-added .chip', (c) => c.map((x) => x.textContent))).to.deep.equal([
      'Sales',
      'Support',
    ]);
    expect(await popup.textContent('body')).not.to.contain('Contact your administrator');
    await shoot(popup, 'test-login-report-warning');
    await popup.close();
    const summary = '#action-testLogin ~ .action-result[data-decision=created]';
    await page.waitForSelector(`${summary}.warn`); // the report's summary (not the "waiting" line)
    expect(await page.getAttribute(summary, 'class'))
      .to.contain('warn')
      .and.not.to.match(/\bok\b/);
    expect(await page.textContent(`${summary} #test-login-warnings`)).to.contain('Managers');
    await shoot(page, 'settings-test-login-warning', summary);

    // the fix: create the team on the Teams page (another tab; the form keeps its unsaved values)
    const teams = await context.newPage();
    await teams.goto(`${siteUrl}/admin/teams`);
    await teams.waitForSelector('#team-form');
    await teams.fill('#team-new-name', 'Managers');
    await teams.click('#team-create');
    await teams.waitForSelector('tr[data-team="Managers"]');
    await teams.close();

    popup = await testLogin();
    expect(await popup.getAttribute('#decision', 'data-decision')).to.equal('created');
    expect((await popup.textContent('body')) ?? '').not.to.match(/Managers[^\n]*(does not exist|no team)/i);
    expect(await popup.$$eval('#report-teams-added .chip', (c) => c.map((x) => x.textContent))).to.deep.equal([
      'Managers',
      'Sales',
      'Support',
    ]);
    await shoot(popup, 'test-login-report-fixed');
    await popup.close();
    // the new report's summary: green (while the popup is open the old decision stays, without a colour)
    await page.waitForSelector(`${summary}.ok`);
    expect(await page.$(`${summary} #test-login-warnings`)).to.equal(null);
    // the form no longer flags the rule either (it does not keep a stale list of teams)
    await page
      .waitForFunction(
        "document.querySelectorAll('[data-field=oidcTeams] .mapping-warning:not([hidden])').length === 0",
        null,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    expect(await ruleWarnings()).to.deep.equal([]);
    await shoot(page, 'settings-test-login-ok', summary);
  });

  it('saves with OpenID Connect; the user signs in with the OIDC button and lands with the mapped teams', async () => {
    await page.click('#settings-form .actions button[type=submit]');
    await page.waitForSelector('#settings-status.ok');
    const loginData = (await (await page.request.get(`${siteUrl}/api/v1/App/loginData`)).json()) as {
      method: string;
    };
    expect(loginData.method).to.equal('Oidc');

    await page.click('header.top button');
    await page.waitForSelector('#sso-start');
    // the password form stays (admin fallback): the two buttons must not both read "Sign in"
    expect(await page.textContent('#sso-start')).to.equal('Sign in with OpenID Connect');
    expect(await page.textContent('form button[type=submit]')).to.equal('Sign in');
    await shoot(page, 'login-oidc');
    await page.click('#sso-start');
    // the IdP may still hold the session of the test logins; else it asks
    await page.waitForSelector('input[name=login], #user-name');
    if (await page.$('input[name=login]')) {
      await page.fill('input[name=login]', USER.sub);
      await page.fill('input[name=password]', 'any');
      await page.click('button[type=submit]');
    }
    await page.waitForURL(`${siteUrl}/home`);
    await page.waitForSelector('#user-name');
    expect(await page.textContent('#user-name')).to.equal(USER.sub);
    expect(await page.textContent('#method')).to.equal('OpenID Connect');
    expect(await page.$$eval('#teams li', (items) => items.map((i) => i.textContent))).to.deep.equal([
      'Managers',
      'Sales',
      'Support',
    ]);
    const me = (await (await page.request.get(`${siteUrl}/api/v1/App/user`)).json()) as {
      user: { userName: string };
      teams: { name: string }[];
    };
    expect(me.user.userName).to.equal(USER.sub);
    expect(me.teams.map((t) => t.name).sort()).to.deep.equal(['Managers', 'Sales', 'Support']);
    await shoot(page, 'home-after-oidc-login');
  });

  it('signs out through the IdP and lands on the CRM logged-out page', async () => {
    await page.click('header.top button');
    // oidc-provider's end-session page asks for confirmation
    await page.waitForURL((url) => url.href.startsWith(`${siteUrl}/oidc/logged-out`) || url.origin !== siteUrl);
    if (!page.url().startsWith(siteUrl)) {
      await page.waitForSelector('button[name=logout][value=yes], #op\\.logoutForm button');
      await page.click('button[name=logout][value=yes]');
    }
    await page.waitForURL(`${siteUrl}/oidc/logged-out**`);
    await page.waitForSelector('main.logged-out h1');
    // the state came back from the IdP: signed out there too (the neutral page says "of the CRM" only)
    expect(await page.textContent('main.logged-out')).to.contain('signed out of the CRM and of your identity provider');
    expect((await page.request.get(`${siteUrl}/api/v1/App/user`)).status()).to.equal(401);
    await shoot(page, 'logged-out');
    expect(errors).to.deep.equal([]);
  });

  it('the host stops on SIGTERM', async () => {
    await context?.close();
    await browser?.close(); // no keep-alive connection left open to the host
    expect(await run.stop(), `the host did not stop:\n${run.output().slice(-2000)}`).to.equal(true);
    expect(run.output(), run.output().slice(-2000)).to.contain('SIGTERM: stopping');
  });
});
