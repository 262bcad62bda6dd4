import { expect } from 'chai';
import { User, type ConfigValue } from 'crm-host/sdk';
import { hashPassword } from 'crm-host/internal/sessions/password';
import { ProgrammaticBrowser } from '../../../support/browser/programmatic-browser.js';
import type { OidcProviderIdp } from '../../../support/idp/idp-api.js';
import type { IdpClient } from '../../../support/idp/idp-types.js';
import { startOidcRig, type OidcRig } from '../../../integration/oidc/support/oidc-rig.js';
import type { AdminPage } from './admin-actions.js';

const ADMIN_PASSWORD = 'admin-password-0123456789';

/**
 * The reference host as an admin finds it before configuring OIDC: the extension installed, the HTTP
 * server up (site URL = its address), password sign-in active, one admin with a password, the given teams.
 */
export async function startProfileHost(teams: string[]): Promise<OidcRig> {
  const rig = await startOidcRig({ settings: { authenticationMethod: 'Password' } });
  const em = rig.host.persistence.em();
  em.persist(
    Object.assign(new User(), {
      userName: 'admin',
      type: 'admin' as const,
      name: 'Admin',
      passwordHash: await hashPassword(ADMIN_PASSWORD, { N: 1024, r: 8, p: 1 }),
    }),
  );
  await em.flush();
  if (teams.length) await rig.createTeams(...teams);
  return rig;
}

/** A profile's client at the IdP, as its guide registers it: `redirectPath` below the CRM (default `/oauth-callback`). */
export type ProfileClient = Partial<IdpClient> & {
  readonly client_id: string;
  readonly redirectPath?: '/oauth-callback' | '/oauth-callback.php';
};

/** A profile test's CRM: the host, its admin on the settings page, and the user browsers it opened. */
export interface Profile {
  readonly rig: OidcRig;
  readonly admin: AdminPage;
  /** A new browser for a user (closed by {@link Profile.stop}). */
  userBrowser(): ProgrammaticBrowser;
  /** Closes every browser and stops the host (not the IdP). */
  stop(): Promise<void>;
}

/**
 * {@link startProfileHost} with `teams`, the client registered at `idp` (redirect URI at `redirectPath`,
 * post-logout redirect URI `/oidc/logged-out`), and the admin on the settings page.
 */
export async function startProfile(idp: OidcProviderIdp, teams: string[], client: ProfileClient): Promise<Profile> {
  const rig = await startProfileHost(teams);
  const { redirectPath = '/oauth-callback', ...registration } = client;
  const browsers: ProgrammaticBrowser[] = [];
  try {
    await idp.addClient({
      ...registration,
      redirect_uris: [`${rig.base}${redirectPath}`],
      post_logout_redirect_uris: [`${rig.base}/oidc/logged-out`],
    });
    const admin = await openSettingsPage(rig);
    browsers.push(admin.browser);
    return {
      rig,
      admin,
      userBrowser() {
        const browser = new ProgrammaticBrowser();
        browsers.push(browser);
        return browser;
      },
      async stop() {
        for (const b of browsers) b.close();
        await rig.stop();
      },
    };
  } catch (error) {
    await rig.stop();
    throw error;
  }
}

/** The sign-out ended at the CRM's logged-out page, which says the IdP session ended too. */
export function expectSignedOutOfBoth(rig: OidcRig, landing: Awaited<ReturnType<typeof signOut>>['landing']): void {
  expect(landing?.chain.at(-1)).to.match(new RegExp(`^${rig.base}/oidc/logged-out\\?`));
  expect(landing?.response?.body).to.contain('signed out of the CRM and of your identity provider');
}

/** The admin signs in with the password form and opens the settings page. */
export async function openSettingsPage(rig: OidcRig): Promise<AdminPage> {
  const browser = new ProgrammaticBrowser();
  const response = await browser.request(`${rig.base}/api/v1/App/login`, {
    method: 'POST',
    body: JSON.stringify({ userName: 'admin', password: ADMIN_PASSWORD }),
    headers: { 'content-type': 'application/json' },
  });
  if (response.status !== 200) throw new Error(`admin sign-in: ${response.status} ${response.body}`);
  return { base: rig.base, browser, csrf: (response.json as { csrfToken: string }).csrfToken };
}

/** "Save" on the settings page (`PATCH /api/v1/Settings`, the server's save rules apply). */
export async function saveSettings(page: AdminPage, values: Record<string, ConfigValue>): Promise<void> {
  const response = await page.browser.request(`${page.base}/api/v1/Settings`, {
    method: 'PATCH',
    body: JSON.stringify(values),
    headers: { 'content-type': 'application/json', 'x-csrf-token': page.csrf },
  });
  if (response.status !== 200) throw new Error(`save settings: ${response.status} ${response.body}`);
}

/**
 * The user's sign-out as the web UI does it: `POST /api/v1/App/destroyAuthToken` (session + CSRF), then the
 * browser follows `redirectUrl` to the IdP's end-session endpoint, confirms, and lands where the IdP sends it.
 */
export async function signOut(rig: OidcRig, browser: ProgrammaticBrowser) {
  const me = await browser.request(`${rig.base}/api/v1/App/user`);
  if (me.status !== 200) throw new Error(`not signed in: ${me.status}`);
  const csrf = (me.json as { csrfToken: string }).csrfToken;
  const out = await browser.request(`${rig.base}/api/v1/App/destroyAuthToken`, {
    method: 'POST',
    body: '{}',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
  });
  if (out.status !== 200) throw new Error(`sign-out: ${out.status} ${out.body}`);
  const redirectUrl = (out.json as { redirectUrl?: string }).redirectUrl;
  if (!redirectUrl) return { redirectUrl: null, landing: null };
  const landing = await browser.logout(redirectUrl);
  return { redirectUrl, landing };
}

export type { ConfigValue };
