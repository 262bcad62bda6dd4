import { expect } from 'chai';
import { TYPES, type AuthTokenManager, type Persistence, User } from 'crm-host/sdk';
import { createTempInstance, forEachDatabase, type TempInstance } from 'crm-host/testing';
import { withHttp } from 'crm-host/internal/http/core-module';
import type { AuthenticationProviderService } from '../../../src/providers/provider-service.js';
import { PROVIDER_TYPES } from '../../../src/providers/tokens.js';
import type { OidcSettingsSource } from '../../../src/oidc/settings-source.js';
import { OIDC_TYPES } from '../../../src/oidc/tokens.js';
import type { TestLoginDraftStore } from '../../../src/oidc/test-login/drafts.js';
import { TEST_LOGIN_TYPES } from '../../../src/oidc/test-login/tokens.js';
import { bootOidcHost } from '../../support/oidc-host.js';

const CLIENT_SECRET = 'client-secret-AAAA-0123456789-never-in-a-dump';
const PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-private-key-never-in-a-dump\n-----END PRIVATE KEY-----';
const DRAFT_SECRET = 'draft-secret-BBBB-0123456789-never-in-a-dump';
const PROVIDER_SECRET = 'provider-secret-CCCC-0123456789-never-in-a-dump';
const ID_TOKEN =
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsIm5ldmVyIjoiaW4tYS1kdW1wIn0.c2lnbmF0dXJlLW5ldmVyLWluLWEtZHVtcA';
const SECRETS = [
  CLIENT_SECRET,
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
  DRAFT_SECRET,
  PROVIDER_SECRET,
  ID_TOKEN,
  'c2lnbmF0dXJlLW5ldmVyLWluLWEtZHVtcA',
];
const ISSUER = 'https://idp.example.com/realms/portal';

/** Every row of every table as text: what `mysqldump` or `sqlite3 .dump` would show. */
async function dump(persistence: Persistence): Promise<string> {
  const knex = persistence.knex();
  const tables =
    persistence.platform === 'mysql'
      ? ((await knex.raw('show tables')) as [Array<Record<string, string>>])[0].map((row) => Object.values(row)[0]!)
      : ((await knex.raw("select name from sqlite_master where type = 'table'")) as Array<{ name: string }>).map(
          (row) => row.name,
        );
  expect(tables).to.include.members([
    'config',
    'auth_tokens',
    'oidc_test_login_drafts',
    'oidc_authentication_providers',
  ]);
  const parts: string[] = [];
  for (const table of tables) parts.push(`${table}: ${JSON.stringify(await knex(table).select('*'))}`);
  return parts.join('\n');
}

/** Issue 12 row "Secrets at rest in clear": client secret, private key, test-login drafts, ID tokens. */
forEachDatabase('secrets: secrets-at-rest-in-clear (a database dump reveals no secret)', (db) => {
  let instance: TempInstance;
  let databaseUrl: string;

  before(async function () {
    this.timeout(60_000);
    instance = await createTempInstance('secrets-');
    databaseUrl = await db.createUrl();
  });
  after(async () => instance?.cleanup());

  it('seals the client secret, private key, drafts, provider secrets and session ID tokens; each still reads back', async function () {
    this.timeout(60_000);
    const host = await bootOidcHost(withHttp({ instance, databaseUrl }));
    try {
      await host.config.set({ oidcClientSecret: CLIENT_SECRET, oidcClientPrivateKey: PRIVATE_KEY });
      const drafts = host.container.get<TestLoginDraftStore>(TEST_LOGIN_TYPES.DraftStore);
      const draft = await drafts.create({
        origin: 'cli',
        adminId: null,
        adminUserName: null,
        values: { oidcClientSecret: DRAFT_SECRET, oidcClientId: 'crm' },
        fingerprint: 'f'.repeat(64),
      });
      const providers = host.container.get<AuthenticationProviderService>(PROVIDER_TYPES.ProviderService);
      const provider = await providers.create({
        name: 'Partner IdP',
        oidcClientId: 'partner-portal',
        oidcClientSecret: PROVIDER_SECRET,
        oidcIssuer: ISSUER,
        oidcAuthorizationEndpoint: `${ISSUER}/auth`,
        oidcTokenEndpoint: `${ISSUER}/token`,
        oidcJwksEndpoint: `${ISSUER}/certs`,
      });
      const em = host.persistence.em();
      const alice = Object.assign(new User(), { userName: 'alice', name: 'Alice', type: 'regular' });
      await em.persistAndFlush(alice);
      const sessions = host.container.get<AuthTokenManager>(TYPES.AuthTokenManager);
      const { session } = await sessions.create({
        userId: alice.id,
        method: 'Oidc',
        idp: { issuer: ISSUER, sub: 'alice', idToken: ID_TOKEN },
      });

      const text = await dump(host.persistence);
      for (const secret of SECRETS) expect(text, `the dump shows ${secret.slice(0, 20)}...`).to.not.contain(secret);
      expect(text).to.match(/enc:v1:k[0-9a-f]{8}:/);

      // ...and the product still reads every one of them.
      expect(host.config.get('oidcClientSecret')).to.equal(CLIENT_SECRET);
      expect(host.config.get('oidcClientPrivateKey')).to.equal(PRIVATE_KEY);
      expect((await drafts.get(draft.id))?.values['oidcClientSecret']).to.equal(DRAFT_SECRET);
      expect(await sessions.idTokenOf(session.id)).to.equal(ID_TOKEN);
      const settings = await host.container
        .get<OidcSettingsSource>(OIDC_TYPES.SavedSettingsSource)
        .read(provider.id as string, { portalUrlId: null });
      expect(settings.clientSecret).to.equal(PROVIDER_SECRET);
      expect(provider['oidcClientSecret']).to.deep.equal({ isSet: true });
    } finally {
      await host.cleanup();
    }
  });

  it('seals secrets written in clear before encryption existed at the next boot', async function () {
    this.timeout(60_000);
    let host = await bootOidcHost(withHttp({ instance, databaseUrl }));
    try {
      await host.persistence
        .knex()('config')
        .where({ key: 'oidcClientSecret' })
        .update({ value: JSON.stringify('legacy-plain-secret-0123456789') });
    } finally {
      await host.cleanup();
    }
    host = await bootOidcHost(withHttp({ instance, databaseUrl }));
    try {
      const row = (await host.persistence.knex()('config').where({ key: 'oidcClientSecret' }).first()) as {
        value: string;
      };
      expect(row.value)
        .to.match(/^"enc:v1:/)
        .and.not.contain('legacy-plain-secret');
      expect(host.config.get('oidcClientSecret')).to.equal('legacy-plain-secret-0123456789');
    } finally {
      await host.cleanup();
    }
  });
});
