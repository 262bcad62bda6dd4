import { expect } from 'chai';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { fakeOpSettings, loginThrough } from './support/fake-op-login.js';
import { startOidcRig, type OidcRig } from './support/oidc-rig.js';

const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij';
const USER = {
  sub: 'dora',
  email: 'dora@example.test',
  email_verified: true,
  name: 'Dora D',
  phone_number: '+49 30 1234567',
  address: { street_address: 'Hauptstr. 1', locality: 'Berlin' },
  groups: ['crm-sales'],
};

type Line = Record<string, unknown> & { message: string; claims?: Record<string, unknown> };

/**
 * Debug logging of claims (issue 11 item 4, EspoCRM seed 000): a real sign-in through the reference host's
 * callback, the host logging JSON at level debug. The ID token's and userinfo's claims are logged, the
 * configured claims masked, never a token; at level info nothing of it is written.
 */
describe('oidc: debug log of the claims of a sign-in (oidcLogMaskedClaims)', function () {
  this.timeout(30_000);
  let op: FakeOp;

  before(async function () {
    op = await startFakeOp({ clientId: 'crm', clientSecret: SECRET, user: USER, userinfoOnlyClaims: ['address'] });
  });
  after(async () => op?.stop());

  async function signIn(level: 'debug' | 'info', extra: Record<string, unknown> = {}): Promise<{ rig: OidcRig }> {
    const rig = await startOidcRig({ logFormat: 'json', logLevel: level });
    await rig.createTeams('Sales');
    await rig.configure(
      fakeOpSettings(op, { oidcScopes: ['profile', 'email', 'phone', 'address', 'groups'], ...extra }),
    );
    const attempt = await loginThrough(rig);
    expect(attempt.code, attempt.response?.body.slice(0, 300)).to.equal(null);
    expect((await rig.activeSessions()).length).to.equal(1);
    return { rig };
  }

  function claimLines(rig: OidcRig): Line[] {
    return rig.host.logs.map((raw) => JSON.parse(raw) as Line).filter((l) => l['logger'] === 'oidc.claims');
  }

  function expectNoToken(rig: OidcRig): void {
    const all = rig.host.logs.join('\n');
    const { idToken, accessToken } = op.lastIssued!;
    for (const part of idToken.split('.').slice(1)) expect(all).not.to.contain(part);
    expect(all).not.to.contain(accessToken);
    expect(all).not.to.contain(SECRET);
  }

  it('at debug: ID token and userinfo claims, default mask (email, phone_number, address, birthdate), no token', async () => {
    const { rig } = await signIn('debug');
    try {
      const lines = claimLines(rig);
      const id = lines.find((l) => l.message === 'ID token claims');
      const userinfo = lines.find((l) => l.message === 'Userinfo claims');
      expect(id, rig.host.logs.join('\n')).to.not.equal(undefined);
      expect(id!['level']).to.equal('debug');
      expect(id!['header']).to.deep.include({ alg: 'RS256' });
      expect(id!.claims).to.include({ sub: 'dora', iss: op.issuer, name: 'Dora D', email: '[masked]' });
      expect(id!.claims!['groups']).to.deep.equal(['crm-sales']);
      expect(id!.claims!['phone_number']).to.equal('[masked]');
      expect(userinfo!.claims).to.include({ sub: 'dora', email: '[masked]', address: '[masked]' });
      const all = rig.host.logs.join('\n');
      for (const value of ['dora@example.test', '1234567', 'Hauptstr']) expect(all).not.to.contain(value);
      expectNoToken(rig);
    } finally {
      await rig.stop();
    }
  });

  it('masks what oidcLogMaskedClaims lists (claims and dotted paths), and only that', async () => {
    const { rig } = await signIn('debug', { oidcLogMaskedClaims: ['name', 'address.street_address'] });
    try {
      const lines = claimLines(rig);
      const id = lines.find((l) => l.message === 'ID token claims')!;
      const userinfo = lines.find((l) => l.message === 'Userinfo claims')!;
      expect(id.claims).to.include({ name: '[masked]', email: 'dora@example.test' });
      expect(userinfo.claims!['address']).to.deep.equal({ street_address: '[masked]', locality: 'Berlin' });
      expectNoToken(rig);
    } finally {
      await rig.stop();
    }
  });

  it('at info: no claims are logged', async () => {
    const { rig } = await signIn('info');
    try {
      expect(claimLines(rig)).to.deep.equal([]);
      expect(rig.host.logs.join('\n')).not.to.contain('dora@example.test');
    } finally {
      await rig.stop();
    }
  });
});
