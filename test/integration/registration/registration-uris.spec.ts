import { expect } from 'chai';
import { Portal, TYPES, User, type CliCommand, type CliIo } from 'crm-host/sdk';
import { withHttp } from 'crm-host/internal/http/core-module';
import { buildHttpApp } from 'crm-host/internal/http/server';
import { hashPassword } from 'crm-host/internal/sessions/password';
import type { TestHost } from 'crm-host/testing';
import type { FastifyInstance } from 'fastify';
import { REGISTRATION_URIS_PATH, type RegistrationList } from '../../../src/registration/index.js';
import { bootOidcHost } from '../../support/oidc-host.js';

const SITE = 'https://crm.example.test';

class CapturedIo implements CliIo {
  readonly lines: string[] = [];
  out(line: string): void {
    this.lines.push(line);
  }
  err(line: string): void {
    this.lines.push(line);
  }
}

describe('registration URIs: GET /api/v1/Oidc/registrationUris and `crm-host oidc uris` (one list)', function () {
  let host: TestHost;
  let app: FastifyInstance;
  const sessions: Record<string, string> = {};

  before(async function () {
    host = await bootOidcHost(withHttp({ siteUrl: SITE }));
    app = await buildHttpApp(host);
    const em = host.persistence.em();
    for (const [userName, type] of [
      ['root', 'admin'],
      ['jane', 'regular'],
    ] as const) {
      em.persist(
        Object.assign(new User(), {
          userName,
          type,
          name: userName,
          passwordHash: await hashPassword('pw-123456', { N: 1024, r: 8, p: 1 }),
        }),
      );
    }
    em.persist(Object.assign(new Portal(), { name: 'Customers', urlId: 'customers', authenticationProviderId: 'p-1' }));
    em.persist(Object.assign(new Portal(), { name: 'Unlinked', urlId: 'unlinked' }));
    await em.flush();
    for (const userName of ['root', 'jane']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/App/login',
        payload: { userName, password: 'pw-123456' },
      });
      // An https site sends the session cookie as `__Host-crm_session`.
      const cookie = response.cookies.find((c) => c.name === '__Host-crm_session')!;
      sessions[userName] = `${cookie.name}=${cookie.value}`;
    }
  });
  after(async () => {
    await app?.close();
    await host?.cleanup();
  });

  const get = (userName?: string) =>
    app.inject({
      method: 'GET',
      url: REGISTRATION_URIS_PATH,
      headers: userName ? { cookie: sessions[userName]! } : {},
    });

  it('lists every address the IdP needs, each served by a route of the running host', async () => {
    const response = await get('root');
    expect(response.statusCode, response.body).to.equal(200);
    const list = response.json<RegistrationList>();
    expect(list.siteUrl).to.equal(SITE);
    expect(list.crm.map((u) => [u.key, u.uri, u.registrationField])).to.deep.equal([
      ['redirectUri', `${SITE}/oauth-callback`, 'redirect_uris'],
      ['redirectUriEspoCrm', `${SITE}/oauth-callback.php`, 'redirect_uris'],
      ['postLogoutRedirectUri', `${SITE}/oidc/logged-out`, 'post_logout_redirect_uris'],
      ['backchannelLogoutUri', `${SITE}/api/v1/backchannelLogout`, 'backchannel_logout_uri'],
      ['initiateLoginUri', `${SITE}/oidc/login`, 'initiate_login_uri'],
    ]);
    expect(list.crm.filter((u) => u.kind === 'redirect' && u.primary).map((u) => u.key)).to.deep.equal(['redirectUri']);
    // Each path is a route of this host (HEAD/GET or POST answers something other than 404).
    for (const uri of list.crm.filter((u) => u.key !== 'redirectUriEspoCrm')) {
      const path = new URL(uri.uri).pathname;
      const method = uri.kind === 'backchannelLogout' ? 'POST' : 'GET';
      const answer = await app.inject({ method, url: path });
      expect(answer.statusCode, `${method} ${path}`).not.to.equal(404);
    }
    expect(list.portals).to.have.length(1);
    expect(list.portals[0]).to.deep.include({ name: 'Customers', urlId: 'customers', providerId: 'p-1' });
    expect(list.portals[0]!.uris.map((u) => u.uri)).to.deep.equal([
      `${SITE}/portal/customers/oauth-callback`,
      `${SITE}/oidc/logged-out`,
      `${SITE}/portal/customers/backchannelLogout`,
      `${SITE}/portal/customers/oidc/login`,
    ]);
  });

  it('the EspoCRM form becomes the primary one when the setting says so', async () => {
    await host.config.set({ oidcRedirectUriPath: '/oauth-callback.php' });
    try {
      const list = (await get('root')).json<RegistrationList>();
      const primary = list.crm.filter((u) => u.kind === 'redirect' && u.primary).map((u) => u.key);
      expect(primary).to.deep.equal(['redirectUriEspoCrm']);
    } finally {
      await host.config.set({ oidcRedirectUriPath: null });
    }
  });

  it('portal registration URI follows oidcRedirectUriPath (the portal login sends /portal/<urlId>/oauth-callback.php)', async () => {
    await host.config.set({ oidcRedirectUriPath: '/oauth-callback.php' });
    try {
      const list = (await get('root')).json<RegistrationList>();
      const redirects = list.portals[0]!.uris.filter((u) => u.kind === 'redirect').map((u) => u.uri);
      expect(redirects).to.deep.equal([`${SITE}/portal/customers/oauth-callback.php`]);
    } finally {
      await host.config.set({ oidcRedirectUriPath: null });
    }
  });

  it('admins only', async () => {
    expect((await get()).statusCode).to.equal(401);
    expect((await get('jane')).statusCode).to.equal(403);
  });

  it('CLI: `crm-host oidc uris` prints the same list (and --json the same JSON as the API)', async () => {
    const command = host.container
      .getAll<CliCommand>(TYPES.CliCommand)
      .find((c) => c.group === 'oidc' && c.name === 'uris')!;
    const io = new CapturedIo();
    expect(await command.run([], io)).to.equal(0);
    const text = io.lines.join('\n');
    const api = (await get('root')).json<RegistrationList>();
    for (const uri of [...api.crm, ...api.portals.flatMap((p) => p.uris)]) expect(text).to.include(uri.uri);
    expect(text).to.include('Portal "Customers"');
    const json = new CapturedIo();
    expect(await command.run(['--json'], json)).to.equal(0);
    expect(JSON.parse(json.lines.join('\n'))).to.deep.equal(api);
    let usage: unknown;
    await command.run(['--nope'], new CapturedIo()).catch((e: unknown) => (usage = e));
    expect((usage as { code?: string }).code).to.equal('ERR_OIDC_URIS_USAGE');
  });
});
