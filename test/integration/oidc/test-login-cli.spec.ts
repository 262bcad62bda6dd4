import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { TYPES, User, type CliIo, type SettingsChecker } from 'crm-host/sdk';
import { runCli } from 'crm-host/internal/cli/main';
import { defaultRuntime } from 'crm-host/internal/cli/runtime';
import { defaultDatabaseUrl } from 'crm-host/internal/db/database-url';
import { createTempInstance, testHostEnv, type TempInstance } from 'crm-host/testing';
import { TEST_LOGIN_DRAFTS_TABLE } from '../../../src/oidc/entities/TestLoginDraft.js';
import type { TestLoginReport } from '../../../src/oidc/test-login/drafts.js';
import { TEST_LOGIN_PROOF_KEY } from '../../../src/oidc/test-login/tokens.js';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { repoRoot } from '../../support/oidc-host.js';
import { idpEndpointSettings, startOidcRig, type OidcRig } from './support/oidc-rig.js';

const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij-klmnop';
const WRONG_SECRET = 'the-wrong-secret-0123456789-abcdefghij-zz';
const URL_PATTERN = /(http:\/\/127\.0\.0\.1:\d+\/oidc\/test-login\?draft=[0-9a-f]{32})/;

class CapturedIo implements CliIo {
  stdout = '';
  stderr = '';
  out(line: string): void {
    this.stdout += `${line}\n`;
  }
  err(line: string): void {
    this.stderr += `${line}\n`;
  }
}

/**
 * `crm-host oidc test-login` through the host's real CLI dispatcher (in process, its own boot on the
 * instance's database, like every CLI command), against a running host (its HTTP server handles the
 * sign-in) and a real oidc-provider; the programmatic browser opens the printed URL.
 */
