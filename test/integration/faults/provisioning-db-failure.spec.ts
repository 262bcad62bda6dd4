import { expect } from 'chai';
import { TeamMembership, User } from 'crm-host/sdk';
import { forEachDatabase, type TestHost } from 'crm-host/testing';
import { IdentityLink } from '../../../src/provisioning/entities/IdentityLink.js';
import type { ProvisioningService } from '../../../src/provisioning/provisioning-service.js';
import { provisioningSettings } from '../provisioning/support/settings.js';
import { DbFault, type FaultPoint } from './support/db-fault.js';
import { bootProvisioningHost, clearTables, createTeams } from '../provisioning/support/provisioning-host.js';

const ISSUER = 'https://idp.example.com';
const settings = provisioningSettings();
const claims = {
  sub: 'sub-dana',
  preferred_username: 'dana',
  email: 'dana@example.com',
  name: 'Dana D',
  groups: ['sales', 'crm-support'],
};

/**
 * Issue 7, "database failure in the middle of first-login provisioning": the failure is injected into the
 * ORM at each step of the first login's transaction; nothing of the user may remain (no user without a
 * link, no link without a user, no team links), and the next attempt creates everything.
 */
forEachDatabase('faults: database failure during first-login provisioning', (db) => {
  let host: TestHost;
  let service: ProvisioningService;
  let fault: DbFault;

  before(async function () {
    this.timeout(60_000);
    ({ host, service } = await bootProvisioningHost(db));
    fault = DbFault.install(host.orm);
  });
  after(async () => host?.cleanup());

  beforeEach(async () => {
    fault.disarm();
    await clearTables(host, ['oidc_identity_links', 'team_memberships', 'users', 'teams']);
    await createTeams(host, 'Sales', 'support');
  });

  const counts = async () => {
    const em = host.persistence.em();
    return {
      users: await em.count(User, {}),
      links: await em.count(IdentityLink, {}),
      memberships: await em.count(TeamMembership, {}),
    };
  };
  const provision = () => service.provision({ claims, issuer: ISSUER, settings });

  const points: [string, typeof User | typeof IdentityLink | typeof TeamMembership, FaultPoint][] = [
    ['while inserting the user', User, 'beforeCreate'],
    ['after the user row, before the identity link', IdentityLink, 'beforeCreate'],
    ['after user and link, before the team links', TeamMembership, 'beforeCreate'],
    ['after the first team link was written', TeamMembership, 'afterCreate'],
  ];
  for (const [title, entity, point] of points) {
    it(`fails ${title}: nothing half-created, the next attempt succeeds`, async () => {
      fault.arm(entity, point);
      let error: unknown;
      await provision().catch((e: unknown) => (error = e));
      expect(fault.strikes > 0 && error !== undefined, 'the injected failure reached the caller').to.equal(true);
      expect(String(error)).to.include('injected fault');
      expect(await counts()).to.deep.equal({ users: 0, links: 0, memberships: 0 });

      const outcome = await provision();
      expect(outcome).to.deep.include({ action: 'created', userName: 'dana' });
      expect(await counts()).to.deep.equal({ users: 1, links: 1, memberships: 2 });
    });
  }

  it('a failure while syncing an existing user leaves the earlier state intact', async () => {
    await provision();
    const before = await counts();
    fault.arm(TeamMembership, 'beforeCreate');
    await host.persistence.transactional(async (em) => {
      await em.nativeDelete(TeamMembership, {});
    });
    let error: unknown;
    await provision().catch((e: unknown) => (error = e));
    expect(String(error)).to.include('injected fault');
    expect(await counts()).to.deep.equal({ ...before, memberships: 0 });
    await provision();
    expect(await counts()).to.deep.equal(before);
  });
});
