import { expect } from 'chai';
import { forEachDatabase } from '../../src/testing/index.js';
import type { SettingsValidator } from '../../sdk/settings.js';
import { TYPES } from '../../sdk/tokens.js';
import { as, createUser, login, startFixture, type Fixture, type Session } from '../http/support/http-fixture.js';

/** An authentication method like the OIDC one, declared only through metadata. */
const METADATA = {
  entityDefs: {
    Settings: {
      fields: {
        ssoClientId: { type: 'varchar', maxLength: 100 },
        ssoClientSecret: { type: 'password' },
        ssoFallback: { type: 'bool', default: true },
        ssoAllowRegularFallback: { type: 'bool', default: false },
        ssoRedirectUri: {
          type: 'url',
          readOnly: true,
          notStorable: true,
          valueTemplate: '{siteUrl}/sso/{ssoClientId}',
        },
        ssoScopes: { type: 'multiEnum', options: ['openid', 'email'], allowCustomOptions: true, default: ['openid'] },
        ssoLeeway: { type: 'int', min: 0, max: 300, default: 60 },
      },
    },
  },
  authenticationMethods: {
    Sso: {
      settings: {
        isAvailable: true,
        layout: [['ssoClientId', 'ssoClientSecret']],
        dynamicLogic: {
          fields: {
            ssoClientId: {
              required: { conditionGroup: [{ type: 'equals', attribute: 'authenticationMethod', value: 'Sso' }] },
            },
            ssoAllowRegularFallback: {
              invalid: {
                conditionGroup: [
                  { type: 'isTrue', attribute: 'ssoAllowRegularFallback' },
                  { type: 'isFalse', attribute: 'ssoFallback' },
                ],
                message: 'ssoRegularFallbackNeedsFallback',
              },
            },
          },
        },
      },
    },
  },
  app: { config: { ssoClientSecret: { level: 'secret' } } },
};

const I18N = { en_US: { Settings: { messages: { ssoRegularFallbackNeedsFallback: 'Allow the fallback first.' } } } };

