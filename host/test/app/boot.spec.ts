import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { TYPES } from '../../sdk/tokens.js';
import { HostError } from '../../sdk/errors.js';
import type { ConfigService } from '../../sdk/config.js';
import type { SiteUrl } from '../../sdk/instance.js';
import { bootHost } from '../../src/app/boot.js';
import { bootTestHost, createTempInstance } from '../../src/testing/index.js';
import { emptyEntry, writeExtension } from '../../src/testing/index.js';

describe('bootHost', () => {
  it('boots on an in-memory libsql database with core bindings for every host service', async () => {
    const host = await bootTestHost({ siteUrl: 'http://127.0.0.1:8080/' });
    try {
      for (const id of [
        TYPES.Config,
        TYPES.Metadata,
        TYPES.I18n,
        TYPES.Logger,
        TYPES.Clock,
        TYPES.Persistence,
        TYPES.InstancePaths,
        TYPES.SiteUrl,
      ]) {
        expect(host.container.isBound(id), String(id)).to.equal(true);
      }
      expect(host.container.get<ConfigService>(TYPES.Config)).to.equal(host.config);
      expect(host.container.get<SiteUrl>(TYPES.SiteUrl).resolve('/x')).to.equal('http://127.0.0.1:8080/x');
      expect(host.persistence.platform).to.equal('sqlite');
      expect(host.metadata.get(['app', 'config', 'siteUrl', 'level'])).to.equal('public');
      expect(host.i18n.translate('Global', 'labels', 'Login')).to.equal('Log in');
    } finally {
      await host.cleanup();
    }
  });

  it('creates data/, custom/, extensions/ and the default database file data/crm.db', async () => {
    const instance = await createTempInstance();
    try {
      const saved = process.env.DATABASE_URL;
      delete process.env.DATABASE_URL;
      const host = await bootHost({ root: instance.root, logSink: () => undefined });
      if (saved !== undefined) process.env.DATABASE_URL = saved;
      await host.close();
      for (const dir of ['data', 'custom', 'extensions'])
        expect(existsSync(join(instance.root, dir)), dir).to.equal(true);
      expect(existsSync(join(instance.root, 'data', 'crm.db'))).to.equal(true);
      expect(existsSync(join(instance.root, 'data', 'cache', 'metadata.json'))).to.equal(true);
    } finally {
      await instance.cleanup();
    }
  });

  it('loads installed extensions: entry module, start() after the container, stop() on close', async () => {
    const instance = await createTempInstance();
    try {
      await writeExtension(instance.paths.extensions, {
        name: 'demo-ext',
        entrySource: `import { ContainerModule } from 'inversify';
import { TYPES } from 'crm-host/sdk';
export const calls = [];
export default {
  name: 'demo-ext',
  module: new ContainerModule(({ bind }) => { bind(Symbol.for('demo.Greeting')).toConstantValue('hello'); }),
  migrations: [{ name: '0001-demo', async up({ knex }) { await knex.schema.createTable('demo_items', (t) => { t.string('id', 36).primary(); }); },
    async down({ knex }) { await knex.schema.dropTable('demo_items'); } }],
  start(services) { globalThis.__demoStart = services.get(Symbol.for('demo.Greeting')) + ':' + services.isBound(TYPES.Config); },
  stop() { globalThis.__demoStop = true; },
};
`,
      });
      const host = await bootTestHost({ instance });
      const g = globalThis as { __demoStart?: string; __demoStop?: boolean };
      expect(g.__demoStart).to.equal('hello:true');
      expect(host.extensions.map((e) => e.manifest.name)).to.deep.equal(['demo-ext']);
      expect(await host.persistence.knex().schema.hasTable('demo_items')).to.equal(true);
      await host.close();
      expect(g.__demoStop).to.equal(true);
      delete g.__demoStart;
      delete g.__demoStop;
    } finally {
      await instance.cleanup();
    }
  });

  it('fails with ERR_EXTENSION_ENTRY_INVALID when an entry names another extension, and closes the database', async () => {
    const instance = await createTempInstance();
    try {
      await writeExtension(instance.paths.extensions, { name: 'bad-ext', entrySource: emptyEntry('other-name') });
      const error = await bootTestHost({ instance }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(HostError.is(error) && error.code).to.equal('ERR_EXTENSION_ENTRY_INVALID');
      expect((error as Error).message).to.contain('other-name');
    } finally {
      await instance.cleanup();
    }
  });

  it('rejects an unsupported database URL with ERR_DATABASE_URL_INVALID and no password in the message', async () => {
    const instance = await createTempInstance();
    try {
      const error = await bootTestHost({ instance, databaseUrl: 'postgres://u:hunter2@h/db' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(HostError.is(error) && error.code).to.equal('ERR_DATABASE_URL_INVALID');
      expect((error as Error).message).not.to.contain('hunter2');
    } finally {
      await instance.cleanup();
    }
  });

  it('boots with migrate:false on an empty database (config empty) and sees config once migrated', async () => {
    const host = await bootTestHost({ migrate: false });
    try {
      expect(await host.persistence.knex().schema.hasTable('users')).to.equal(false);
      expect(host.config.get('siteUrl')).to.equal(undefined);
      expect(host.logs.join('\n')).to.contain('Config table missing');
      const { runMigrations } = await import('../../src/db/migration-runner.js');
      const { HOST_MIGRATIONS } = await import('../../src/db/host-migrations.js');
      await runMigrations(host.persistence, 'host', HOST_MIGRATIONS);
      await host.config.set({ siteUrl: 'https://crm.example.com' });
      expect(host.config.get('siteUrl')).to.equal('https://crm.example.com');
    } finally {
      await host.cleanup();
    }
  });

  it('reports an unreachable MySQL server as ERR_DATABASE_UNAVAILABLE without the password', async () => {
    const error = await bootTestHost({ databaseUrl: 'mysql://crm:pw-not-shown@127.0.0.1:1/crm' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(HostError.is(error) && error.code).to.equal('ERR_DATABASE_UNAVAILABLE');
    expect((error as Error).message)
      .to.contain('127.0.0.1:1')
      .and.not.to.contain('pw-not-shown');
  });

  it('reads the metadata cache when fresh and rebuilds it when a file changed', async () => {
    const instance = await createTempInstance();
    try {
      const first = await bootTestHost({ instance });
      await first.close();
      const cacheFile = join(instance.paths.data, 'cache', 'metadata.json');
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { app: { config: Record<string, unknown> } };
      expect(cached.app.config).to.have.property('siteUrl');
      const { writeFileDeep } = await import('../../src/testing/index.js');
      await writeFileDeep(join(instance.paths.custom, 'metadata', 'app', 'config.json'), {
        myKey: { level: 'public' },
      });
      const second = await bootTestHost({ instance });
      try {
        expect(second.metadata.get('app.config.myKey.level')).to.equal('public');
        expect(JSON.parse(readFileSync(cacheFile, 'utf8')).app.config).to.have.property('myKey');
      } finally {
        await second.close();
      }
    } finally {
      await instance.cleanup();
    }
  });
});
