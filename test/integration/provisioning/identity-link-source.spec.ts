import { expect } from 'chai';
import { TYPES, User, type IdentityLinkSource } from 'crm-host/sdk';
import { forEachDatabase, type TestHost } from 'crm-host/testing';
import { IdentityLink } from '../../../src/provisioning/entities/IdentityLink.js';
import { bootOidcHost } from '../../support/oidc-host.js';

/** The extension's identity links as the host's user administration sees them (TYPES.IdentityLinkSource). */
forEachDatabase('provisioning: identity links for the host user administration', (db) => {
  let host: TestHost;
  let alice: User;
  let bob: User;

  before(async function () {
    this.timeout(90_000);
    host = await bootOidcHost({ databaseUrl: await db.createUrl() });
    await host.persistence.transactional(async (em) => {
      alice = em.create(User, { userName: 'alice', type: 'regular' } as never);
      bob = em.create(User, { userName: 'bob', type: 'portal' } as never);
      const at = new Date(Date.UTC(2026, 5, 1, 8));
      em.persist(new IdentityLink({ issuer: 'https://idp.example.com', sub: 's-alice', user: alice, now: at }));
      em.persist(
        new IdentityLink({
          issuer: 'https://portal-idp.example.com',
          sub: 's-alice-2',
          user: alice,
          providerId: 'provider-1',
          now: new Date(at.getTime() + 1000),
        }),
      );
      em.persist(new IdentityLink({ issuer: 'https://idp.example.com', sub: 's-bob', user: bob, now: at }));
    });
  });
  after(async () => host?.cleanup());

  const source = (): IdentityLinkSource => {
    const bound = host.container.getAll<IdentityLinkSource>(TYPES.IdentityLinkSource);
    expect(bound.map((s) => s.name)).to.deep.equal(['oidc']);
    return bound[0]!;
  };

  it('lists the links of the given users with issuer, subject, provider and times', async () => {
    const links = await source().listForUsers([alice.id]);
    expect(links.map(({ id: _id, ...rest }) => rest)).to.deep.equal([
      {
        userId: alice.id,
        issuer: 'https://idp.example.com',
        subject: 's-alice',
        providerId: null,
        linkedAt: new Date(Date.UTC(2026, 5, 1, 8)),
        lastLoginAt: new Date(Date.UTC(2026, 5, 1, 8)),
      },
      {
        userId: alice.id,
        issuer: 'https://portal-idp.example.com',
        subject: 's-alice-2',
        providerId: 'provider-1',
        linkedAt: new Date(Date.UTC(2026, 5, 1, 8, 0, 1)),
        lastLoginAt: new Date(Date.UTC(2026, 5, 1, 8, 0, 1)),
      },
    ]);
    expect(await source().listForUsers([alice.id, bob.id])).to.have.length(3);
    expect(await source().listForUsers([])).to.deep.equal([]);
  });

  it("unlinks one link of the user only: another user's link id is not found", async () => {
    const [bobLink] = await source().listForUsers([bob.id]);
    expect(await source().unlink(alice.id, bobLink!.id)).to.equal(null);
    expect(await source().unlink(alice.id, 'x'.repeat(40))).to.equal(null);
    const removed = await source().unlink(bob.id, bobLink!.id);
    expect(removed).to.include({ userId: bob.id, subject: 's-bob' });
    expect(await host.persistence.em().count(IdentityLink, { user: bob.id })).to.equal(0);
    expect(await host.persistence.em().count(IdentityLink, { user: alice.id })).to.equal(2);
  });
});
