import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HostError } from '../../sdk/errors.js';
import { keyEntries, loadKeyRing, newKeyEntry, parseKeyRing, writeKeyFile } from '../../src/secrets/keyring.js';

describe('secrets: host key ring', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'keyring-'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  function code(fn: () => unknown): string | undefined {
    try {
      fn();
    } catch (error) {
      return HostError.is(error) ? `${error.code}: ${error.message}` : String(error);
    }
    return undefined;
  }

  it('creates <root>/host.key with mode 0600 on first load, and loads the same key afterwards', async () => {
    const first = await loadKeyRing(root, {});
    const file = path.join(root, 'host.key');
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    expect(first.source).to.equal(file);
    expect(first.current.key).to.have.length(32);
    expect(first.looseMode).to.equal(undefined);
    const again = await loadKeyRing(root, {});
    expect(again.current.id).to.equal(first.current.id);
    expect(again.current.key.equals(first.current.key)).to.equal(true);
  });

  it('processes starting together end up with one key (atomic creation)', async () => {
    const rings = await Promise.all(Array.from({ length: 8 }, () => loadKeyRing(root, {})));
    expect(new Set(rings.map((r) => r.current.id)).size).to.equal(1);
    const text = await readFile(path.join(root, 'host.key'), 'utf8');
    expect(text.split('\n').filter((l) => l && !l.startsWith('#'))).to.have.length(1);
  });

  it('reports a key file other users can read', async () => {
    await loadKeyRing(root, {});
    await chmod(path.join(root, 'host.key'), 0o644);
    expect((await loadKeyRing(root, {})).looseMode).to.equal('0644');
  });

  it('takes CRM_HOST_KEY over the file, and CRM_HOST_KEY_FILE as the file', async () => {
    const entry = newKeyEntry();
    const ring = await loadKeyRing(root, { CRM_HOST_KEY: entry });
    expect(ring.source).to.equal('CRM_HOST_KEY');
    expect(`${ring.current.id}:${ring.current.key.toString('base64url')}`).to.equal(entry);
    const elsewhere = path.join(root, 'keys', '..', 'other.key');
    const fromFile = await loadKeyRing(root, { CRM_HOST_KEY_FILE: elsewhere });
    expect(fromFile.source).to.equal(path.resolve(elsewhere));
    expect((await stat(path.resolve(elsewhere))).mode & 0o777).to.equal(0o600);
  });

  it('the last entry seals; every entry opens; rotation keeps the order', async () => {
    const a = newKeyEntry();
    const b = newKeyEntry();
    const ring = parseKeyRing(`# comment\n${a}\n\n${b}\n`, 'test');
    expect(ring.current.id).to.equal(b.split(':')[0]);
    expect([...ring.keys.keys()]).to.deep.equal([a.split(':')[0], b.split(':')[0]]);
    expect(keyEntries(ring)).to.deep.equal([a, b]);
    expect(parseKeyRing(`${a};${b}`, 'env').current.id).to.equal(b.split(':')[0]);
    const file = path.join(root, 'host.key');
    await writeKeyFile(file, [a, b]);
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    expect((await loadKeyRing(root, {})).current.id).to.equal(b.split(':')[0]);
  });

  it('refuses malformed rings with ERR_HOST_KEY_INVALID naming the problem', async () => {
    expect(code(() => parseKeyRing('', 'x'))).to.match(/^ERR_HOST_KEY_INVALID: .*no key listed/);
    expect(code(() => parseKeyRing('k1', 'x'))).to.match(/entry 1 is not "<id>:<key>"/);
    expect(code(() => parseKeyRing('k1:short', 'x'))).to.match(/key "k1" must be 32 bytes/);
    expect(code(() => parseKeyRing('bad id:' + 'A'.repeat(43), 'x'))).to.match(/key id must be/);
    const entry = newKeyEntry();
    expect(code(() => parseKeyRing(`${entry}\n${entry}`, 'x'))).to.match(/listed twice/);
    await writeFile(path.join(root, 'host.key'), 'garbage\n');
    let failure: unknown;
    await loadKeyRing(root, {}).catch((error: unknown) => (failure = error));
    expect(HostError.is(failure) && failure.code).to.equal('ERR_HOST_KEY_INVALID');
  });
});
