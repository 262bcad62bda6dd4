import { expect } from 'chai';
import { forEachDatabase } from '../../src/testing/index.js';
import { as, createUser, login, startFixture, type Fixture, type Session } from './support/http-fixture.js';

forEachDatabase('http: Metadata, I18n, AuthLogRecord and Team routes', (db) => {
  let fx: Fixture;
  let admin: Session;
  let alice: Session;

  beforeEach(async () => {
    fx = await startFixture({
      databaseUrl: await db.createUrl(),
      metadata: {
        app: {
          metadata: {
            frontendHiddenPaths: [
              '__APPEND__',
              'authenticationMethods.__ANY__.implementationClassName',
              ['secretArea'],
            ],
          },
        },
        secretArea: { x: { y: 1 } },
        authenticationMethods: { Password: { implementationClassName: 'Server.Only' } },
      },
    });
    await createUser(fx.host, 'root', 'root-pass-1', 'admin', ['Zeta', 'Alpha']);
    await createUser(fx.host, 'alice', 'alice-pass-1', 'regular', ['Beta']);
    admin = await login(fx.app, 'root', 'root-pass-1');
    fx.host.clock.advance(1000);
    alice = await login(fx.app, 'alice', 'alice-pass-1');
  });
  afterEach(() => fx.close());

  it('serves merged metadata without the frontend-hidden paths', async () => {
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/Metadata', headers: as(alice, false) });
    expect(response.statusCode).to.equal(200);
    const body = response.json();
    expect(body.entityDefs.Settings.fields).to.have.property('authenticationMethod');
    expect(body.authenticationMethods.Password.settings.isAvailable).to.equal(true);
    expect(body.authenticationMethods.Password).to.not.have.property('implementationClassName');
    expect(body).to.not.have.property('secretArea');
    expect(body.app).to.not.have.property('config');
    // the cached tree is untouched
    expect(fx.host.metadata.get(['authenticationMethods', 'Password', 'implementationClassName'])).to.equal(
      'Server.Only',
    );
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/Metadata' })).statusCode).to.equal(401);
  });

  it('serves i18n publicly; refuses a malformed language', async () => {
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/I18n?language=en_US' });
    expect(response.statusCode).to.equal(200);
    expect(response.json().data.Settings.fields.authenticationMethod).to.equal('Authentication method');
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/I18n?language=../../x' })).statusCode).to.equal(400);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/I18n?language=xx_YY' })).json().language).to.equal(
      'en_US',
    );
  });

  it('lists the auth log newest first with paging, for admins only', async () => {
    fx.host.clock.advance(1000);
    await fx.app.inject({ method: 'POST', url: '/api/v1/App/login', payload: { userName: 'root', password: 'wrong' } });
    const page = await fx.app.inject({
      method: 'GET',
      url: '/api/v1/AuthLogRecord?maxSize=2',
      headers: as(admin, false),
    });
    const body = page.json();
    expect(body.total).to.equal(3);
    expect(
      body.list.map(
        (r: { userName: string; reasonCode: string | null; result: string }) =>
          `${r.userName}:${r.result}:${r.reasonCode}`,
      ),
    ).to.deep.equal(['root:failure:ERR_PASSWORD_INVALID', 'alice:success:null']);
    const next = await fx.app.inject({
      method: 'GET',
      url: '/api/v1/AuthLogRecord?maxSize=2&offset=2',
      headers: as(admin, false),
    });
    expect(next.json().list.map((r: { userName: string }) => r.userName)).to.deep.equal(['root']);
    expect(
      (await fx.app.inject({ method: 'GET', url: '/api/v1/AuthLogRecord?offset=-1', headers: as(admin, false) }))
        .statusCode,
    ).to.equal(400);
    expect(
      (await fx.app.inject({ method: 'GET', url: '/api/v1/AuthLogRecord', headers: as(alice, false) })).statusCode,
    ).to.equal(403);
  });

  it('lists teams by name, for admins only', async () => {
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/Team', headers: as(admin, false) });
    expect(response.json().list.map((t: { name: string }) => t.name)).to.deep.equal(['Alpha', 'Beta', 'Zeta']);
    expect(
      (await fx.app.inject({ method: 'GET', url: '/api/v1/Team', headers: as(alice, false) })).statusCode,
    ).to.equal(403);
  });
});
