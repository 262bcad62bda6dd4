import { expect } from 'chai';
import { createUser, startFixture, type Fixture } from './support/http-fixture.js';

/** Issue 12, row "No HSTS and no __Host- cookie prefix when the site URL is https". */
describe('http: no-hsts-no-host-prefix-on-https (https site URL)', () => {
  let fx: Fixture;

  beforeEach(async () => {
    fx = await startFixture();
    await createUser(fx.host, 'alice', 'alice-pass-1');
  });
  afterEach(() => fx.close());

  async function signIn() {
    return fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName: 'alice', password: 'alice-pass-1' },
    });
  }

  it('https: Strict-Transport-Security on pages and API answers; __Host-crm_session, Secure, Path=/', async () => {
    await fx.host.config.set({ siteUrl: 'https://crm.example.com' });
    const response = await signIn();
    expect(response.statusCode).to.equal(200);
    expect(response.headers['strict-transport-security']).to.equal('max-age=31536000');
    const cookie = response.cookies.find((c) => c.name === '__Host-crm_session');
    expect(cookie).to.include({ secure: true, path: '/', httpOnly: true });
    expect(cookie).to.not.have.property('domain');
    const page = await fx.app.inject({ method: 'GET', url: '/' });
    expect(page.headers['strict-transport-security']).to.equal('max-age=31536000');

    const me = await fx.app.inject({
      method: 'GET',
      url: '/api/v1/App/user',
      headers: { cookie: `__Host-crm_session=${cookie!.value}` },
    });
    expect(me.statusCode).to.equal(200);
    expect(me.json().user.userName).to.equal('alice');
  });

  it('https: an unprefixed crm_session cookie (planted by another origin) is not a session', async () => {
    await fx.host.config.set({ siteUrl: 'https://crm.example.com' });
    const token = (await signIn()).cookies.find((c) => c.name === '__Host-crm_session')!.value;
    const me = await fx.app.inject({
      method: 'GET',
      url: '/api/v1/App/user',
      headers: { cookie: `crm_session=${token}` },
    });
    expect(me.statusCode).to.equal(401);
  });

  it('https: sign-out clears the prefixed cookie', async () => {
    await fx.host.config.set({ siteUrl: 'https://crm.example.com' });
    const login = await signIn();
    const token = login.cookies.find((c) => c.name === '__Host-crm_session')!.value;
    const out = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/destroyAuthToken',
      headers: { cookie: `__Host-crm_session=${token}`, 'x-csrf-token': login.json().csrfToken },
    });
    expect(out.statusCode).to.equal(200);
    const cleared = out.cookies.find((c) => c.name === '__Host-crm_session');
    expect(cleared?.value).to.equal('');
  });

  it('hstsMaxAge tunes the header; 0 turns it off', async () => {
    await fx.host.config.set({ siteUrl: 'https://crm.example.com', hstsMaxAge: 600 });
    expect((await fx.app.inject({ method: 'GET', url: '/' })).headers['strict-transport-security']).to.equal(
      'max-age=600',
    );
    await fx.host.config.set({ hstsMaxAge: 0 });
    expect((await fx.app.inject({ method: 'GET', url: '/' })).headers).to.not.have.property(
      'strict-transport-security',
    );
  });

  it('plain http: no HSTS, cookie name unprefixed and not Secure', async () => {
    const response = await signIn();
    expect(response.headers).to.not.have.property('strict-transport-security');
    expect(response.cookies.find((c) => c.name === 'crm_session')?.secure).to.not.equal(true);
  });
});
