import { expect } from 'chai';
import { HostError } from '../../sdk/errors.js';
import {
  bootTestHost,
  createTempInstance,
  forEachDatabase,
  testHostEnv,
  type TestHost,
} from '../../src/testing/index.js';
import { writeFileDeep } from '../../src/testing/index.js';
import { join } from 'node:path';

async function until(check: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - start;
}

forEachDatabase('config shared between host processes', (db) => {
  let a: TestHost;
  let b: TestHost;
  let url: string;
  before(async () => {
    url = await db.createUrl();
    const instance = await createTempInstance();
    await writeFileDeep(join(instance.paths.custom, 'metadata', 'app', 'config.json'), {
      clientSecret: { level: 'secret' },
      unsetSecret: { level: 'secret' },
      userThing: { level: 'user' },
    });
    // Two hosts on the same database, as two processes would be; b polls once per second (the default).
    a = await bootTestHost({ databaseUrl: url, instance, configPollIntervalMs: 0 });
    b = await bootTestHost({ databaseUrl: url, instance, configPollIntervalMs: 1000 });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await a?.instance.cleanup();
  });

  it('a value saved by one host is visible to the other after refresh()', async () => {
    await a.config.set({ applicationName: 'Acme CRM', limits: { max: 3, names: ['x', 'y'] } });
    expect(a.config.get('applicationName')).to.equal('Acme CRM');
    await b.config.refresh();
    expect(b.config.get('applicationName')).to.equal('Acme CRM');
    expect(b.config.get('limits')).to.deep.equal({ max: 3, names: ['x', 'y'] });
    const limits = b.config.get('limits') as { max: number };
    expect(() => {
      limits.max = 99;
    }, 'cached values are frozen').to.throw(TypeError);
  });

  it('becomes visible to the other host within about a second without refresh()', async () => {
    await a.config.set({ applicationName: 'Renamed CRM' });
    const waited = await until(() => b.config.get('applicationName') === 'Renamed CRM', 2500);
    expect(waited).to.be.below(2500);
  });

  it('removes a key set to undefined, everywhere', async () => {
    await a.config.set({ temporary: true });
    await b.config.refresh();
    expect(b.config.has('temporary')).to.equal(true);
    await a.config.set({ temporary: undefined });
    await b.config.refresh();
    expect(b.config.has('temporary')).to.equal(false);
    expect(b.config.get('temporary', 'fallback')).to.equal('fallback');
  });

  it('snapshot(level) shows only readable keys; secrets only as { isSet } to admins', async () => {
    await a.config.set({
      siteUrl: 'https://crm.example.com',
      clientSecret: 's3cr3t-value',
      userThing: 1,
      adminThing: 2,
    });
    const pub = a.config.snapshot('public');
    expect(pub).to.include({ siteUrl: 'https://crm.example.com' });
    expect(pub).not.to.have.any.keys('clientSecret', 'userThing', 'adminThing');
    const usr = a.config.snapshot('user');
    expect(usr).to.include({ userThing: 1 });
    expect(usr).not.to.have.any.keys('clientSecret', 'adminThing');
    const adm = a.config.snapshot('admin');
    expect(adm).to.deep.include({ adminThing: 2, clientSecret: { isSet: true }, unsetSecret: { isSet: false } });
    expect(JSON.stringify([pub, usr, adm])).not.to.contain('s3cr3t-value');
    expect(a.config.levelOf('clientSecret')).to.equal('secret');
    expect(a.config.levelOf('undeclared')).to.equal('admin');
  });

  it('never logs a secret value when saving', async () => {
    await a.config.set({ clientSecret: 'do-not-log-me' });
    expect(a.logs.join('\n')).not.to.contain('do-not-log-me');
  });

  it('sees a value saved by a separate OS process within about a second', async function () {
    this.timeout(30_000);
    const script = join(a.instance.root, 'set-config.mjs');
    await writeFileDeep(
      script,
      `import 'reflect-metadata';
import { bootHost } from 'crm-host/internal/app/boot';
const host = await bootHost({ root: process.argv[2], databaseUrl: process.argv[3], logSink: () => {}, configPollIntervalMs: 0 });
await host.config.set({ fromChild: { pid: process.pid } });
await host.close();
`,
    );
    const { execFile } = await import('node:child_process');
    const childPid = await new Promise<number>((resolve, reject) => {
      // The test hosts' key ring (CRM_HOST_KEY): the child is another process of the same instance.
      const child = execFile(process.execPath, [script, a.instance.root, url], { env: testHostEnv() }, (error) =>
        error ? reject(error) : resolve(child.pid ?? 0),
      );
    });
    await until(() => (b.config.get('fromChild') as { pid?: number } | undefined)?.pid === childPid, 2500);
  });

  it('refuses the reserved version key and empty keys', async () => {
    for (const key of ['__version__', '']) {
      const error = await a.config.set({ [key]: 1 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(HostError.is(error) && error.code, key).to.equal('ERR_CONFIG_KEY_INVALID');
    }
  });
});
