import { expect } from 'chai';
import { newId } from '../../sdk/entities/ids.js';
import type { PurgeTask } from '../../sdk/maintenance.js';
import { TYPES } from '../../sdk/tokens.js';
import { purgeRunnerOf } from '../../src/http/server.js';
import { MAX_BATCHES_PER_RUN } from '../../src/maintenance/purge-runner.js';
import { forEachDatabase } from '../../src/testing/index.js';
import { bootHttpTestHost, type HttpTestHost } from '../http/support/test-host.js';

const DAY = 86_400_000;

forEachDatabase('maintenance: the purge job', (db) => {
  let a: HttpTestHost;
  let b: HttpTestHost;

  beforeEach(async () => {
    const databaseUrl = await db.createUrl();
    a = await bootHttpTestHost({ databaseUrl });
    b = await bootHttpTestHost({ databaseUrl });
    b.clock.time = a.clock.time;
  });
  afterEach(async () => {
    await b?.cleanup();
    await a?.cleanup();
  });

  async function seedAuthLog(count: number, ageMs: number): Promise<void> {
    const platform = a.persistence.em().getPlatform();
    const createdAt = platform.processDateProperty(new Date(a.clock.now() - ageMs));
    const rows = Array.from({ length: count }, (_, i) => ({
      id: newId(),
      method: 'Password',
      result: 'failure',
      reason_code: 'ERR_PASSWORD_INVALID',
      ip_address: `192.0.2.${i % 250}`,
      created_at: createdAt,
      attempt_count: 1,
    }));
    for (let i = 0; i < rows.length; i += 200)
      await a.persistence
        .knex()('auth_log_records')
        .insert(rows.slice(i, i + 200));
  }

  const count = async (): Promise<number> =>
    Number(((await a.persistence.knex()('auth_log_records').count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);

  it('two processes purging at once delete every expired row once, in bounded batches, and keep the rest', async () => {
    await a.config.set({ authLogRetention: '30 days', purgeBatchSize: 100 });
    await b.config.refresh();
    await seedAuthLog(1200, 31 * DAY);
    await seedAuthLog(50, 29 * DAY);
    const [ra, rb] = await Promise.all([purgeRunnerOf(a).runOnce(), purgeRunnerOf(b).runOnce()]);
    expect(await count()).to.equal(50);
    // Each row was deleted by exactly one of them (a DELETE of ids already gone deletes nothing).
    expect(ra['host.auth-log']! + rb['host.auth-log']!).to.equal(1200);
    expect([...a.logLines, ...b.logLines].join('\n')).to.not.contain('WARN_PURGE_TASK_FAILED');
  });

  it('a run stops after MAX_BATCHES_PER_RUN batches; the next run goes on', async () => {
    await a.config.set({ authLogRetention: '30 days', purgeBatchSize: 1 });
    await seedAuthLog(MAX_BATCHES_PER_RUN + 20, 31 * DAY);
    const first = await purgeRunnerOf(a).runOnce();
    expect(first['host.auth-log']).to.equal(MAX_BATCHES_PER_RUN);
    expect(await count()).to.equal(20);
    await purgeRunnerOf(a).runOnce();
    expect(await count()).to.equal(0);
  });

  it("runs the extensions' PurgeTask bindings; a failing task is logged and the others still run", async () => {
    const seen: Array<{ now: number; limit: number }> = [];
    a.container.bind<PurgeTask>(TYPES.PurgeTask).toConstantValue({
      name: 'test.broken',
      purge: () => Promise.reject(new Error('table is gone')),
    });
    a.container.bind<PurgeTask>(TYPES.PurgeTask).toConstantValue({
      name: 'test.counting',
      purge: async (now, limit) => {
        seen.push({ now, limit });
        return 0;
      },
    });
    const removed = await purgeRunnerOf(a).runOnce();
    expect(removed).to.include({ 'test.broken': 0, 'test.counting': 0 });
    expect(seen).to.deep.equal([{ now: a.clock.now(), limit: 1000 }]);
    expect(a.logLines.join('\n')).to.contain('WARN_PURGE_TASK_FAILED').and.contain('test.broken');
  });
});
