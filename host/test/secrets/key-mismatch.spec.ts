import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HostError } from '../../sdk/errors.js';
import { newKeyEntry } from '../../src/secrets/keyring.js';
import { bootTestHost } from '../../src/testing/index.js';

/** Two hosts on one database with different key rings: the second refuses to boot instead of overwriting. */
describe('secrets: a host whose key ring cannot open the stored secrets', () => {
  let dir: string;
  let databaseUrl: string;
  const first = newKeyEntry();
  const other = newKeyEntry();

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'key-mismatch-'));
    databaseUrl = `libsql:${path.join(dir, 'shared.db')}`;
    const host = await bootTestHost({ databaseUrl, env: { CRM_HOST_KEY: first } });
    await host.config.set({ csrfSecret: 'csrf-secret-of-the-first-host-0123' });
    await host.cleanup();
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('refuses to boot with ERR_SECRET_KEY_UNKNOWN naming the key and the setting (the CSRF secret is not overwritten)', async () => {
    let failure: unknown;
    await bootTestHost({ databaseUrl, env: { CRM_HOST_KEY: other } }).catch((error: unknown) => (failure = error));
    expect(HostError.is(failure) && failure.code).to.equal('ERR_SECRET_KEY_UNKNOWN');
    const message = (failure as Error).message;
    expect(message).to.contain('csrfSecret').and.contain(first.split(':')[0]).and.contain('host.key');
    expect(message).to.not.contain('csrf-secret-of-the-first-host');
  });

  it('boots with unreadableSecrets: allow (secrets commands), the value counting as not set', async () => {
    const host = await bootTestHost({ databaseUrl, env: { CRM_HOST_KEY: other }, unreadableSecrets: 'allow' });
    try {
      expect(host.config.has('csrfSecret')).to.equal(false);
      expect(host.logs.join('\n')).to.contain('ERR_SECRET_KEY_UNKNOWN');
    } finally {
      await host.cleanup();
    }
  });

  it('a ring that has the old key as well opens them (rotation in progress)', async () => {
    const host = await bootTestHost({ databaseUrl, env: { CRM_HOST_KEY: `${first}\n${other}` } });
    try {
      expect(host.config.get('csrfSecret')).to.equal('csrf-secret-of-the-first-host-0123');
      // ...and boot re-sealed it with the current (last) key
      const row = (await host.persistence.knex()('config').where({ key: 'csrfSecret' }).first()) as { value: string };
      expect(row.value).to.contain(`enc:v1:${other.split(':')[0]}:`);
    } finally {
      await host.cleanup();
    }
  });
});
