/**
 * Teams and users administration in a real browser (playwright-core + Debian chromium) on the real host with
 * the extension and a real oidc-provider: the admin creates two teams on the Teams page; a user signs in by
 * OIDC (team mapped from the IdP group, identity link made); on the Users page the admin sees the user's
 * teams with their source and the identity link, adds and removes a manual membership, deactivates (the
 * user's OIDC session ends) and activates the user, unlinks the identity; on the Teams page renames a team
 * and deletes one after a confirmation that names the memberships it removes. Screenshots at 1280 and 390
 * wide go to $TEAMS_SHOTS_DIR (default test/artifacts/ui/). Skipped, with the reason, without chromium.
 */
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Dialog, Page } from 'playwright-core';
import { User } from 'crm-host/sdk';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { idpEndpointSettings, startOidcRig, type OidcRig } from '../../integration/oidc/support/oidc-rig.js';
import { repoRoot } from '../../support/oidc-host.js';
import { adminUserValues, launchChromiumOrSkip, signInAsAdmin } from './support/ui-admin.js';

const SHOTS = process.env.TEAMS_SHOTS_DIR || path.join(repoRoot, 'test', 'artifacts', 'ui');
const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij-klmnop';

describe('teams and users administration UI in a browser (chromium, real host, oidc-provider)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  let alice: ProgrammaticBrowser;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    mkdirSync(SHOTS, { recursive: true });
    idp = await startOidcProvider({
      skipConsent: true,
      accounts: [
        { sub: 'alice', email: 'alice@example.test', email_verified: true, name: 'Alice A', groups: ['crm-sales'] },
      ],
    });
    rig = await startOidcRig();
    await idp.addClient({ client_id: 'crm', client_secret: SECRET, redirect_uris: [rig.redirectUri] });
    await rig.configure({
      ...idpEndpointSettings(idp, { userInfo: true }),
      oidcClientId: 'crm',
      oidcClientSecret: SECRET,
      oidcScopes: ['profile', 'email', 'groups'],
      oidcCreateUser: true,
      oidcGroupClaim: 'groups',
      oidcTeams: [{ group: 'crm-sales', team: 'Sales' }],
      oidcFallback: true,
    });
    await rig.host.persistence.transactional(async (em) => {
      em.persist(em.create(User, (await adminUserValues()) as never));
    });
  });
  after(async () => {
    alice?.close();
    await browser?.close();
    await rig?.stop();
    await idp?.stop();
  });

  async function adminPage(width = 1280): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
    });
    page.on('dialog', (dialog: Dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await signInAsAdmin(page, rig.base);
    return { page, errors, dialogs };
  }

  const aliceSignedIn = async (): Promise<number> => (await alice.request(`${rig.base}/api/v1/App/user`)).status;

  it('creates teams, manages a signed-in OIDC user, renames and deletes a team with a confirmation', async () => {
    const { page, errors, dialogs } = await adminPage();
    await page.click('nav a[href="/admin/teams"]');
    await page.waitForSelector('#team-form');
    for (const name of ['Sales', 'Support']) {
      await page.fill('#team-new-name', name);
      await page.click('#team-create');
      await page.waitForSelector(`tr[data-team="${name}"]`);
    }
    await page.fill('#team-new-name', ' sales ');
    await page.click('#team-create');
    await page.waitForSelector('#team-status.error');
    expect(await page.textContent('#team-status')).to.contain('already exists');

    // alice signs in through the IdP: user created, Sales mapped (source oidc), identity link stored
    alice = new ProgrammaticBrowser();
    const login = await alice.login(`${rig.base}/oidc/login?returnTo=%2Fhome`, { login: 'alice' });
    expect(login.chain.at(-1), String(login.response?.status)).to.equal(`${rig.base}/home`);
    expect(await aliceSignedIn()).to.equal(200);

    await page.click('nav a[href="/admin/users"]');
    const card = page.locator('article[data-user="alice"]');
    await card.waitFor();
    expect(await card.locator('.chip[data-team="Sales"]').textContent()).to.contain('oidc');
    const link = card.locator('li.link');
    expect(await link.textContent())
      .to.contain(idp.issuer)
      .and.contain('alice');
    expect(await link.locator('time').count(), 'linked at and last login').to.equal(2);

    // manual membership: add, remove (confirmed), add again
    const addTo = async (team: string) => {
      await card.locator('select[data-add-team="alice"]').selectOption({ label: team });
      await card.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForSelector(`article[data-user="alice"] .chip[data-team="${team}"]`);
    };
    await addTo('Support');
    expect(await card.locator('.chip[data-team="Support"]').textContent()).to.contain('manual');
    await card.locator('.chip[data-team="Support"] button').click();
    await page.waitForSelector('article[data-user="alice"] .chip[data-team="Support"]', { state: 'detached' });
    expect(dialogs.at(-1)).to.equal('Remove alice from team “Support”?');
    await addTo('Support');

    // deactivate: alice's OIDC session ends; activate again
    await card.locator('button[data-toggle="alice"]').click();
    await page.waitForSelector('article[data-user="alice"] [data-state="inactive"]');
    expect(dialogs.at(-1)).to.contain('Deactivate alice?');
    expect(await page.textContent('#user-status')).to.contain('sessions ended: 1');
    expect(await aliceSignedIn(), 'session ended by deactivation').to.equal(401);
    await page.screenshot({ path: path.join(SHOTS, 'users-1280-inactive.png'), fullPage: true });
    await card.locator('button[data-toggle="alice"]').click();
    await page.waitForSelector('article[data-user="alice"] [data-state="active"]');
    expect(await page.$('button[data-toggle="admin"][disabled]'), 'no deactivate button for yourself').to.not.equal(
      null,
    );
    await page.screenshot({ path: path.join(SHOTS, 'users-1280.png'), fullPage: true });

    // teams page: member counts, rename keeps the memberships, delete names the memberships it removes
    await page.click('nav a[href="/admin/teams"]');
    const support = page.locator('tr[data-team="Support"]');
    await support.waitFor();
    expect(await support.locator('td.num').textContent()).to.equal('1');
    expect(await page.locator('tr[data-team="Sales"] td.num').textContent()).to.equal('1');
    await page.screenshot({ path: path.join(SHOTS, 'teams-1280.png'), fullPage: true });
    const supportId = await support.getAttribute('data-id');
    await support.getByRole('button', { name: 'Rename' }).click();
    await page.fill(`#team-rename-${supportId}`, 'Customer Care');
    await page.click(`form[data-rename="${supportId}"] button[type=submit]`);
    const renamed = page.locator('tr[data-team="Customer Care"]');
    await renamed.waitFor();
    expect(await renamed.getAttribute('data-id'), 'the id stays').to.equal(supportId);
    expect(await renamed.locator('td.num').textContent()).to.equal('1');
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await renamed.waitFor({ state: 'detached' });
    expect(dialogs.at(-1)).to.equal('Delete team “Customer Care”? Memberships removed with it: 1. The users stay.');
    expect(await page.textContent('#team-status')).to.contain('memberships removed: 1');

    // users page again: the membership is gone; unlink the identity (confirmed)
    await page.click('nav a[href="/admin/users"]');
    await card.waitFor();
    expect(await card.locator('.chip').count()).to.equal(1);
    await card.locator('li.link button').click();
    await page.waitForSelector('article[data-user="alice"] li.link', { state: 'detached' });
    expect(dialogs.at(-1)).to.contain(`Unlink the account at ${idp.issuer} from alice?`);
    expect(await card.textContent()).to.contain('No identity provider account linked.');
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('both pages fit a phone (390 wide): no horizontal scrolling', async () => {
    // after the unlink above, alice's next sign-in is matched like a first one (by user name) and linked again
    const again = await alice.login(`${rig.base}/oidc/login?returnTo=%2Fhome`, { login: 'alice' });
    expect(again.chain.at(-1), String(again.response?.status)).to.equal(`${rig.base}/home`);
    const { page, errors } = await adminPage(390);
    for (const [url, ready, shot] of [
      ['/admin/teams', 'tr[data-team="Sales"]', 'teams-390.png'],
      ['/admin/users', 'article[data-user="alice"] li.link', 'users-390.png'],
    ] as const) {
      await page.goto(`${rig.base}${url}`);
      await page.waitForSelector(ready);
      await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
      expect(overflow, `${url} scrolls sideways`).to.be.at.most(0);
    }
    // the rename form in place, and a refused name, on the phone too
    await page.goto(`${rig.base}/admin/teams`);
    const sales = page.locator('tr[data-team="Sales"]');
    await sales.getByRole('button', { name: 'Rename' }).click();
    await page.fill(`#team-rename-${await sales.getAttribute('data-id')}`, '');
    await sales.locator('button[type=submit]').click();
    await page.waitForSelector('#team-status.error');
    expect(await page.textContent('#team-status')).to.contain('1 to 255 characters');
    await page.screenshot({ path: path.join(SHOTS, 'teams-390-rename.png'), fullPage: true });
    expect(Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'))).to.be.at.most(0);
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});
