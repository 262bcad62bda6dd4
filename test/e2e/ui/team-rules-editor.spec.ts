/**
 * Issue 11 item 1 (form side of the extension's rules): the team-mapping editor in a real browser shows a
 * renamed team's current name (rules store the team id), flags a rule whose team does not exist, offers
 * the teams as a picker and saves the picked team's id. The team list comes from the host's
 * `GET /api/v1/Team`.
 * Skipped, with the reason, without /usr/bin/chromium.
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { Team, User } from 'crm-host/sdk';
import { startHttpServer, type RunningServer } from 'crm-host/internal/http/server';
import type { TestHost } from 'crm-host/testing';
import { bootOidcHost } from '../../support/oidc-host.js';
import { adminUserValues, launchChromiumOrSkip, signInAsAdmin } from './support/ui-admin.js';

describe('team-mapping editor: team ids, current names, missing teams (chromium, real host)', function () {
  this.timeout(90_000);
  let browser: Browser;
  let host: TestHost;
  let server: RunningServer;

  before(async function () {
    browser = await launchChromiumOrSkip(this, ['--headless', '--no-sandbox'], '');
    host = await bootOidcHost();
    server = await startHttpServer(host, { port: 0, hostname: '127.0.0.1' });
    await host.persistence.transactional(async (em) => {
      em.persist(em.create(User, (await adminUserValues()) as never));
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await host?.cleanup();
  });

  it('shows current names, flags missing teams, and saves the picked team id', async () => {
    const ids = await host.persistence.transactional(async (em) => {
      const revenue = em.create(Team, { name: 'Revenue' } as never);
      const managers = em.create(Team, { name: 'Managers' } as never);
      em.persist([revenue, managers]);
      return { revenue: revenue.id, managers: managers.id };
    });
    // Saved before the rename of "Sales" to "Revenue", and a rule naming a team that does not exist.
    await host.config.set({
      siteUrl: server.url,
      authenticationMethod: 'Oidc',
      oidcClientId: 'crm',
      oidcClientSecret: 'a-client-secret-0123456789',
      oidcIssuer: 'https://idp.example.com',
      oidcAuthorizationEndpoint: 'https://idp.example.com/authorize',
      oidcTokenEndpoint: 'https://idp.example.com/token',
      oidcJwksEndpoint: 'https://idp.example.com/jwks',
      oidcGroupClaim: 'groups',
      oidcTeams: [
        { group: 'sales', team: 'Sales', teamId: ids.revenue },
        { group: 'mgmt', team: 'Management' },
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
    });
    await signInAsAdmin(page, server.url);
    await page.goto(`${server.url}/admin/settings`);

    const rows = page.locator('[data-field=oidcTeams] .mapping');
    // The team list loads after the form: the first rule then shows the current name of its team id.
    for (let i = 0; i < 100 && (await rows.first().locator('input[list]').inputValue()) !== 'Revenue'; i++)
      await page.waitForTimeout(100);
    expect(await rows.first().locator('input[list]').inputValue()).to.equal('Revenue');
    const warnings = page.locator('[data-field=oidcTeams] .mapping-warning:not([hidden])');
    expect(await warnings.count()).to.equal(1);
    expect(await warnings.first().textContent()).to.contain('Management');
    expect(await rows.nth(1).locator('input[list]').getAttribute('aria-invalid')).to.equal('true');
    const options = await page.$$eval('[data-field=oidcTeams] datalist option', (o) =>
      o.map((x) => x.getAttribute('value') ?? ''),
    );
    expect(options.sort()).to.deep.equal(['Managers', 'Revenue']);

    await rows.nth(1).locator('input[list]').fill('Managers');
    expect(await warnings.count()).to.equal(0);
    await page.click('#settings-form .actions button[type=submit]');
    await page.waitForSelector('#settings-status.ok');
    await host.config.refresh();
    expect(host.config.get('oidcTeams')).to.deep.equal([
      { group: 'sales', team: 'Revenue', teamId: ids.revenue },
      { group: 'mgmt', team: 'Managers', teamId: ids.managers },
    ]);
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('rule-warning-stale-after-team-created: the warning goes when the admin comes back from creating the team in another tab', async () => {
    await host.config.set({ oidcTeams: [{ group: 'support', team: 'Support Desk' }] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInAsAdmin(page, server.url);
    await page.goto(`${server.url}/admin/settings`);
    const warnings = page.locator('[data-field=oidcTeams] .mapping-warning:not([hidden])');
    await warnings.first().waitFor();
    expect(await warnings.first().textContent()).to.contain('Support Desk');

    const teams = await context.newPage();
    await teams.goto(`${server.url}/admin/teams`);
    await teams.fill('#team-new-name', 'Support Desk');
    await teams.click('#team-create');
    await teams.waitForSelector('tr[data-team="Support Desk"]');
    await teams.close();
    // Back on the settings tab. Headless chromium keeps every tab "visible", so the event the browser fires
    // when a tab is shown again is dispatched here by hand.
    await page.bringToFront();
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    await page
      .waitForFunction(
        "document.querySelectorAll('[data-field=oidcTeams] .mapping-warning:not([hidden])').length === 0",
        null,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    expect(await warnings.count()).to.equal(0);
    await context.close();
  });
});