describe('test login: `crm-host oidc test-login` against a running host and oidc-provider', function () {
  this.timeout(60_000);
  let idp: OidcProviderIdp;
  let instance: TempInstance;
  let rig: OidcRig;
  const browsers: ProgrammaticBrowser[] = [];

  /** Starts the command; resolves once it printed the URL, with the run's promise. */
  async function start(...args: string[]) {
    const io = new CapturedIo();
    const done = runCli(['oidc', 'test-login', ...args, '--root', instance.root], io, {
      runtime: defaultRuntime,
      env: testHostEnv({}), // the running host's key ring, as every process of an instance needs
    });
    let finished = false;
    void done.finally(() => (finished = true));
    for (let i = 0; i < 300 && !finished; i++) {
      const url = URL_PATTERN.exec(io.stdout + io.stderr)?.[1];
      if (url) return { io, done, url };
      await new Promise((r) => setTimeout(r, 50));
    }
    const code = await done;
    return { io, done: Promise.resolve(code), url: null };
  }
  async function signIn(url: string, account: string) {
    const browser = new ProgrammaticBrowser();
    browsers.push(browser);
    return browser.login(url, { login: account });
  }
  async function draftRows(): Promise<number> {
    const [row] = (await rig.host.persistence.knex()(TEST_LOGIN_DRAFTS_TABLE).count({ n: '*' })) as Array<{
      n: number;
    }>;
    return Number(row?.n ?? 0);
  }

  before(async function () {
    idp = await startOidcProvider({
      skipConsent: true,
      accounts: [
        { sub: 'root-admin', email: 'root@example.test', groups: ['crm-managers'] },
        { sub: 'carol', email: 'carol@example.test', name: 'Carol C', groups: ['crm-sales'] },
      ],
    });
    instance = await createTempInstance('oidc-test-login-cli-');
    rig = await startOidcRig({ instance, databaseUrl: defaultDatabaseUrl(instance.paths.data) });
    await idp.addClient({ client_id: 'crm', client_secret: SECRET, redirect_uris: [rig.redirectUri] });
    await rig.createTeams('Sales', 'Managers');
    await rig.configure({
      ...idpEndpointSettings(idp, { userInfo: true }),
      oidcClientId: 'crm',
      oidcClientSecret: SECRET,
      oidcJwtSignatureAlgorithmList: ['RS256'],
      oidcScopes: ['profile', 'email', 'groups'],
      oidcCreateUser: true,
      oidcAllowAdminUser: true,
      oidcGroupClaim: 'groups',
      oidcTeams: [
        { group: 'crm-sales', team: 'Sales' },
        { group: 'crm-managers', team: 'Managers' },
      ],
      oidcSyncTeams: true,
    });
    const em = rig.host.persistence.em();
    em.persist(Object.assign(new User(), { userName: 'root-admin', type: 'admin', isActive: true }));
    em.persist(Object.assign(new User(), { userName: 'plain', type: 'regular', isActive: true }));
    await em.flush();
  });
  after(async () => {
    for (const b of browsers) b.close();
    await rig?.stop();
    await instance?.cleanup();
    await idp?.stop();
  });

  it('prints the URL, waits, and prints the report as JSON; an admin test (--as) counts for the lockout guard', async () => {
    const checker = rig.host.container.get<SettingsChecker>(TYPES.SettingsChecker);
    expect(await checker.check({ oidcFallback: false }, { validators: true })).to.have.property('oidcFallback');

    // The proof covers exactly the tested settings: test the change about to be saved (fallback off).
    const run = await start('--as', 'root-admin', '--set', 'oidcFallback=false', '--json', '--wait', '30');
    expect(run.url, run.io.stderr).to.be.a('string');
    expect(run.url!.startsWith(`${rig.base}/oidc/test-login?draft=`)).to.equal(true);
    // The browser is not signed in to the CRM: a CLI draft's URL is enough to start it.
    const page = await signIn(run.url!, 'root-admin');
    expect(page.response?.status).to.equal(200);
    expect(page.response?.body).to.contain('data-decision="linked"');
    const code = await run.done;
    expect(code, run.io.stderr).to.equal(0);
    const { url, report } = JSON.parse(run.io.stdout) as { url: string; report: TestLoginReport };
    expect(url).to.equal(run.url);
    expect(report).to.deep.include({
      ok: true,
      decision: 'linked',
      userName: 'root-admin',
      matchedBy: 'username',
      recordedForLockoutGuard: true,
    });
    expect(report.teamsAdded).to.deep.equal(['Managers']);
    expect(report.idTokenClaims).to.include({ sub: 'root-admin', iss: idp.issuer, aud: 'crm' });
    expect(report.verification).to.include({ alg: 'RS256' });
    expect(run.io.stderr).to.contain('Waiting for the sign-in');
    for (const text of [run.io.stdout, run.io.stderr]) {
      expect(text).not.to.match(/eyJ[A-Za-z0-9_-]{10,}\./); // no token
      expect(text).not.to.contain(SECRET);
    }
    // Nothing changed: no team membership, no session.
    expect(await rig.teamsOf('root-admin')).to.deep.equal([]);
    expect(await rig.activeSessions()).to.deep.equal([]);
    // The host that handled the callback recorded the proof: the lockout guard now allows the save.
    await rig.host.config.refresh();
    const proof = rig.host.config.get<Record<string, string>>(TEST_LOGIN_PROOF_KEY);
    const admin = await rig.userByName('root-admin');
    expect(proof?.['adminId']).to.equal(admin?.id);
    expect(await checker.check({ oidcFallback: false }, { validators: true })).to.deep.equal({});
  });

  it('text report with --set overrides: a new user would be created with the mapped team; not recorded without --as', async () => {
    const run = await start('--set', 'oidcScopes=["profile","email","groups"]', '--set', 'oidcSyncTeams=false');
    expect(run.url, run.io.stderr).to.be.a('string');
    expect(run.io.stdout).to.contain('oidcScopes, oidcSyncTeams from --set');
    await signIn(run.url!, 'carol');
    expect(await run.done, run.io.stderr).to.equal(0);
    const out = run.io.stdout;
    expect(out).to.contain('Test login report: A real sign-in would create this user.');
    expect(out).to.contain('User name: carol');
    expect(out).to.contain('Teams added: Sales');
    expect(out).to.contain('ID token verified with: RS256');
    expect(out).to.match(/ {2}email: "carol@example\.test"/);
    expect(out).to.contain('Not recorded for the lockout guard');
    expect(await rig.userByName('carol'), 'dry run: no user created').to.equal(null);
  });

  it('a failing sign-in (wrong client secret from --set) exits 1 with the reason code, never echoing the secret', async () => {
    const run = await start('--set', `oidcClientSecret=${WRONG_SECRET}`, '--wait', '30');
    expect(run.url, run.io.stderr).to.be.a('string');
    const page = await signIn(run.url!, 'carol');
    expect(page.response?.status).to.be.within(400, 599);
    expect(await run.done).to.equal(1);
    // invalid_client: the IdP rejected the client authentication, with its error code (issue 11)
    expect(run.io.stderr).to.contain('ERR_OIDC_CLIENT_AUTH_REJECTED');
    expect(run.io.stdout).to.contain('The test sign-in failed before the user could be determined. (token)');
    expect(run.io.stdout + run.io.stderr).not.to.contain(WRONG_SECRET);
  });

  it('bad arguments exit 2 with a message per field, and create no draft', async () => {
    const before = await draftRows();
    const cases: Array<[string[], RegExp]> = [
      [['--set', 'oidcScopez=["x"]'], /oidcScopez: /],
      [['--set', 'oidcClientId'], /--set needs key=value/],
      [['--set', 'oidcAuthorizationPkce=maybe'], /oidcAuthorizationPkce: /],
      [['--set', 'oidcClientId=a', '--set', 'oidcClientId=b'], /oidcClientId: given more than once/],
      [['--set', 'oidcClientId='], /oidcClientId: /],
      [['--wait', '0'], /--wait must be a whole number of seconds from 1 to 600/],
      [['--wait', 'soon'], /--wait must be/],
      [['--as', 'plain'], /--as: no active administrator named "plain"/],
      [['--shout'], /Unknown option '--shout'/],
    ];
    for (const [args, message] of cases) {
      const io = new CapturedIo();
      const code = await runCli(['oidc', 'test-login', ...args, '--root', instance.root], io, {
        runtime: defaultRuntime,
        env: testHostEnv({}),
      });
      expect(code, `${args.join(' ')}: ${io.stderr}`).to.equal(2);
      expect(io.stderr, args.join(' ')).to.match(message);
      expect(io.stdout, args.join(' ')).not.to.contain('/oidc/test-login?draft=');
    }
    expect(await draftRows()).to.equal(before);
  });

  it('times out (exit 1, ERR_OIDC_TEST_LOGIN_TIMEOUT) when nobody signs in, and the URL stops working', async () => {
    const run = await start('--wait', '1');
    expect(run.url).to.be.a('string');
    expect(await run.done).to.equal(1);
    expect(run.io.stderr).to.match(/ERR_OIDC_TEST_LOGIN_TIMEOUT: No test sign-in was finished in time \(1 s\)/);
    const late = await fetch(run.url!, { redirect: 'manual' });
    expect(late.status).to.equal(404);
  });
  it('Ctrl-C (SIGINT) in a real crm-host process cancels cleanly: exit 1, the draft deleted', async () => {
    const before = await draftRows();
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'host/dist/bin/crm-host.js'), 'oidc', 'test-login', '--root', instance.root],
      { env: testHostEnv({ ...process.env, CRM_HOST_ROOT: '', DATABASE_URL: '' }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      for (let i = 0; i < 400 && !(URL_PATTERN.test(stdout) && stderr.includes('Waiting for the sign-in')); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(stdout, stderr).to.match(URL_PATTERN);
      expect(await draftRows()).to.equal(before + 1);
      child.kill('SIGINT');
      expect(await exited, stderr).to.equal(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(stderr).to.match(/ERR_OIDC_TEST_LOGIN_CANCELLED: The test sign-in was cancelled; the URL no longer works\./);
    expect(await draftRows()).to.equal(before);
  });
});
