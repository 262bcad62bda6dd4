import { expect } from 'chai';
import { cp, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { buildPackage, isPackageStale, planPackage } from '../../../scripts/packaging/build-package.js';

// Compiled to dist/test/unit/scripts/: the repository root is four levels up.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

async function zipNames(file: string): Promise<string[]> {
  const zip = await yauzl.openPromise(file);
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      names.push(entry.fileName);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return names.sort();
}

describe('packager (npm run package)', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'oidc-package-'));
  });
  afterEach(() => rm(out, { recursive: true, force: true }));

  it('builds the zip and the unpacked folder with the same files, lifecycle scripts but not the packager', async () => {
    const lines: string[] = [];
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const built = await buildPackage({
      repoRoot,
      outDir: out,
      now: new Date('2026-01-02T03:04:05Z'),
      log: (l) => lines.push(l),
    });
    expect(built.zipPath).to.equal(path.join(out, `oidc-auth-${pkg.version}.zip`));
    const names = await zipNames(built.zipPath);
    expect(names).to.deep.equal([...built.files]);
    expect(names).to.include.members([
      'extension.json',
      'src/index.js',
      'scripts/after-install.js',
      'scripts/after-uninstall.js',
    ]);
    expect(
      names.filter(
        (n) => n.includes('package') || n.includes('packaging') || n.endsWith('.d.ts') || n.endsWith('.map'),
      ),
    ).to.deep.equal([]);
    const manifest = JSON.parse(await readFile(path.join(built.folder, 'extension.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).to.include({ name: 'oidc-auth', version: pkg.version, releaseDate: '2026-01-02' });
    expect((await stat(path.join(built.folder, 'src/index.js'))).isFile()).to.equal(true);
    expect(lines[0]).to.equal('Checking versions and collecting files');
    expect(lines.some((l) => l.startsWith('Wrote '))).to.equal(true);
    expect(await isPackageStale(repoRoot, out)).to.equal(false);
  });

  it('says the package is stale when a source is newer than the zip', async () => {
    const built = await buildPackage({ repoRoot, outDir: out });
    const old = new Date(Date.now() - 3600_000);
    await utimes(built.zipPath, old, old);
    expect(await isPackageStale(repoRoot, out)).to.equal(true);
  });

  it('refuses when extension.json and package.json versions differ', async () => {
    const fake = path.join(out, 'repo');
    await cp(path.join(repoRoot, 'extension.json'), path.join(fake, 'extension.json'));
    await writeFile(path.join(fake, 'package.json'), JSON.stringify({ version: '9.9.9' }));
    let message = '';
    await planPackage(fake).catch((e: Error) => (message = e.message));
    expect(message).to.contain('differs from package.json version 9.9.9');
  });

  it('refuses when the build output is missing', async () => {
    const fake = path.join(out, 'repo');
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    await cp(path.join(repoRoot, 'extension.json'), path.join(fake, 'extension.json'));
    await writeFile(path.join(fake, 'package.json'), JSON.stringify({ version: pkg.version }));
    let message = '';
    await planPackage(fake).catch((e: Error) => (message = e.message));
    expect(message).to.contain('missing from the build').and.contain('src/index.js');
  });
});
