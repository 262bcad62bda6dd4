import { expect } from 'chai';
import type { Migration } from '../../sdk/persistence.js';
import { HostError } from '../../sdk/errors.js';
import { HOST_MIGRATION_OWNER, HOST_MIGRATIONS } from '../../src/db/host-migrations.js';
import { appliedMigrations, revertMigrations, runMigrations } from '../../src/db/migration-runner.js';
import { bootTestHost, forEachDatabase, type TestHost } from '../../src/testing/index.js';

const HOST_TABLES = [
  'users',
  'teams',
  'team_memberships',
  'auth_tokens',
  'auth_log_records',
  'extensions',
  'config',
  'migrations',
];

function demoMigrations(log: string[] = []): Migration[] {
  return [
    {
      name: '0002-add-notes',
      async up({ knex }) {
        log.push('up 0002');
        await knex.schema.alterTable('demo_things', (t) => t.string('notes', 200).nullable());
      },
      async down({ knex }) {
        log.push('down 0002');
        await knex.schema.alterTable('demo_things', (t) => t.dropColumn('notes'));
      },
    },
    {
      name: '0001-create',
      async up({ knex }) {
        log.push('up 0001');
        await knex.schema.createTable('demo_things', (t) => {
          t.string('id', 36).primary();
        });
      },
      async down({ knex }) {
        log.push('down 0001');
        await knex.schema.dropTable('demo_things');
      },
    },
  ];
}

forEachDatabase('migrations', (db) => {
  let host: TestHost;
  before(async () => {
    host = await bootTestHost({ databaseUrl: await db.createUrl() });
  });
  after(async () => host?.cleanup());

  it(`created every host table on ${db.label}`, async () => {
    for (const table of HOST_TABLES) expect(await host.persistence.knex().schema.hasTable(table), table).to.equal(true);
    expect(await appliedMigrations(host.persistence, HOST_MIGRATION_OWNER)).to.deep.equal(
      HOST_MIGRATIONS.map((m) => m.name),
    );
  });

  it('matches the entity metadata: the ORM schema diff is empty after migrating', async () => {
    const diff = await host.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).to.equal('');
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect(await runMigrations(host.persistence, HOST_MIGRATION_OWNER, HOST_MIGRATIONS)).to.deep.equal([]);
  });

  it('applies in name order, records each one, and reverts newest first', async () => {
    const log: string[] = [];
    const applied = await runMigrations(host.persistence, 'demo-ext', demoMigrations(log));
    expect(applied).to.deep.equal(['0001-create', '0002-add-notes']);
    expect(log).to.deep.equal(['up 0001', 'up 0002']);
    expect(await host.persistence.knex().schema.hasColumn('demo_things', 'notes')).to.equal(true);
    expect(await runMigrations(host.persistence, 'demo-ext', demoMigrations(log))).to.deep.equal([]);

    const reverted = await revertMigrations(host.persistence, 'demo-ext', demoMigrations(log));
    expect(reverted).to.deep.equal(['0002-add-notes', '0001-create']);
    expect(log.slice(2)).to.deep.equal(['down 0002', 'down 0001']);
    expect(await host.persistence.knex().schema.hasTable('demo_things')).to.equal(false);
    expect(await appliedMigrations(host.persistence, 'demo-ext')).to.deep.equal([]);
  });

  it('reverts only the named migrations', async () => {
    await runMigrations(host.persistence, 'demo-ext', demoMigrations());
    expect(await revertMigrations(host.persistence, 'demo-ext', demoMigrations(), ['0002-add-notes'])).to.deep.equal([
      '0002-add-notes',
    ]);
    expect(await appliedMigrations(host.persistence, 'demo-ext')).to.deep.equal(['0001-create']);
    await revertMigrations(host.persistence, 'demo-ext', demoMigrations());
  });

  it('a failing migration is reported with ERR_MIGRATION_FAILED and not recorded', async () => {
    const failing: Migration = {
      name: '0001-broken',
      async up({ knex }) {
        await knex.raw('select * from no_such_table_here');
      },
    };
    const error = await runMigrations(host.persistence, 'broken-ext', [failing]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(HostError.is(error) && error.code).to.equal('ERR_MIGRATION_FAILED');
    expect(await appliedMigrations(host.persistence, 'broken-ext')).to.deep.equal([]);
  });

  it('refuses to revert a migration without down() before running anything', async () => {
    const log: string[] = [];
    const migrations: Migration[] = [
      { name: '0001-a', up: async () => void log.push('up a'), down: async () => void log.push('down a') },
      { name: '0002-b', up: async () => void log.push('up b') },
    ];
    await runMigrations(host.persistence, 'oneway-ext', migrations);
    const error = await revertMigrations(host.persistence, 'oneway-ext', migrations).then(
      () => null,
      (e: unknown) => e,
    );
    expect(HostError.is(error) && error.code).to.equal('ERR_MIGRATION_IRREVERSIBLE');
    expect(log).to.deep.equal(['up a', 'up b']);
    expect(await appliedMigrations(host.persistence, 'oneway-ext')).to.deep.equal(['0001-a', '0002-b']);
  });

  it('two hosts starting together on the same database apply each migration once', async () => {
    const url = await db.createUrl();
    const counts = { up: 0 };
    const slow: Migration = {
      name: '0001-slow',
      async up({ knex }) {
        counts.up += 1;
        await new Promise((r) => setTimeout(r, 150));
        await knex.schema.createTable('race_things', (t) => t.string('id', 36).primary());
      },
    };
    const [a, b] = await Promise.all([
      bootTestHost({ databaseUrl: url, migrate: true }),
      bootTestHost({ databaseUrl: url, migrate: true }),
    ]);
    try {
      const results = await Promise.all([
        runMigrations(a.persistence, 'race-ext', [slow]),
        runMigrations(b.persistence, 'race-ext', [slow]),
      ]);
      expect(counts.up).to.equal(1);
      expect(results.flat()).to.deep.equal(['0001-slow']);
      expect(await appliedMigrations(a.persistence, HOST_MIGRATION_OWNER)).to.deep.equal(
        HOST_MIGRATIONS.map((m) => m.name),
      );
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });
});
