import type { ConfigValue } from 'crm-host/sdk';
import type { ProgrammaticBrowser } from '../../../support/browser/programmatic-browser.js';

/**
 * The two settings-page actions the profile tests take, in ONE place: "Import from issuer" and "Test login"
 * exactly as the settings page calls them (admin session cookie + `X-CSRF-Token`). When the routes change
 * (e.g. to take the form's unsaved values as a settings object), adapt these two functions only.
 */

/** What "Import from issuer" answers (`POST /api/v1/Oidc/discovery`). */
export interface ImportAnswer {
  issuer: string;
  values: Record<string, ConfigValue>;
  changes: Array<{ setting: string }>;
  warnings: Array<{ code: string; [detail: string]: unknown }>;
  metadata: Record<string, unknown>;
}

/** The stored test-login report (`GET /api/v1/Oidc/testLogin?draft=<id>`). */
export interface TestLoginReport {
  ok: boolean;
  decision: string;
  userName: string | null;
  denial: { code: string; message: string } | null;
  teamsMapped: string[];
  teamsAdded: string[];
  teamsRemoved: string[];
  warnings: Array<{ code: string; message: string }>;
  idTokenClaims: Record<string, unknown>;
  userInfoClaims: Record<string, unknown> | null;
  verification: { alg: string; kid: string | null; source: string | null };
}

/** The admin's signed-in settings page: a browser with the CRM session and its CSRF token. */
export interface AdminPage {
  readonly base: string;
  readonly browser: ProgrammaticBrowser;
  readonly csrf: string;
}

const json = (page: AdminPage): Record<string, string> => ({
  'content-type': 'application/json',
  'x-csrf-token': page.csrf,
});

/**
 * "Import from issuer": the endpoints read from the issuer's discovery document, saving nothing.
 * `form`: the form's current (unsaved) values, for routes that take them; today's route reads only the issuer.
 */
export async function importFromIssuer(
  page: AdminPage,
  issuer: string,
  form: Record<string, ConfigValue> = {},
): Promise<ImportAnswer> {
  void form;
  const response = await page.browser.request(`${page.base}/api/v1/Oidc/discovery`, {
    method: 'POST',
    body: JSON.stringify({ issuer }),
    headers: json(page),
  });
  if (response.status !== 200) throw new Error(`import from issuer: ${response.status} ${response.body}`);
  return response.json as ImportAnswer;
}

/**
 * "Test login" with the form's unsaved values: makes the draft, opens its popup URL in the admin's browser,
 * signs in at the IdP as `idpLogin`, and reads the stored report (as the settings page polls it).
 * `popupBody` is the page the popup showed.
 */
export async function testLogin(
  page: AdminPage,
  values: Record<string, ConfigValue>,
  idpLogin: string,
): Promise<{ report: TestLoginReport; popupBody: string }> {
  const made = await page.browser.request(`${page.base}/api/v1/Oidc/testLogin`, {
    method: 'POST',
    body: JSON.stringify({ values }),
    headers: json(page),
  });
  if (made.status !== 200) throw new Error(`test login: ${made.status} ${made.body}`);
  const { id, url } = made.json as { id: string; url: string };
  const popup = await page.browser.login(`${page.base}${url}`, { login: idpLogin });
  const polled = await page.browser.request(`${page.base}/api/v1/Oidc/testLogin?draft=${encodeURIComponent(id)}`);
  if (polled.status !== 200) throw new Error(`test login report: ${polled.status} ${polled.body}`);
  const { report } = polled.json as { report: TestLoginReport | null };
  if (!report) throw new Error(`test login: no report; the popup showed ${popup.response?.body.slice(0, 500)}`);
  return { report, popupBody: popup.response?.body ?? '' };
}