forEachDatabase('settings API (GET/PATCH /api/v1/Settings)', (db) => {
  let fx: Fixture;
  let admin: Session;
  let validatorAnswer: Record<string, string> | null;

  beforeEach(async () => {
    validatorAnswer = null;
    fx = await startFixture({
      databaseUrl: await db.createUrl(),
      metadata: METADATA,
      i18n: I18N,
      before: (host) => {
        host.container
          .bind<SettingsValidator>(TYPES.SettingsValidator)
          .toConstantValue({ validate: () => validatorAnswer });
      },
    });
    await createUser(fx.host, 'root', 'root-pass-1', 'admin');
    await createUser(fx.host, 'alice', 'alice-pass-1', 'regular');
    admin = await login(fx.app, 'root', 'root-pass-1');
  });
  afterEach(() => fx.close());

  function patch(body: unknown, session: Session = admin) {
    return fx.app.inject({ method: 'PATCH', url: '/api/v1/Settings', headers: as(session), payload: body as object });
  }

  /** Proves "nothing saved": the config store had no write and holds exactly what it held before. */
  async function expectRefused(body: unknown, fields: string[]): Promise<Record<string, string>> {
    const before = await fx.host.configRows();
    const response = await patch(body);
    expect(response.statusCode, response.body).to.equal(400);
    const json = response.json();
    expect(json.code).to.equal('ERR_SETTINGS_INVALID');
    expect(Object.keys(json.fields).sort()).to.deep.equal([...fields].sort());
    expect(await fx.host.configRows()).to.equal(before);
    return json.fields;
  }

  it('saves a valid change and reads it back; defaults fill unset fields', async () => {
    const response = await patch({ ssoClientId: 'crm', ssoLeeway: 30, authTokenMaxIdleTime: '2 hours' });
    expect(response.statusCode, response.body).to.equal(200);
    expect(fx.host.config.get('ssoClientId')).to.equal('crm');
    const view = (await fx.app.inject({ method: 'GET', url: '/api/v1/Settings', headers: as(admin, false) })).json();
    expect(view.values).to.include({
      ssoClientId: 'crm',
      ssoLeeway: 30,
      authTokenMaxIdleTime: '2 hours',
      authenticationMethod: 'Password',
    });
    expect(view.values.ssoScopes).to.deep.equal(['openid']);
    expect(view.levels.ssoClientSecret).to.equal('secret');
  });

  it('refuses an unknown field with a per-field message, nothing saved', async () => {
    const fields = await expectRefused({ ssoClientId: 'ok', bogus: 1 }, ['bogus']);
    expect(fields.bogus).to.equal('Unknown field.');
  });

  it('refuses wrong types per field, nothing saved', async () => {
    const fields = await expectRefused(
      { ssoClientId: 42, ssoLeeway: 301, ssoFallback: 'yes', siteUrl: 'ftp://x', authTokenLifetime: 'forever' },
      ['ssoClientId', 'ssoLeeway', 'ssoFallback', 'siteUrl', 'authTokenLifetime'],
    );
    expect(fields.ssoLeeway).to.match(/300/);
    expect(fields.siteUrl).to.match(/URL/);
  });

  it('refuses a read-only field, nothing saved', async () => {
    const fields = await expectRefused({ ssoRedirectUri: 'https://evil.example/cb' }, ['ssoRedirectUri']);
    expect(fields.ssoRedirectUri).to.equal('This field is read-only.');
  });

  it('refuses a method that is not available', async () => {
    await expectRefused({ authenticationMethod: 'Nope' }, ['authenticationMethod']);
  });

  it('applies dynamic logic "required" against the values after the change', async () => {
    const fields = await expectRefused({ authenticationMethod: 'Sso' }, ['ssoClientId']);
    expect(fields.ssoClientId).to.equal('This field is required.');
    expect((await patch({ authenticationMethod: 'Sso', ssoClientId: 'crm' })).statusCode).to.equal(200);
    // Clearing the required field later is refused as well.
    await expectRefused({ ssoClientId: '' }, ['ssoClientId']);
  });

  it('applies dynamic logic "invalid" with the metadata message', async () => {
    const fields = await expectRefused({ ssoFallback: false, ssoAllowRegularFallback: true }, [
      'ssoAllowRegularFallback',
    ]);
    expect(fields.ssoAllowRegularFallback).to.equal('Allow the fallback first.');
  });

  it('asks every SettingsValidator and refuses with its fields, nothing saved', async () => {
    validatorAnswer = { ssoClientId: 'Not this one.' };
    const fields = await expectRefused({ ssoClientId: 'crm' }, ['ssoClientId']);
    expect(fields.ssoClientId).to.equal('Not this one.');
  });

  it('never returns a secret: only whether it is set', async () => {
    expect((await patch({ ssoClientSecret: 's3cr3t-value' })).statusCode).to.equal(200);
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/Settings', headers: as(admin, false) });
    expect(response.body).to.not.contain('s3cr3t-value');
    expect(response.json().values.ssoClientSecret).to.deep.equal({ isSet: true });
    expect(response.json().values).to.not.have.property('csrfSecret');
    const afterPatch = await patch({ ssoClientId: 'x' });
    expect(afterPatch.body).to.not.contain('s3cr3t-value');
    // null clears it
    expect((await patch({ ssoClientSecret: null })).json().values.ssoClientSecret).to.deep.equal({ isSet: false });
    expect(fx.host.config.has('ssoClientSecret')).to.equal(false);
  });

  it('refuses regular users and anonymous callers', async () => {
    const alice = await login(fx.app, 'alice', 'alice-pass-1');
    const get = await fx.app.inject({ method: 'GET', url: '/api/v1/Settings', headers: as(alice, false) });
    expect(get.statusCode).to.equal(403);
    expect(get.json().code).to.equal('ERR_FORBIDDEN');
    const before = await fx.host.configRows();
    expect((await patch({ ssoClientId: 'x' }, alice)).statusCode).to.equal(403);
    expect(await fx.host.configRows()).to.equal(before);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/Settings' })).statusCode).to.equal(401);
  });

  it('refuses a PATCH without the CSRF header', async () => {
    const response = await fx.app.inject({
      method: 'PATCH',
      url: '/api/v1/Settings',
      headers: as(admin, false),
      payload: { ssoClientId: 'x' },
    });
    expect(response.statusCode).to.equal(403);
    expect(fx.host.config.has('ssoClientId')).to.equal(false);
  });

  it('refuses a body that is not an object, and broken JSON, without echoing it', async () => {
    await expectRefused([1, 2], []);
    const broken = await fx.app.inject({
      method: 'PATCH',
      url: '/api/v1/Settings',
      headers: { ...as(admin), 'content-type': 'application/json' },
      payload: '{"ssoClientSecret": "hunter2-secret',
    });
    expect(broken.statusCode).to.equal(400);
    expect(broken.json().code).to.equal('ERR_BAD_REQUEST');
    expect(broken.body).to.not.contain('hunter2');
  });

  it('shows a computed read-only value from its valueTemplate (site URL and other settings)', async () => {
    // http: an https site URL renames the session cookie (__Host-crm_session), which this session predates
    await patch({ siteUrl: 'http://crm.example.com/', ssoClientId: 'crm' });
    const view = (await fx.app.inject({ method: 'GET', url: '/api/v1/Settings', headers: as(admin, false) })).json();
    expect(view.values?.ssoRedirectUri, JSON.stringify(view)).to.equal('http://crm.example.com/sso/crm');
  });
});
