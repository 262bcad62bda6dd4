import type { CliIo } from 'crm-host/sdk';
import { runCli } from 'crm-host/internal/cli/main';
import { defaultRuntime } from 'crm-host/internal/cli/runtime';
import { defaultDatabaseUrl } from 'crm-host/internal/db/database-url';
import { createTempInstance, type TempInstance } from 'crm-host/testing';
import { expect } from 'chai';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { bootOidcHost } from '../../support/oidc-host.js';

class CapturedIo implements CliIo {
  stdout = '';
  stderr = '';
  out(line: string): void {
    this.stdout += `${line}\n`;
  }
  err(line: string): void {
    this.stderr += `${line}\n`;
  }
}

/** `crm-host oidc discover` through the host's real CLI dispatcher, on an instance with the extension installed. */
describe('oidc client: `crm-host oidc discover` through the host CLI', function () {
  let op: FakeOp;
  let instance: TempInstance;
  const cli = async (...args: string[]) => {
    const io = new CapturedIo();
    const code = await runCli([...args, '--root', instance.root], io, { runtime: defaultRuntime, env: {} });
    return { code, ...io };
  };

  before(async function () {
    op = await startFakeOp({ issuerPath: '/realms/crm' });
    instance = await createTempInstance('oidc-cli-');
    // Lay the extension out and create the schema on the instance's own database file.
    const host = await bootOidcHost({ instance, databaseUrl: defaultDatabaseUrl(instance.paths.data) });
    await host.cleanup();
  });
  after(async function () {
    await instance?.cleanup();
    await op?.stop();
  });

  it('lists the command in its group', async function () {
    const help = await cli('oidc', '--help');
    expect(help.code, help.stderr).to.equal(0);
    expect(help.stdout).to.contain('crm-host oidc discover');
  });

  it('prints the report (exit 0), then --save writes the endpoints', async function () {
    const dry = await cli('oidc', 'discover', '--issuer', op.issuer);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.contain(`oidcTokenEndpoint = ${op.endpoints.token}  (changed)`);
    expect(dry.stdout).to.contain('Nothing saved');
    const saved = await cli('oidc', 'discover', '--issuer', op.issuer, '--save');
    expect(saved.code, saved.stderr).to.equal(0);
    const read = await cli('config', 'get', 'oidcTokenEndpoint');
    expect(JSON.parse(read.stdout)).to.equal(op.endpoints.token);
    const again = await cli('oidc', 'discover');
    expect(again.stdout).to.not.contain('(changed)');
  });

  it('exit 1 with the code when the issuer does not match; exit 2 for bad arguments', async function () {
    op.behave({ discovery: 'issuer-mismatch' });
    try {
      const run = await cli('oidc', 'discover', '--issuer', op.issuer);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^ERR_OIDC_DISCOVERY_ISSUER_MISMATCH: /);
    } finally {
      op.reset();
    }
    const bad = await cli('oidc', 'discover', '--shout');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain("oidc discover: Unknown option '--shout'");
  });
});
