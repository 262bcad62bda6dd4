import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, mariaDbUnavailableReason, startMariaDb } from 'crm-host/testing';
import { startCluster, type Cluster } from '../../support/cluster/cluster.js';

const GUESSES = 100;
const PER_USER = 5;

interface Answer {
  status: number;
  code: string | null;
  cookie: string | null;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let code: string | null;
  try {
    code = (JSON.parse(text) as { code?: string }).code ?? null;
  } catch {
    code = null;
  }
  return { status: response.status, code, cookie: response.headers.get('set-cookie') };
}

function tally(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

/**
 * Issue 12 item 4, row "The password-login limit ... checked before the slow scrypt and counted after it":
 * two reference host processes on one database behind a round-robin balancer; 100 concurrent guesses with
 * the right password last. The attempt is reserved in the database before the KDF, so at most the limit
 * is checked across both processes and the right password of the burst does not get through.
 */
for (const kind of ['mariadb', 'libsql'] as const) {
  describe(`regression: password-limit-race-concurrent-guesses across two host processes [${kind}]`, function () {
    this.timeout(180_000);
    let cluster: Cluster;
    let dir: string | undefined;

    before(async function () {
      let databaseUrl: string;
      if (kind === 'mariadb') {
        if (mariaDbUnavailableReason()) this.skip();
        await startMariaDb();
        databaseUrl = await createDatabase();
      } else {
        dir = await mkdtemp(path.join(tmpdir(), 'pw-limits-'));
        databaseUrl = `libsql:${path.join(dir, 'crm.db')}`;
      }
      cluster = await startCluster({ processes: 2, databaseUrl, extension: false });
      const any = cluster.any();
      await any.call({ type: 'user.create', userName: 'root', password: 'root-pass-1', userType: 'admin' });
      await any.call({ type: 'user.create', userName: 'alice', password: 'alice-pass-1', userType: 'regular' });
      await any.call({ type: 'user.create', userName: 'pat', password: 'pat-pass-12', userType: 'regular' });
      await any.sql("UPDATE users SET type = 'portal' WHERE user_name = 'pat'");
    });
    after(async () => {
      await cluster?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    async function burst(url: string, userName: string, right: string): Promise<Answer[]> {
      return Promise.all(
        Array.from({ length: GUESSES }, (_, i) =>
          post(url, { userName, password: i === GUESSES - 1 ? right : `guess-${i}` }),
        ),
      );
    }

    it('CRM sign-in: at most 5 of 100 concurrent guesses are checked, the right one (last) is refused', async () => {
      const served = [...cluster.balancer!.served];
      const answers = await burst(`${cluster.url}/api/v1/App/login`, 'alice', 'alice-pass-1');
      const counts = tally(answers);
      expect(counts[200] ?? 0, JSON.stringify(counts)).to.equal(0);
      expect(counts[401] ?? 0, `passwords checked: ${JSON.stringify(counts)}`).to.be.at.most(PER_USER);
      expect(counts[429] ?? 0).to.be.at.least(GUESSES - PER_USER);
      expect(answers.at(-1)).to.deep.include({ status: 429, code: 'ERR_LOGIN_RATE_LIMITED' });
      const after = cluster.balancer!.served;
      expect(after[0]! - served[0]!, 'process 1 answered').to.be.above(10);
      expect(after[1]! - served[1]!, 'process 2 answered').to.be.above(10);
      // Both processes counted in the same database row.
      const rows = await cluster
        .any()
        .sql<{ attempts: number | string }>("SELECT attempts FROM login_attempts WHERE id LIKE 'user:%'");
      expect(rows.map((r) => Number(r.attempts))).to.deep.equal([PER_USER]);
    });

    it('portal sign-in: the same limit holds on the portal password route', async () => {
      const admin = await post(`${cluster.url}/api/v1/App/login`, { userName: 'root', password: 'root-pass-1' });
      expect(admin.status).to.equal(200);
      const cookie = /crm_session=([^;]+)/.exec(admin.cookie ?? '')![1]!;
      const me = await fetch(`${cluster.url}/api/v1/App/user`, { headers: { cookie: `crm_session=${cookie}` } });
      const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
      const auth = { cookie: `crm_session=${cookie}`, 'x-csrf-token': csrf };
      const portal = await fetch(`${cluster.url}/api/v1/Portal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ name: 'Customers', urlId: 'customers' }),
      });
      expect(portal.status).to.equal(201);
      const { id } = (await portal.json()) as { id: string };
      const link = await post(`${cluster.url}/api/v1/Portal/${id}/users`, { userId: 'pat' }, auth);
      expect(link.status).to.equal(200);

      const answers = await burst(`${cluster.url}/portal/customers/api/v1/App/login`, 'pat', 'pat-pass-12');
      const counts = tally(answers);
      expect(counts[200] ?? 0, JSON.stringify(counts)).to.equal(0);
      expect(counts[401] ?? 0, `passwords checked: ${JSON.stringify(counts)}`).to.be.at.most(PER_USER);
      expect(answers.at(-1)).to.deep.include({ status: 429, code: 'ERR_LOGIN_RATE_LIMITED' });
    });
  });
}
