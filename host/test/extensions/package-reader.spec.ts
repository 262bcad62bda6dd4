import { expect } from 'chai';
import { mkdir, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readPackage, validatePackageManifest } from '../../src/extensions/package-reader.js';
import { expectCode } from './support/expect-code.js';
import { buildZip, zipFolder, type RawZipEntry } from './support/zip-writer.js';
import { fixtureDir, newInstanceRoot } from './support/test-instance.js';

const manifest = JSON.stringify({ name: 'zip-test', version: '1.0.0', acceptableVersions: ['*'] });
const validEntries: RawZipEntry[] = [
  { name: 'extension.json', data: manifest },
  { name: 'src/index.js', data: 'export default {};\n', deflate: true },
];

describe('extensions: package reader', () => {
  let work: string;
  let staging: string;

  beforeEach(async () => {
    work = await newInstanceRoot('reader');
    staging = path.join(work, 'staging');
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  const writeZip = async (entries: RawZipEntry[], name = 'pkg.zip') => {
    const file = path.join(work, name);
    await writeFile(file, buildZip(entries));
    return file;
  };
  const stagingIsEmpty = async () => (await readdir(staging).catch(() => [])).length === 0;

  it('reads a folder package in place: manifest and sorted file list', async () => {
    const pkg = await readPackage(fixtureDir('demo-v1'), { stagingRoot: staging });
    expect(pkg.dir).to.equal(fixtureDir('demo-v1'));
    expect(validatePackageManifest(pkg).name).to.equal('demo-ext');
    expect(pkg.files).to.include.members([
      'extension.json',
      'src/index.js',
      'scripts/after-install.js',
      'metadata/app/demoExt.json',
    ]);
    expect([...pkg.files]).to.deep.equal([...pkg.files].sort());
    await pkg.dispose();
    expect((await stat(fixtureDir('demo-v1'))).isDirectory()).to.equal(true);
  });

  it('extracts a zip to staging with the same files as the folder, and dispose removes it', async () => {
    const zip = path.join(work, 'demo.zip');
    await zipFolder(fixtureDir('demo-v1'), zip);
    const folder = await readPackage(fixtureDir('demo-v1'), { stagingRoot: staging });
    const pkg = await readPackage(zip, { stagingRoot: staging });
    expect(pkg.dir.startsWith(staging)).to.equal(true);
    expect(pkg.files).to.deep.equal(folder.files);
    expect(validatePackageManifest(pkg)).to.deep.equal(validatePackageManifest(folder));
    await pkg.dispose();
    expect(await stagingIsEmpty()).to.equal(true);
  });

  it('refuses a zip-slip entry (../) and writes nothing outside staging', async () => {
    const zip = await writeZip([...validEntries, { name: '../escaped.js', data: 'x' }]);
    const error = await expectCode(readPackage(zip, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_UNSAFE');
    expect(error.message).to.contain('../escaped.js');
    expect(await stat(path.join(work, 'escaped.js')).catch(() => null)).to.equal(null);
    expect(await stagingIsEmpty()).to.equal(true);
  });

  it('refuses a nested zip-slip entry (src/../../x)', async () => {
    const zip = await writeZip([...validEntries, { name: 'src/../../x.js', data: 'x' }]);
    await expectCode(readPackage(zip, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_UNSAFE');
  });

  it('refuses absolute paths and backslash paths', async () => {
    for (const name of ['/etc/evil.js', 'C:/evil.js', '..\\evil.js']) {
      const zip = await writeZip([...validEntries, { name, data: 'x' }]);
      const error = await expectCode(readPackage(zip, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_UNSAFE');
      expect(error.message).to.contain(name);
    }
  });

  it('refuses a symlink entry in a zip', async () => {
    const zip = await writeZip([...validEntries, { name: 'src/link.js', data: '/etc/passwd', mode: 0o120777 }]);
    const error = await expectCode(readPackage(zip, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_UNSAFE');
    expect(error.message).to.contain('symbolic link');
  });

  it('refuses a symlink inside a folder package', async () => {
    const dir = path.join(work, 'folder');
    await mkdir(path.join(dir, 'src'), { recursive: true });
    await writeFile(path.join(dir, 'extension.json'), manifest);
    await writeFile(path.join(dir, 'src/index.js'), 'export default {};');
    await symlink('/etc/hostname', path.join(dir, 'src/link.js'));
    await expectCode(readPackage(dir, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_UNSAFE');
  });

  it('refuses more than 5,000 entries (default limit)', async () => {
    const many: RawZipEntry[] = [...validEntries];
    for (let i = 0; i < 5000; i += 1) many.push({ name: `client/f${i}.txt` });
    const zip = await writeZip(many);
    const error = await expectCode(readPackage(zip, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_TOO_LARGE');
    expect(error.message).to.contain('5000 entries');
    expect(await stagingIsEmpty()).to.equal(true);
  });

  it('refuses more than 100 MB uncompressed (a small zip that inflates big)', async () => {
    const bomb = Buffer.alloc(100 * 1024 * 1024 + 1);
    const zip = await writeZip([...validEntries, { name: 'client/big.bin', data: bomb, deflate: true }]);
    expect((await stat(zip)).size).to.be.below(1024 * 1024);
    const error = await expectCode(readPackage(zip, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_TOO_LARGE');
    expect(error.message).to.contain('bytes uncompressed');
    expect(await stagingIsEmpty()).to.equal(true);
  });

  it('counts sizes in folder packages too (custom limits)', async () => {
    await expectCode(
      readPackage(fixtureDir('demo-v1'), { stagingRoot: staging, limits: { maxEntries: 5000, maxBytes: 100 } }),
      'ERR_EXTENSION_PACKAGE_TOO_LARGE',
    );
  });

  it('missing extension.json: clear error, with a hint when it sits in a sub-folder', async () => {
    const zip = await writeZip([{ name: 'oidc-auth-1.0.0/extension.json', data: manifest }]);
    const error = await expectCode(readPackage(zip, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_INVALID');
    expect(error.message).to.contain('no extension.json at its root').and.contain('oidc-auth-1.0.0/extension.json');
  });

  it('extension.json that is not JSON, or invalid, or names missing files', async () => {
    let zip = await writeZip([{ name: 'extension.json', data: '{ nope' }]);
    expect(
      (await expectCode(readPackage(zip, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_INVALID')).message,
    ).to.contain('not valid JSON');
    expect(await stagingIsEmpty()).to.equal(true);
    zip = await writeZip([{ name: 'extension.json', data: JSON.stringify({ name: 'X', version: 'one' }) }], 'b.zip');
    let pkg = await readPackage(zip, { stagingRoot: staging });
    await expectCode(
      Promise.resolve().then(() => validatePackageManifest(pkg)),
      'ERR_EXTENSION_MANIFEST_INVALID',
    );
    await pkg.dispose();
    zip = await writeZip([{ name: 'extension.json', data: manifest }], 'c.zip');
    pkg = await readPackage(zip, { stagingRoot: staging });
    const missing = await expectCode(
      Promise.resolve().then(() => validatePackageManifest(pkg)),
      'ERR_EXTENSION_PACKAGE_INVALID',
    );
    expect(missing.message).to.contain('src/index.js');
    await pkg.dispose();
    expect(await stagingIsEmpty()).to.equal(true);
  });

  it('a file that is not a zip, and a path that does not exist', async () => {
    const notZip = path.join(work, 'notes.zip');
    await writeFile(notZip, 'hello');
    await expectCode(readPackage(notZip, { stagingRoot: staging }), 'ERR_EXTENSION_PACKAGE_INVALID');
    await expectCode(
      readPackage(path.join(work, 'absent.zip'), { stagingRoot: staging }),
      'ERR_EXTENSION_PACKAGE_NOT_FOUND',
    );
  });
});
