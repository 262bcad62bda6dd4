import { expect } from 'chai';
import { AuthLogRecord } from 'crm-host/sdk';
import type { OidcProviderIdp } from '../../support/idp/idp-api.js';
import { startOidcProvider } from '../../support/idp/oidc-provider-idp.js';
import {
  adminBrowser,
  draftTestLogin,
  idpClientSettings,
  startOidcRig,
  type AdminBrowser,
  type OidcRig,
} from './support/oidc-rig.js';

const SECRET = 'the-right-client-secret-0123456789-abcdefghij';

interface Report {
  ok: boolean;
  decision: string;
  denial: { code: string; message: string; idpError?: string | null } | null;
  warnings: { code: string; message: string; detail?: Record<string, string | number> }[];
}

/**
 * Issue 11, "Test login hides what matters": warnings name their subject, a token-endpoint invalid_client
 * reads "rejected the client ID or secret" with the IdP's code, the popup is a report (never the end-user
 * error page, also when the failure happens at the callback), and test logins are marked in the auth log.
 */
describe('test login report: warnings with subjects, IdP error codes, a report page, the auth log', function () {
  this.timeout(60_000);
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  let admin: AdminBrowser;

  before(async function () {
    idp = await startOidcProvider({
      skipConsent: true,
      accounts: [{ sub: 'root-admin', groups: ['crm-sales'] }],
    });
    rig = await startOidcRig();
    await idp.addClient({ client_id: 'crm', client_secret: SECRET, redirect_uris: [rig.redirectUri] });
    await rig.configure({
      ...idpClientSettings(rig, idp, SECRET),
      oidcScopes: ['groups'],
      oidcGroupClaim: 'groups',
      oidcSyncTeams: true,
      oidcTeams: [{ group: 'crm-sales', team: 'Sales Team That Does Not Exist' }],
    });
    admin = await adminBrowser(rig);
  });
  after(async () => {
    admin?.browser.close();
    await rig?.stop();
    await idp?.stop();
  });

  async function run(values: Record<string, unknown>): Promise<{ page: string; status: number; report: Report }> {
    const made = await draftTestLogin(admin, rig.base, values);
    expect(made.status, made.body).to.equal(200);
    const { id, url } = made.json as { id: string; url: string };
    const done = await admin.browser.login(`${rig.base}${url}`, { login: 'root-admin' });
    const polled = await admin.browser.request(`${rig.base}/api/v1/Oidc/testLogin?draft=${id}`);
    return {
      page: done.response?.body ?? '',
      status: done.response?.status ?? 0,
      report: (polled.json as { report: Report }).report,
    };
  }

  const authLog = async (): Promise<AuthLogRecord[]> =>
    rig.host.persistence
      .em()
      .fork()
      .find(AuthLogRecord, {}, { orderBy: { createdAt: 'desc' } });

  it('a warning names its subject (the missing team) in the report and the page; not shown as all good', async () => {
    const { page, report } = await run({});
    expect(report.ok).to.equal(true);
    const warning = report.warnings.find((w) => w.code === 'WARN_OIDC_TEAM_UNKNOWN');
    expect(warning, JSON.stringify(report.warnings)).to.not.equal(undefined);
    expect(warning!.message).to.include('Sales Team That Does Not Exist');
    expect(JSON.stringify(warning!.detail)).to.include('Sales Team That Does Not Exist');
    expect(page).to.include('Sales Team That Does Not Exist');
    expect(page).to.match(/class="alert warn" id="decision"/);
    const [last] = await authLog();
    expect(last).to.deep.include({ method: 'OidcTestLogin', result: 'success' });
  });

  it('a wrong client secret: "rejected the client ID or secret" with invalid_client, in a report page (never the end-user page)', async () => {
    const { page, status, report } = await run({ oidcClientSecret: 'a-wrong-secret-0123456789' });
    expect(report.ok).to.equal(false);
    expect(report.decision).to.equal('failed');
    expect(report.denial?.idpError).to.equal('invalid_client');
    expect(report.denial?.message).to.include('rejected the client ID or secret');
    expect(status).to.be.within(400, 599); // still an error answer, with the report as its page
    expect(page).to.include('Test login report');
    expect(page).to.include('id="report-idp-error"').and.to.include('<code>invalid_client</code>');
    expect(page).not.to.include('Contact your administrator');
    expect(page).not.to.include('a-wrong-secret');
    const [last] = await authLog();
    expect(last).to.deep.include({ method: 'OidcTestLogin', result: 'failure' });
    expect(last?.reasonCode).to.match(/^ERR_/);
  });

  it('an error the IdP sends to the callback (access_denied) also shows the report in the popup, with its code', async () => {
    const made = await draftTestLogin(admin, rig.base, {});
    const { id, url } = made.json as { id: string; url: string };
    const started = await admin.browser.login(`${rig.base}${url}`, {
      login: 'root-admin',
      stopAt: (u) => u.startsWith(idp.endpoints.authorization),
    });
    const state = new URL(started.stoppedAt!).searchParams.get('state')!;
    const callback = await admin.browser.request(
      `${rig.base}/oauth-callback?error=access_denied&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(idp.issuer)}`,
    );
    expect(callback.status).to.be.within(400, 599);
    expect(callback.body).to.include('Test login report').and.to.include('<code>access_denied</code>');
    expect(callback.body).not.to.include('Contact your administrator');
    const { report } = (await admin.browser.request(`${rig.base}/api/v1/Oidc/testLogin?draft=${id}`)).json as {
      report: Report;
    };
    expect(report).to.deep.include({ ok: false, decision: 'failed' });
    expect(report.denial?.idpError).to.equal('access_denied');
  });
});
