import { TYPES, User, type CliCommand, type CliIo } from 'crm-host/sdk';
import { withHttp } from 'crm-host/internal/http/core-module';
import { buildHttpApp } from 'crm-host/internal/http/server';
import { hashPassword } from 'crm-host/internal/sessions/password';
import type { TestHost } from 'crm-host/testing';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { DISCOVERY_ROUTE_PATH } from '../../../src/oidc/client/index.js';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { nonLoopbackAddress } from '../../support/idp/network.js';
import type { OidcProviderIdp } from '../../support/idp/idp-api.js';
import { startOidcProvider } from '../../support/idp/oidc-provider-idp.js';
import { bootOidcHost } from '../../support/oidc-host.js';

const FAST_HASH = { N: 1024, r: 8, p: 1 };

interface Session {
  cookie: string;
  csrf: string;
}

class CapturedIo implements CliIo {
  readonly lines: string[] = [];
  readonly errors: string[] = [];
  out(line: string): void {
    this.lines.push(line);
  }
  err(line: string): void {
    this.errors.push(line);
  }
}

describe('oidc client: admin discovery route and `crm-host oidc discover`', function () {
  let op: FakeOp;
  let host: TestHost;
  let app: FastifyInstance;
  let admin: Session;
  let regular: Session;

  async function addUser(userName: string, type: 'admin' | 'regular'): Promise<void> {
    const em = host.persistence.em();
    em.persist(
      Object.assign(new User(), {
        userName,
        type,
        name: userName,
        passwordHash: await hashPassword('pw-123456', FAST_HASH),
      }),
    );
    await em.flush();
  }
  async function login(userName: string): Promise<Session> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName, password: 'pw-123456' },
    });
    if (response.statusCode !== 200)
      throw new Error(`test setup: login failed ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'crm_session')!.value;
    return { cookie, csrf: response.json<{ csrfToken: string }>().csrfToken };
  }
  const post = (session: Session | null, payload: unknown, csrf = true) =>
    app.inject({
      method: 'POST',
      url: DISCOVERY_ROUTE_PATH,
      payload: payload as Record<string, unknown>,
      headers: session
        ? { cookie: `crm_session=${session.cookie}`, ...(csrf ? { 'x-csrf-token': session.csrf } : {}) }
        : {},
    });
  const command = (): CliCommand =>
    host.container.getAll<CliCommand>(TYPES.CliCommand).find((c) => c.group === 'oidc' && c.name === 'discover')!;

  before(async function () {
    op = await startFakeOp({ issuerPath: '/realms/crm' });
    host = await bootOidcHost(withHttp({ siteUrl: 'http://127.0.0.1:8080' }));
    app = await buildHttpApp(host);
    await addUser('root', 'admin');
    await addUser('jane', 'regular');
    admin = await login('root');
    regular = await login('jane');
  });
  after(async function () {
    await app?.close();
    await host?.cleanup();
    await op?.stop();
  });
  beforeEach(async function () {
    op.reset();
    await host.config.set({
      oidcIssuer: null,
      oidcTokenEndpoint: null,
      oidcAuthorizationEndpoint: null,
      authenticationMethod: 'Password',
    });
  });

  it('answers the report for the given issuer and saves nothing', async function () {
    const response = await post(admin, { issuer: op.issuer });
    expect(response.statusCode, response.body).to.equal(200);
    const body = response.json<{
      values: Record<string, unknown>;
      changes: { setting: string }[];
      warnings: unknown[];
      metadata: Record<string, unknown>;
    }>();
    expect(body.values).to.include({
      oidcIssuer: op.issuer,
      oidcAuthorizationEndpoint: op.endpoints.authorization,
      oidcTokenEndpoint: op.endpoints.token,
      oidcUserInfoEndpoint: op.endpoints.userinfo,
      oidcJwksEndpoint: op.endpoints.jwks,
    });
    expect(body.changes.map((c) => c.setting)).to.include('oidcTokenEndpoint');
    expect(body.metadata).to.include({
      endSessionEndpoint: op.endpoints.endSession,
      authorizationResponseIssParameterSupported: true,
    });
    await host.config.refresh();
    expect(host.config.get('oidcTokenEndpoint') ?? null).to.equal(null, 'nothing saved');
  });

  it('uses the saved oidcIssuer when no issuer is given', async function () {
    await host.config.set({ oidcIssuer: op.issuer });
    const response = await post(admin, {});
    expect(response.statusCode, response.body).to.equal(200);
    expect(response.json<{ issuer: string }>().issuer).to.equal(op.issuer);
  });

  it('without an issuer at all: 400 ERR_OIDC_DISCOVERY_ISSUER_INVALID', async function () {
    const response = await post(admin, {});
    expect(response.statusCode).to.equal(400);
    expect(response.json<{ code: string }>().code).to.equal('ERR_OIDC_DISCOVERY_ISSUER_INVALID');
  });

  it('rp-discovery-issuer-not-matching-config: a mismatching issuer is refused (400, code, field for the form), never a 500', async function () {
    op.behave({ discovery: 'issuer-mismatch' });
    const response = await post(admin, { issuer: op.issuer });
    expect(response.statusCode).to.equal(400);
    const body = response.json<{ code: string; fields: Record<string, string> }>();
    expect(body.code).to.equal('ERR_OIDC_DISCOVERY_ISSUER_MISMATCH');
    // Both issuer values, so the admin sees what to type.
    expect(body.fields['oidcIssuer']).to.include('"https://example.com"').and.to.include(`"${op.issuer}"`);
  });

  describe('a plain-http issuer on a non-loopback address (real oidc-provider)', function () {
    let idp: OidcProviderIdp;
    before(async function () {
      const address = nonLoopbackAddress();
      if (address === null) {
        console.log('    (skipped: this machine has no non-loopback IPv4 address)');
        this.skip();
      }
      idp = await startOidcProvider({ host: address });
    });
    after(async () => {
      await idp?.stop();
    });
    beforeEach(async () => {
      await host.config.set({ oidcAllowHttp: false });
    });

    it("import-from-issuer-ignores-unsaved-plain-http: the form's ticked but unsaved box is used", async function () {
      const response = await post(admin, { issuer: idp.issuer, values: { oidcAllowHttp: true } });
      expect(response.statusCode, response.body).to.equal(200);
      expect(response.json<{ values: Record<string, unknown> }>().values).to.include({
        oidcIssuer: idp.issuer,
        oidcTokenEndpoint: idp.endpoints.token,
      });
      await host.config.refresh();
      expect(host.config.get('oidcAllowHttp')).to.equal(false, 'nothing saved');
    });

    it('with the box unticked the refusal names the setting (400, fields.oidcAllowHttp), never a bare 502', async function () {
      for (const values of [undefined, { oidcAllowHttp: false }]) {
        const response = await post(admin, { issuer: idp.issuer, values });
        expect(response.statusCode, response.body).to.equal(400);
        const body = response.json<{ code: string; message: string; fields: Record<string, string> }>();
        expect(body.code).to.equal('ERR_OIDC_DISCOVERY_INSECURE');
        expect(body.message).to.include('oidcAllowHttp');
        expect(body.fields).to.have.property('oidcAllowHttp');
      }
    });

    it('a saved box still counts when the form sends no value for it; a non-boolean value is refused', async function () {
      await host.config.set({ oidcAllowHttp: true });
      expect((await post(admin, { issuer: idp.issuer, values: {} })).statusCode).to.equal(200);
      const bad = await post(admin, { issuer: idp.issuer, values: { oidcAllowHttp: 'yes' } });
      expect(bad.statusCode).to.equal(400);
      expect(bad.json<{ fields: Record<string, string> }>().fields).to.have.property('oidcAllowHttp');
    });

    it('CLI: --allow-http reads it without saving', async function () {
      const io = new CapturedIo();
      expect(await command().run(['--issuer', idp.issuer], io)).to.equal(1);
      expect(io.errors.join('\n')).to.include('ERR_OIDC_DISCOVERY_INSECURE').and.to.include('oidcAllowHttp');
      const ok = new CapturedIo();
      expect(await command().run(['--issuer', idp.issuer, '--allow-http'], ok), ok.errors.join('\n')).to.equal(0);
      await host.config.refresh();
      expect(host.config.get('oidcAllowHttp')).to.equal(false);
    });
  });

  it('a slow IdP answers ERR_OIDC_DISCOVERY_TIMEOUT (504), an unreachable one ERR_OIDC_DISCOVERY_UNAVAILABLE (502)', async function () {
    op.behave({ discovery: 'unavailable' });
    const response = await post(admin, { issuer: op.issuer });
    expect(response.statusCode).to.equal(502);
    expect(response.json<{ code: string }>().code).to.equal('ERR_OIDC_DISCOVERY_UNAVAILABLE');
  });

  it('needs an admin session and the CSRF header', async function () {
    expect((await post(null, { issuer: op.issuer })).statusCode).to.equal(401);
    expect((await post(regular, { issuer: op.issuer })).statusCode).to.equal(403);
    expect((await post(admin, { issuer: op.issuer }, false)).statusCode).to.equal(403);
  });

  it('CLI: prints the report without saving', async function () {
    const io = new CapturedIo();
    expect(await command().run(['--issuer', op.issuer], io)).to.equal(0);
    const text = io.lines.join('\n');
    expect(text).to.include(`oidcTokenEndpoint = ${op.endpoints.token}  (changed)`);
    expect(text).to.include('Nothing saved');
    await host.config.refresh();
    expect(host.config.get('oidcTokenEndpoint') ?? null).to.equal(null);
  });

  it('CLI: --save writes the endpoints; --json prints the report as JSON', async function () {
    const io = new CapturedIo();
    expect(await command().run(['--issuer', op.issuer, '--save', '--json'], io)).to.equal(0);
    expect(JSON.parse(io.lines[0]!).values.oidcTokenEndpoint).to.equal(op.endpoints.token);
    await host.config.refresh();
    expect(host.config.get('oidcTokenEndpoint')).to.equal(op.endpoints.token);
    expect(host.config.get('oidcIssuer')).to.equal(op.issuer);
  });

  it('CLI: --save is refused (exit 1, nothing saved) when OIDC is active and the result would be invalid', async function () {
    await host.config.set({ authenticationMethod: 'Oidc', oidcClientId: null });
    const io = new CapturedIo();
    expect(await command().run(['--issuer', op.issuer, '--save'], io)).to.equal(1);
    expect(io.errors.join('\n')).to.include('ERR_OIDC_DISCOVERY_SAVE_REFUSED').and.include('oidcClientId');
    await host.config.refresh();
    expect(host.config.get('oidcTokenEndpoint') ?? null).to.equal(null);
  });

  it('CLI: a discovery failure exits 1 with the code; bad arguments throw a usage error', async function () {
    op.behave({ discovery: 'unavailable' });
    const io = new CapturedIo();
    expect(await command().run(['--issuer', op.issuer], io)).to.equal(1);
    expect(io.errors[0]).to.match(/^ERR_OIDC_DISCOVERY_UNAVAILABLE: /);
    let thrown: unknown;
    try {
      await command().run(['--bogus'], new CapturedIo());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.have.property('code', 'ERR_OIDC_CLI_USAGE');
  });
});
