import { expect } from 'chai';
import { forEachDatabase, type TestHost } from 'crm-host/testing';
import type { ProvisioningService } from '../../../src/provisioning/provisioning-service.js';
import { provisioningSettings } from './support/settings.js';
import { bootProvisioningHost, createTeams } from './support/provisioning-host.js';

const settings = provisioningSettings();

const claims = {
  sub: 'sub-returning',
  preferred_username: 'returning',
  name: 'Re Turning',
  email: 'returning@example.com',
  groups: ['sales', 'crm-support'],
};

/** The statements that write (insert, update, delete) while `fn` runs, as the driver sent them. */
async function writesDuring(host: TestHost, fn: () => Promise<unknown>): Promise<string[]> {
  const knex = host.persistence.knex();
  const seen: string[] = [];
  const listener = (query: { sql: string }): void => {
    if (/^\s*(insert|update|delete|replace)\b/i.test(query.sql)) seen.push(query.sql);
  };
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.removeListener('query', listener);
  }
  return seen;
}

/** `update users set name = ..., modified_at = ... where ...` -> `users: name, modified_at`. */
function updated(sql: string): string {
  const m = /^update [`"](\w+)[`"] set (.*?) where /s.exec(sql);
  if (!m) return sql;
  const columns = [...(m[2] as string).matchAll(/[`"](\w+)[`"] = /g)].map((c) => c[1]);
  return `${m[1]}: ${columns.join(', ')}`;
}

forEachDatabase('provisioning/returning login: writes only what changed', (db) => {
  let host: TestHost;
  let service: ProvisioningService;

  before(async function () {
    this.timeout(60_000);
    ({ host, service } = await bootProvisioningHost(db));
    await createTeams(host, 'Sales', 'support');
  });
  after(async () => host?.cleanup());

  const provision = () => service.provision({ claims, issuer: 'https://idp.example.com', settings });
  /**
   * The second login must come at least a millisecond later, or its `last_login_at` equals the first's
   * (SQLite keeps milliseconds) and, rightly, is not written: seen as a flaky failure on a fast CI run.
   */
  const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 3));

  it('regression, libsql needless updates: a returning login with unchanged claims and teams updates no team, membership or user row (created_at read back as a timestamp looked changed)', async () => {
    const first = await provision();
    expect(first.teamsAdded).to.deep.equal(['Sales', 'support']);
    await nextMillisecond();
    const writes = await writesDuring(host, async () => {
      const again = await provision();
      expect(again).to.deep.include({ action: 'existing', fieldsChanged: [], teamsAdded: [], teamsRemoved: [] });
    });
    // The one write a returning login needs: the identity link's last login time.
    expect(writes.map(updated), writes.join('\n')).to.deep.equal(['oidc_identity_links: last_login_at']);
  });

  it('a returning login whose name changed updates that field of the user only (and its modified time), no team or membership row', async () => {
    await provision();
    await nextMillisecond();
    const writes = await writesDuring(host, () =>
      service.provision({ claims: { ...claims, name: 'Re Named' }, issuer: 'https://idp.example.com', settings }),
    );
    expect(writes.map(updated).sort(), writes.join('\n')).to.deep.equal([
      'oidc_identity_links: last_login_at',
      'users: name, modified_at',
    ]);
  });
});
