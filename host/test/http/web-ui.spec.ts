/**
 * The static UI in a real browser (playwright-core + Debian chromium): login form, home, the metadata-driven
 * settings form with live dynamic logic and inline server errors, the auth log, sign-out. Skipped, with the
 * reason, when /usr/bin/chromium is not installed. Screenshots go to test/artifacts/host-ui/.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { repositoryRoot } from '../../src/testing/index.js';
import { createUser, startFixture, type Fixture } from './support/http-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(repositoryRoot(), 'test', 'artifacts', 'host-ui');

const METADATA = {
  entityDefs: {
    Settings: {
      fields: {
        ssoClientId: { type: 'varchar', maxLength: 100 },
        ssoClientSecret: { type: 'password' },
        ssoFallback: { type: 'bool', default: true },
        ssoAllowRegularFallback: { type: 'bool', default: false },
        ssoRedirectUri: { type: 'url', readOnly: true, default: 'http://127.0.0.1/sso/callback' },
        ssoScopes: { type: 'multiEnum', options: ['openid', 'email'], allowCustomOptions: true, default: ['openid'] },
        ssoLeeway: { type: 'int', min: 0, max: 300, default: 60 },
        ssoTeams: { type: 'teamMapping', default: [] },
      },
    },
  },
  authenticationMethods: {
    Sso: {
      settings: {
        isAvailable: true,
        layout: [
          ['ssoClientId', 'ssoClientSecret'],
          ['ssoRedirectUri'],
          ['ssoScopes', 'ssoLeeway'],
          ['ssoFallback', 'ssoAllowRegularFallback'],
          ['ssoTeams'],
        ],
        dynamicLogic: {
          fields: {
            ssoClientId: {
              required: { conditionGroup: [{ type: 'equals', attribute: 'authenticationMethod', value: 'Sso' }] },
            },
            ssoAllowRegularFallback: {
              invalid: {
                conditionGroup: [
                  { type: 'isTrue', attribute: 'ssoAllowRegularFallback' },
                  { type: 'isFalse', attribute: 'ssoFallback' },
                ],
                message: 'needsFallback',
              },
            },
          },
        },
      },
    },
  },
  app: { config: { ssoClientSecret: { level: 'secret' } } },
};
const I18N = {
  en_US: {
    Settings: {
      messages: { needsFallback: 'Allow the fallback first.' },
      options: { authenticationMethod: { Sso: 'Single sign-on' } },
      fields: { ssoClientId: 'Client ID', ssoClientSecret: 'Client secret', ssoLeeway: 'Leeway' },
    },
  },
};

describe('web UI in a browser (chromium)', function () {
  this.timeout(60_000);
  let fx: Fixture;
  let server: RunningServer;
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      this.skip(); // chromium is not installed (apt-get install -y chromium); the UI is covered by the API tests only
    }
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    fx = await startFixture({ metadata: METADATA, i18n: I18N });
    fx.host.clock.time = Date.now();
    await createUser(fx.host, 'root', 'root-pass-1', 'admin', ['Sales', 'Support']);
    server = await startHttpServer(fx.host, { port: 0 });
  });
  afterEach(async () => {
    await server?.close();
    await fx?.close();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${server.url}/`);
    await page.fill('#userName', 'root');
    await page.fill('#password', 'root-pass-1');
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
  }

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    it(`signs in, edits settings with live dynamic logic and inline server errors, signs out (${width}x${height})`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(m.text());
      });
      const tag = `${width}x${height}`;

      await page.goto(`${server.url}/?error=ERR_LOGIN_INVALID`);
      expect(await page.textContent('#login-error .message')).to.equal('Wrong user name or password.');
      await page.screenshot({ path: path.join(ARTIFACTS, `login-${tag}.png`), fullPage: true });
      await signIn(page);
      expect(await page.textContent('#teams')).to.contain('Sales');

      await page.goto(`${server.url}/admin/settings`);
      await page.waitForSelector('#settings-form');
      expect(await page.isVisible('[data-method-panel=Sso]')).to.equal(false);
      await page.selectOption('#field-authenticationMethod', 'Sso');
      expect(await page.isVisible('[data-method-panel=Sso]')).to.equal(true);
      // invalid shows live; required shows on save
      await page.click('#field-ssoFallback');
      await page.click('#field-ssoAllowRegularFallback');
      expect(await page.textContent('#field-ssoAllowRegularFallback-error')).to.equal('Allow the fallback first.');
      await page.click('#settings-form button[type=submit]');
      expect(await page.textContent('#field-ssoClientId-error')).to.equal('This field is required.');
      expect(await fx.host.configRows()).to.not.contain('ssoClientId');
      await page.screenshot({ path: path.join(ARTIFACTS, `settings-invalid-${tag}.png`), fullPage: true });

      // the server's per-field error appears inline
      await page.click('#field-ssoFallback');
      await page.fill('#field-ssoClientId', 'crm');
      await page.fill('#field-ssoLeeway', '999');
      await page.click('#settings-form button[type=submit]');
      await page.waitForSelector('[data-field=ssoLeeway].invalid');
      expect(await page.textContent('#field-ssoLeeway-error')).to.match(/300/);
      expect(await fx.host.configRows()).to.not.contain('ssoClientId');

      await page.fill('#field-ssoLeeway', '30');
      await page.fill('#field-ssoClientSecret', 'a-secret-value');
      await page.click('#settings-form button[type=submit]');
      await page.waitForSelector('#settings-status.ok');
      await fx.host.config.refresh();
      expect(fx.host.config.get('ssoClientId')).to.equal('crm');
      expect(fx.host.config.get('ssoLeeway')).to.equal(30);
      expect(fx.host.config.get('ssoClientSecret')).to.equal('a-secret-value');
      expect(await page.inputValue('#field-ssoClientSecret')).to.equal('');
      expect(await page.getAttribute('[data-secret-status]', 'data-secret-status')).to.equal('set');
      expect(await page.content()).to.not.contain('a-secret-value');
      await page.screenshot({ path: path.join(ARTIFACTS, `settings-saved-${tag}.png`), fullPage: true });

      // Three failed sign-ins of one address and reason: one aggregated row with its count.
      for (let i = 0; i < 3; i++) {
        await fx.app.inject({
          method: 'POST',
          url: '/api/v1/App/login',
          payload: { userName: 'mallory', password: 'x' },
        });
      }
      await page.goto(`${server.url}/admin/auth-log`);
      await page.waitForSelector('table tbody tr');
      const counted = page.locator('tbody tr', { hasText: 'ERR_USER_NOT_FOUND' });
      expect(await counted.count()).to.equal(1);
      expect(await counted.locator('td.attempts').textContent()).to.equal('3');
      expect(await page.textContent('#log .hint')).to.contain('5-minute window');
      await page.screenshot({ path: path.join(ARTIFACTS, `auth-log-${tag}.png`), fullPage: true });

      await page.click('header.top button');
      await page.waitForURL(`${server.url}/`);
      await page.waitForSelector('#userName');
      expect((await fx.app.inject({ method: 'GET', url: '/api/v1/App/user' })).statusCode).to.equal(401);
      expect(pageErrors).to.deep.equal([]);
      await page.close();
    });
  }
});
