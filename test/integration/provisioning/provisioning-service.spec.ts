import { expect } from 'chai';
import sinon from 'sinon';
import { Portal, PortalUser, Team, TeamMembership, User, type UserType } from 'crm-host/sdk';
import { forEachDatabase, type TestHost } from 'crm-host/testing';
import { IdentityLink } from '../../../src/provisioning/entities/IdentityLink.js';
import { ProvisioningError } from '../../../src/provisioning/errors.js';
import type { ProvisioningService } from '../../../src/provisioning/provisioning-service.js';
import type { ProvisioningRequest, ProvisioningSettings } from '../../../src/provisioning/types.js';
import { provisioningSettings } from './support/settings.js';
import { bootProvisioningHost, clearTables, createTeams, PROVISIONING_TABLES } from './support/provisioning-host.js';

const ISSUER = 'https://idp.example.com';

const base = provisioningSettings({ sync: false, syncTeams: false });

forEachDatabase('provisioning/service: find, link, create, sync', (db) => {
  let host: TestHost;
  let service: ProvisioningService;

  before(async function () {
    this.timeout(60_000);
    ({ host, service } = await bootProvisioningHost(db));
  });
  after(async () => host?.cleanup());

  beforeEach(async () => {
    await clearTables(host, ['portal_users', 'portals', ...PROVISIONING_TABLES]);
    await createTeams(host, 'Sales', 'support', 'ops', 'Hand-picked');
  });

  const provision = (
    claims: Record<string, unknown>,
    settings: Partial<ProvisioningSettings> = {},
    more: Partial<ProvisioningRequest> = {},
  ) => service.provision({ claims, issuer: ISSUER, settings: { ...base, ...settings }, ...more });

  async function denial(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      expect(error).to.be.instanceOf(ProvisioningError);
      return (error as ProvisioningError).code;
    }
    throw new Error('expected a ProvisioningError');
  }

  async function seedUser(userName: string, fields: Partial<User> = {}, type: UserType = 'regular'): Promise<string> {
    return host.persistence.transactional(async (em) => {
      const user = Object.assign(new User(), { userName, type, ...fields });
      em.persist(user);
      return user.id;
    });
  }

  async function teamsOf(userId: string): Promise<Record<string, string>> {
    const em = host.persistence.em();
    const rows = await em.find(TeamMembership, { user: userId }, { populate: ['team'] });
    return Object.fromEntries(rows.map((m) => [(m.team as Team).name, m.source]));
  }

  const count = (entity: typeof User | typeof IdentityLink) => host.persistence.em().count(entity, {});

  const alice = {
    sub: 'sub-alice',
    preferred_username: 'Alice',
    name: 'Alice Liddell',
    given_name: 'Alice',
    family_name: 'Liddell',
    email: 'alice@example.com',
    groups: ['sales', 'crm-support', 'crm-nonexistent', 'unmapped'],
  };

  it('first login creates the user, its link and its mapped teams in one go (no password)', async () => {
    const outcome = await provision(alice);
    expect(outcome).to.deep.include({ action: 'created', matchedBy: 'none', userName: 'alice', dryRun: false });
    expect(outcome.teamsAdded).to.deep.equal(['Sales', 'support']);
    expect(outcome.warnings.map((w) => w.code)).to.deep.equal(['WARN_OIDC_TEAM_UNKNOWN']);
    const user = await host.persistence.em().findOneOrFail(User, { id: outcome.userId as string });
    expect(user).to.deep.include({
      userName: 'alice',
      name: 'Alice Liddell',
      firstName: 'Alice',
      lastName: 'Liddell',
      emailAddress: 'alice@example.com',
      type: 'regular',
      isActive: true,
      passwordHash: null,
    });
    expect(await teamsOf(user.id)).to.deep.equal({ Sales: 'oidc', support: 'oidc' });
    const link = await host.persistence.em().findOneOrFail(IdentityLink, { sub: 'sub-alice' });
    expect(link).to.deep.include({ issuer: ISSUER, providerId: null, providerKey: '' });
    expect(host.logs.join('\n')).not.to.contain('Alice Liddell');
  });

  it('regression, EspoCRM matched users by a mutable claim: the second login finds the user by its link after the username claim changed', async () => {
    const first = await provision(alice);
    const again = await provision({ ...alice, preferred_username: 'someone-else' });
    expect(again).to.deep.include({ action: 'existing', matchedBy: 'link', userId: first.userId, userName: 'alice' });
    expect(await count(User)).to.equal(1);
  });

  it('regression, EspoCRM #3638 (sync wiped fields of absent claims): oidcSync updates present claims only', async () => {
    const first = await provision({ ...alice, phone_number: '+1 555' });
    const outcome = await provision(
      { sub: 'sub-alice', preferred_username: 'alice', given_name: 'Alicia', email: null },
      { sync: true },
    );
    expect(outcome.fieldsChanged).to.deep.equal(['firstName']);
    const user = await host.persistence.em().findOneOrFail(User, { id: first.userId as string });
    expect(user).to.deep.include({
      firstName: 'Alicia',
      lastName: 'Liddell',
      emailAddress: 'alice@example.com',
      phoneNumber: '+1 555',
    });
    await provision({ sub: 'sub-alice', email: null }, { sync: true, syncClearOnNull: true });
    expect((await host.persistence.em().findOneOrFail(User, { id: first.userId as string })).emailAddress).to.equal(
      null,
    );
  });

  it('without oidcSync, an existing user is not changed', async () => {
    const first = await provision(alice);
    const outcome = await provision({ ...alice, given_name: 'Changed', groups: ['crm-ops'] });
    expect(outcome.fieldsChanged).to.deep.equal([]);
    expect(outcome.teamsAdded).to.deep.equal([]);
    expect(outcome.warnings).to.deep.equal([]);
    expect(await teamsOf(first.userId as string)).to.deep.equal({ Sales: 'oidc', support: 'oidc' });
  });

  it('regression, EspoCRM team sync replaced hand-assigned teams: oidcSyncTeams adds and removes oidc teams, keeps manual ones', async () => {
    const first = await provision(alice);
    const userId = first.userId as string;
    await host.persistence.transactional(async (em) => {
      const team = await em.findOneOrFail(Team, { name: 'Hand-picked' });
      em.persist(em.create(TeamMembership, { user: userId, team, source: 'manual', createdAt: new Date() }));
    });
    const outcome = await provision({ ...alice, groups: ['crm-ops'] }, { syncTeams: true });
    expect(outcome.teamsAdded).to.deep.equal(['ops']);
    expect(outcome.teamsRemoved).to.deep.equal(['Sales', 'support']);
    expect(await teamsOf(userId)).to.deep.equal({ ops: 'oidc', 'Hand-picked': 'manual' });
  });

  it('Entra overage leaves the teams unchanged even with oidcSyncTeams', async () => {
    const first = await provision(alice);
    const entra = {
      sub: 'sub-alice',
      preferred_username: 'alice',
      _claim_names: { groups: 'src1' },
      _claim_sources: { src1: { endpoint: 'https://graph.example' } },
    };
    const outcome = await provision(entra, { syncTeams: true });
    expect(outcome.teamsRemoved).to.deep.equal([]);
    expect(outcome.warnings.map((w) => w.code)).to.include('WARN_OIDC_GROUPS_OVERAGE');
    expect(await teamsOf(first.userId as string)).to.deep.equal({ Sales: 'oidc', support: 'oidc' });
    expect(host.logs.join('\n')).to.contain('WARN_OIDC_GROUPS_OVERAGE');
  });

  it('without oidcCreateUser, an unknown person is denied and nothing is written', async () => {
    expect(await denial(provision(alice, { createUser: false }))).to.equal('ERR_OIDC_USER_NOT_FOUND');
    expect(await count(User)).to.equal(0);
    expect(await count(IdentityLink)).to.equal(0);
  });

  it('links an existing unlinked user with the same (normalized) user name', async () => {
    const id = await seedUser('alice');
    const outcome = await provision(alice, { createUser: false });
    expect(outcome).to.deep.include({ action: 'linked', matchedBy: 'username', userId: id });
    expect(await count(IdentityLink)).to.equal(1);
  });

  it('F-06: a user name that belongs to a user linked to another identity is denied (no merge)', async () => {
    await provision(alice);
    const impostor = { ...alice, sub: 'sub-other' };
    expect(await denial(provision(impostor))).to.equal('ERR_OIDC_USERNAME_TAKEN');
    expect(await count(User)).to.equal(1);
  });

  it('denies claims that cannot give a user name, with the reason code', async () => {
    expect(await denial(provision({ sub: 's1' }))).to.equal('ERR_OIDC_USERNAME_CLAIM_MISSING');
    expect(await denial(provision({ sub: 's1', preferred_username: 7 }))).to.equal('ERR_OIDC_USERNAME_NOT_STRING');
    expect(await denial(provision({ preferred_username: 'x' }))).to.equal('ERR_OIDC_SUBJECT_INVALID');
    expect(await denial(provision({ sub: 's'.repeat(256), preferred_username: 'x' }))).to.equal(
      'ERR_OIDC_SUBJECT_INVALID',
    );
    expect(await denial(provision({ sub: 42, preferred_username: 'x' }))).to.equal('ERR_OIDC_SUBJECT_INVALID');
  });

  it('F-06: a new sub with the verified email of an already-linked account is not linked to it', async () => {
    const linked = await provision(alice);
    const other = {
      sub: 'sub-mallory',
      preferred_username: 'mallory',
      email: 'alice@example.com',
      email_verified: true,
    };
    const outcome = await provision(other, { linkByEmail: true });
    expect(outcome).to.deep.include({ action: 'created', userName: 'mallory' });
    expect(outcome.userId).not.to.equal(linked.userId);
    expect(
      await denial(
        provision({ ...other, sub: 'sub-eve', preferred_username: 'eve' }, { linkByEmail: true, createUser: false }),
      ),
    ).to.equal('ERR_OIDC_USER_NOT_FOUND');
  });

  describe('link by email', () => {
    it('is off by default: a matching email does not link', async () => {
      await seedUser('a.liddell', { emailAddress: 'Alice@Example.com' });
      expect(await denial(provision(alice, { createUser: false }))).to.equal('ERR_OIDC_USER_NOT_FOUND');
    });

    it('links the single unlinked user with that email when on and email_verified is true', async () => {
      const id = await seedUser('a.liddell', { emailAddress: 'Alice@Example.com' });
      const outcome = await provision({ ...alice, email_verified: true }, { createUser: false, linkByEmail: true });
      expect(outcome).to.deep.include({ action: 'linked', matchedBy: 'email', userId: id, userName: 'a.liddell' });
    });

    it('ignores email_verified that is not the boolean true', async () => {
      await seedUser('a.liddell', { emailAddress: 'alice@example.com' });
      for (const verified of ['true', 1, undefined]) {
        expect(
          await denial(provision({ ...alice, email_verified: verified }, { createUser: false, linkByEmail: true })),
          String(verified),
        ).to.equal('ERR_OIDC_USER_NOT_FOUND');
      }
    });

    it('denies when several unlinked users share the email', async () => {
      await seedUser('a1', { emailAddress: 'alice@example.com' });
      await seedUser('a2', { emailAddress: 'alice@example.com' });
      expect(await denial(provision({ ...alice, email_verified: true }, { linkByEmail: true }))).to.equal(
        'ERR_OIDC_EMAIL_AMBIGUOUS',
      );
    });
  });

  describe('who may sign in', () => {
    it('denies an inactive user', async () => {
      await seedUser('alice', { isActive: false });
      expect(await denial(provision(alice))).to.equal('ERR_OIDC_USER_INACTIVE');
    });

    it('regression, EspoCRM #3030 (admin refused, then a duplicate attempted: 500): admins are denied cleanly unless oidcAllowAdminUser', async () => {
      await seedUser('alice', {}, 'admin');
      expect(await denial(provision(alice))).to.equal('ERR_OIDC_ADMIN_NOT_ALLOWED');
      expect(await count(IdentityLink)).to.equal(0);
      expect(await provision(alice, { allowAdminUser: true })).to.deep.include({ action: 'linked' });
    });

    it('denies portal and API users', async () => {
      await seedUser('alice', {}, 'portal');
      await seedUser('bob', {}, 'api');
      expect(await denial(provision(alice))).to.equal('ERR_OIDC_USER_TYPE_NOT_ALLOWED');
      expect(await denial(provision({ sub: 'b', preferred_username: 'bob' }))).to.equal(
        'ERR_OIDC_USER_TYPE_NOT_ALLOWED',
      );
    });

    it('denies a linked user who was deactivated later', async () => {
      const first = await provision(alice);
      await host.persistence.knex()('users').where({ id: first.userId }).update({ is_active: false });
      expect(await denial(provision(alice))).to.equal('ERR_OIDC_USER_INACTIVE');
    });
  });

  describe('dry run', () => {
    it('computes the creation without writing anything', async () => {
      const outcome = await provision(alice, {}, { dryRun: true });
      expect(outcome).to.deep.include({ action: 'created', userId: null, userName: 'alice', dryRun: true });
      expect(outcome.teamsAdded).to.deep.equal(['Sales', 'support']);
      expect(outcome.fieldsChanged).to.include.members(['firstName', 'emailAddress']);
      expect(await count(User)).to.equal(0);
      expect(await count(IdentityLink)).to.equal(0);
    });

    it('computes a team sync without writing anything', async () => {
      const first = await provision(alice);
      const outcome = await provision({ ...alice, groups: ['crm-ops'] }, { syncTeams: true }, { dryRun: true });
      expect(outcome).to.deep.include({ action: 'existing', dryRun: true });
      expect(outcome.teamsAdded).to.deep.equal(['ops']);
      expect(outcome.teamsRemoved).to.deep.equal(['Sales', 'support']);
      expect(await teamsOf(first.userId as string)).to.deep.equal({ Sales: 'oidc', support: 'oidc' });
    });

    it('reports the same denial as a real login', async () => {
      expect(await denial(provision(alice, { createUser: false }, { dryRun: true }))).to.equal(
        'ERR_OIDC_USER_NOT_FOUND',
      );
    });
  });

  it('keeps identities of different providers apart', async () => {
    const crm = await provision(alice);
    expect(await denial(provision(alice, {}, { providerId: 'portal-provider-1' }))).to.equal('ERR_OIDC_USERNAME_TAKEN');
    const portal = await provision(
      { ...alice, preferred_username: 'alice-portal' },
      {},
      { providerId: 'portal-provider-1' },
    );
    expect(portal.userId).not.to.equal(crm.userId);
    expect(
      (await host.persistence.em().findOneOrFail(IdentityLink, { providerId: 'portal-provider-1' })).providerKey,
    ).to.equal('portal-provider-1');
  });

  it('concurrent first logins of one person create exactly one user and one link', async function () {
    this.timeout(60_000);
    const logins = db.platform === 'mysql' ? 50 : 20;
    const outcomes = await Promise.all(Array.from({ length: logins }, () => provision(alice)));
    expect(new Set(outcomes.map((o) => o.userId)).size).to.equal(1);
    expect(outcomes.filter((o) => o.action === 'created')).to.have.length(1);
    expect(await count(User)).to.equal(1);
    expect(await count(IdentityLink)).to.equal(1);
    expect(await teamsOf(outcomes[0]?.userId as string)).to.deep.equal({ Sales: 'oidc', support: 'oidc' });
  });

  // Seen as a flaky 403 in the two-process MariaDB login test: a first login read "no link", then saw the
  // user a concurrent first login of the same person had just committed (with its link), and refused the
  // name as taken by another identity.
  it('regression, concurrent first login saw the user before its link: looks for the link again instead of ERR_OIDC_USERNAME_TAKEN', async () => {
    const first = await provision(alice);
    const connection = host.persistence.em().getConnection();
    const execute = connection.execute.bind(connection);
    let hidden = 0;
    const stub = sinon.stub(connection, 'execute').callsFake(((sql: unknown, ...rest: unknown[]) => {
      // The first link lookup runs "before the other login committed": it finds nothing.
      if (hidden === 0 && typeof sql === 'string' && sql.includes('l__id')) {
        hidden++;
        return Promise.resolve([]);
      }
      return (execute as (...args: unknown[]) => unknown)(sql, ...rest);
    }) as typeof connection.execute);
    try {
      const second = await provision(alice);
      expect(hidden, 'the lookup was hidden once').to.equal(1);
      expect(second).to.include({ action: 'existing', userId: first.userId });
    } finally {
      stub.restore();
    }
    expect(await count(User)).to.equal(1);
    expect(await count(IdentityLink)).to.equal(1);
  });

  it('identity link unique with null provider: the database refuses a second (issuer, sub) row', async () => {
    const first = await provision(alice);
    const knex = host.persistence.knex();
    const row = {
      issuer: ISSUER,
      sub: 'sub-alice',
      user_id: first.userId,
      provider_id: null,
      provider_key: '',
      created_at: new Date(),
    };
    // The same row under another sub is accepted: the refusal below is the uniqueness, not a malformed row.
    await knex('oidc_identity_links').insert({ id: '00000000-0000-4000-8000-000000000002', ...row, sub: 'sub-other' });
    let refused: unknown;
    try {
      await knex('oidc_identity_links').insert({ id: '00000000-0000-4000-8000-000000000001', ...row });
    } catch (error) {
      refused = error;
    }
    expect(String(refused)).to.match(/UNIQUE constraint failed|Duplicate entry/i);
  });

  it('removes the links of a deleted user (cascade)', async () => {
    const first = await provision(alice);
    await host.persistence.knex()('users').where({ id: first.userId }).del();
    expect(await count(IdentityLink)).to.equal(0);
  });

  it('leaves no ORM schema difference for its table after migrating', async () => {
    const sql = await host.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(sql).not.to.contain('oidc_identity_links');
  });
  describe('portals (a provider of a portal)', () => {
    const portalSettings = { ...base, teams: [], groupClaim: null, fallback: false };
    async function seedPortal(urlId: string): Promise<string> {
      return host.persistence.transactional(async (em) => {
        const portal = Object.assign(new Portal(), { name: urlId, urlId, authenticationProviderId: 'prov-1' });
        em.persist(portal);
        return portal.id;
      });
    }
    const members = async (portalId: string) =>
      (await host.persistence.em().find(PortalUser, { portal: portalId }, { populate: ['user'] })).map(
        (l) => l.user.userName,
      );

    it('creates a portal user linked to the portal, with an identity link keyed by the provider', async () => {
      const portalId = await seedPortal('customers');
      const outcome = await provision({ sub: 'c-1', preferred_username: 'cust' }, portalSettings, {
        providerId: 'prov-1',
        portalId,
      });
      expect(outcome.action).to.equal('created');
      const user = await host.persistence.em().findOneOrFail(User, { userName: 'cust' });
      expect(user.type).to.equal('portal');
      expect(await members(portalId)).to.deep.equal(['cust']);
      const link = await host.persistence.em().findOneOrFail(IdentityLink, { user: user.id });
      expect(link).to.include({ providerId: 'prov-1', providerKey: 'prov-1' });
      const again = await provision({ sub: 'c-1', preferred_username: 'cust' }, portalSettings, {
        providerId: 'prov-1',
        portalId,
      });
      expect(again.action).to.equal('existing');
      expect(await members(portalId)).to.deep.equal(['cust']);
    });

    it('an existing portal user of another portal joins only when the provider may create users', async () => {
      const a = await seedPortal('a');
      const b = await seedPortal('b');
      await provision({ sub: 'c-2', preferred_username: 'pat' }, portalSettings, { providerId: 'prov-1', portalId: a });
      const denied = await denial(
        provision(
          { sub: 'c-2', preferred_username: 'pat' },
          { ...portalSettings, createUser: false },
          { providerId: 'prov-1', portalId: b },
        ),
      );
      expect(denied).to.equal('ERR_OIDC_PORTAL_NOT_MEMBER');
      expect(await members(b)).to.deep.equal([]);
      await provision({ sub: 'c-2', preferred_username: 'pat' }, portalSettings, { providerId: 'prov-1', portalId: b });
      expect(await members(b)).to.deep.equal(['pat']);
    });

    it('a CRM user of that name never gets into a portal, and a portal user never into the CRM', async () => {
      const portalId = await seedPortal('c');
      await seedUser('reggie');
      expect(
        await denial(
          provision({ sub: 'r-1', preferred_username: 'reggie' }, portalSettings, { providerId: 'prov-1', portalId }),
        ),
      ).to.equal('ERR_OIDC_USER_TYPE_NOT_ALLOWED');
      await seedUser('polly', {}, 'portal');
      expect(await denial(provision({ sub: 'p-1', preferred_username: 'polly' }))).to.equal(
        'ERR_OIDC_USER_TYPE_NOT_ALLOWED',
      );
      expect(await members(portalId)).to.deep.equal([]);
    });
  });
});
