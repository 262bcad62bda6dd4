import { User, type ConfigValue } from 'crm-host/sdk';
import { hashPassword } from 'crm-host/internal/sessions/password';
import { ProgrammaticBrowser } from '../../../support/browser/programmatic-browser.js';
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
