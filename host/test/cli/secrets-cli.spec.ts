import { expect } from 'chai';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { newInstanceRoot } from '../extensions/support/test-instance.js';
import { runCrmHost } from './run-cli.js';

function keyIds(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(':')[0]!);
}

describe('crm-host secrets (host key ring: status, rotate, prune, new-key)', function () {
  this.timeout(90_000);
  let root: string;
  before(async () => {
    root = await newInstanceRoot('cli-secrets');
  });
  after(() => rm(root, { recursive: true, force: true }));
  const cli = (...args: string[]) => runCrmHost([...args, '--root', root]);

  it('status, rotate, prune: values move to the new key and stay readable; the old key goes', async () => {
    const set = await cli('config', 'set', 'csrfSecret', 'csrf-secret-value-0123456789');
    expect(set.code, set.stderr).to.equal(0);
    const file = path.join(root, 'host.key');
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    const [first] = keyIds(await readFile(file, 'utf8'));

    const status = await cli('secrets', 'status');
    expect(status.code, status.stderr).to.equal(0);
    expect(status.stdout).to.contain(`Host key ring: ${file}`).and.contain(`sealing with ${first}`);
    expect(status.stdout).to.match(new RegExp(`config\\s+${first}: 1`));

    const rotate = await cli('secrets', 'rotate');
    expect(rotate.code, rotate.stderr).to.equal(0);
    const ids = keyIds(await readFile(file, 'utf8'));
    expect(ids).to.have.length(2);
    expect(ids[0]).to.equal(first);
    const second = ids[1]!;
    expect(rotate.stdout)
      .to.contain(`Added host key ${second}`)
      .and.match(new RegExp(`config\\s+${second}: 1`));

    const prune = await cli('secrets', 'prune');
    expect(prune.code, prune.stdout + prune.stderr).to.equal(0);
    expect(prune.stdout).to.contain(`Removed keys: ${first}`);
    expect(keyIds(await readFile(file, 'utf8'))).to.deep.equal([second]);
    expect((await stat(file)).mode & 0o777).to.equal(0o600);

    const get = await cli('config', 'get', 'csrfSecret', '--show-secret');
    expect(get.code, get.stderr).to.equal(0);
    expect(get.stdout.trim()).to.equal('"csrf-secret-value-0123456789"');
  });

  it('new-key prints an entry; rotate refuses when the ring comes from CRM_HOST_KEY', async () => {
    const entry = await runCrmHost(['secrets', 'new-key']);
    expect(entry.code).to.equal(0);
    expect(entry.stdout.trim()).to.match(/^k[0-9a-f]{8}:[A-Za-z0-9_-]{43}$/);
    const refused = await runCrmHost(['secrets', 'rotate', '--root', root], {
      env: { CRM_HOST_KEY: entry.stdout.trim() },
    });
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('The key ring comes from CRM_HOST_KEY').and.contain('crm-host secrets new-key');
  });
});
