import { expect } from 'chai';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newInstanceRoot } from '../extensions/support/test-instance.js';
import { runCrmHost } from './run-cli.js';

/** A PEM block as `"$(cat key.pem)"` passes it: starts with dashes, several lines, no final newline. */
const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MC4CAQAwBQYDK2VwBCIEIBpM6wJ4v1p8F3aZ3k2n8q0s9x7c6v5b4n3m2l1k0j9h',
  '-----END PRIVATE KEY-----',
].join('\n');

/**
 * Regression (issue 11): `crm-host config set oidcClientPrivateKey "$(cat key.pem)"` exited 2 with
 * "Unknown option '-----BEGIN PRIVATE KEY-----'", and `--` broke the hoisting of a leading `--root`.
 * Uses the string setting `applicationName` (oidcClientPrivateKey exists only with oidc-auth installed; the
 * parsing is the same for every key).
 */
describe('config-set-pem-value-unknown-option', function () {
  this.timeout(60000);
  let root: string;
  before(async () => {
    root = await newInstanceRoot('cli-pem');
  });
  after(() => rm(root, { recursive: true, force: true }));
  const get = async () => JSON.parse((await runCrmHost(['config', 'get', 'applicationName', '--root', root])).stdout);

  it('takes a value that starts with "-" (a PEM block) as the value, not as an option', async () => {
    const run = await runCrmHost(['config', 'set', 'applicationName', PEM, '--root', root]);
    expect(run.code, run.stderr).to.equal(0);
    expect(await get()).to.equal(PEM);
  });

  it('"--" ends the options and works with a leading --root (hoisted before the "--")', async () => {
    const run = await runCrmHost(['--root', root, 'config', 'set', 'applicationName', '--', '--not-an-option']);
    expect(run.code, run.stderr).to.equal(0);
    expect(await get()).to.equal('--not-an-option');
  });

  it('--value-file and --stdin read the value (one trailing newline dropped)', async () => {
    const file = path.join(root, 'key.pem');
    await writeFile(file, `${PEM}\n`);
    const fromFile = await runCrmHost(['config', 'set', 'applicationName', '--value-file', file, '--root', root]);
    expect(fromFile.code, fromFile.stderr).to.equal(0);
    expect(await get()).to.equal(PEM);
    const fromStdin = await runCrmHost(['config', 'set', 'applicationName', '--stdin', '--root', root], {
      input: 'From stdin\n',
    });
    expect(fromStdin.code, fromStdin.stderr).to.equal(0);
    expect(await get()).to.equal('From stdin');
  });

  it('still refuses a mistyped option and a second value source (exit 2, nothing changed)', async () => {
    const typo = await runCrmHost(['config', 'set', 'applicationName', '--valeu-file', 'x', '--root', root]);
    expect(typo.code).to.equal(2);
    expect(typo.stderr).to.match(/Unknown option '--valeu-file'/);
    const both = await runCrmHost(['config', 'set', 'applicationName', 'x', '--stdin', '--root', root]);
    expect(both.code).to.equal(2);
    expect(both.stderr).to.contain('use only one of <value>, --stdin');
    expect(await get()).to.equal('From stdin');
  });
});
