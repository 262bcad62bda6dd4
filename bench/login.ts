/**
 * Login benchmark: N concurrent simulated browsers each complete M full logins through the reference
 * host (start, IdP login form, callback, code exchange, ID token verification, userinfo, provisioning,
 * host session) against oidc-provider in a child process; in the same run, the same browsers log in
 * through a minimal openid-client RP (same protocol steps, no provisioning) against the same IdP.
 * Host, RP and IdP each run in their own process, so each one's CPU per login is its own.
 *
 *   npm run bench:login [-- --browsers 8 --logins 20 --rounds 2 --warmup 25 --db libsql,mariadb --profile DIR]
 *
 * Phases alternate (RP, host, RP, host...) so drift on a shared machine hits both alike. Reports
 * logins/s, p50/p99 latency per login, CPU per login of the RP process, and verdicts on the targets:
 * host logins/s >= 1.0x the baseline, host CPU per login <= 2 ms.
 */
import 'reflect-metadata';
import { mariaDbUnavailableReason } from 'crm-host/testing';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { quantile, runPhase, type PhaseOptions, type PhaseResult } from './login/drive.js';
import { databaseUrl, startRig, type Rig } from './login/setup.js';

const TARGET_RATIO = 1.0;
const TARGET_CPU_MS = 2;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
function count(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

const browsers = count('browsers', 8);
const logins = count('logins', 20);
const rounds = count('rounds', 2);
/**
 * Warm-up logins per browser for each RP before measuring: a host serves logins all day, so the figures are
 * taken once V8 has optimized the login path (with 2 warm-up logins the host's CPU per login read about 50 %
 * higher than after 25, the small baseline RP much less so).
 */
const warmup = count('warmup', 25);
const dbs = option('db', 'libsql,mariadb').split(',') as ('libsql' | 'mariadb')[];
/** `--profile DIR`: the host process writes a V8 CPU profile there (open it in Chrome DevTools). */
const profileDir = option('profile', '');

interface Row {
  db: string;
  rp: 'openid-client' | 'crm-host';
  logins: number;
  failures: string[];
  perSecond: number;
  p50: number;
  p99: number;
  cpuMs: number;
}

async function measure(
  rig: Rig,
  which: Row['rp'],
  phase: Omit<PhaseOptions, 'startUrl' | 'check'>,
): Promise<PhaseResult & { cpuMicros: number }> {
  const cpu =
    which === 'crm-host'
      ? async () => {
          const s = await rig.host.processes[0]!.cpu();
          return s.user + s.system;
        }
      : () => rig.rp.cpuMicros();
  const options: PhaseOptions =
    which === 'crm-host'
      ? {
          ...phase,
          startUrl: `${rig.host.url}/oidc/login?returnTo=/`,
          check: (browser, final) =>
            final.status === 200 && browser.cookies.get(rig.host.url, 'crm_session')
              ? null
              : `host: final page ${final.status} ${final.url.split('?')[0]} without a session` +
                ` (reason ${/data-code="([^"]+)"/.exec(final.body)?.[1] ?? final.body.slice(0, 120)})`,
        }
      : {
          ...phase,
          startUrl: `${rig.rp.url}/login`,
          check: (_b, final) =>
            final.status === 200 && final.body.startsWith('hello ')
              ? null
              : `rp: ${final.status} ${final.body.slice(0, 160)}`,
        };
  const before = await cpu();
  const result = await runPhase(options);
  return { ...result, cpuMicros: (await cpu()) - before };
}

async function benchDatabase(db: 'libsql' | 'mariadb'): Promise<Row[]> {
  const database = await databaseUrl(db);
  const rig = await startRig(database.url, browsers, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const totals = {
    'openid-client': { lat: [] as number[], wall: 0, cpu: 0, failures: [] as string[] },
    'crm-host': { lat: [] as number[], wall: 0, cpu: 0, failures: [] as string[] },
  };
  try {
    const account = (b: number) => `bench-user-${b}`;
    for (const which of ['openid-client', 'crm-host'] as const) {
      const w = await measure(rig, which, { browsers, logins: warmup, account });
      console.log(`  [${db}] warm-up ${which}: ${w.latenciesMs.length} ok, ${w.failures.length} failed`);
      if (w.failures.length > 0) {
        console.log(`    first failure: ${w.failures[0]}`);
        if (which === 'crm-host')
          for (const line of rig.host.processes[0]!.logs.slice(-3)) console.log(`    host log: ${line}`);
      }
    }
    for (let r = 0; r < rounds; r++) {
      for (const which of ['openid-client', 'crm-host'] as const) {
        const m = await measure(rig, which, { browsers, logins, account });
        const t = totals[which];
        t.lat.push(...m.latenciesMs);
        t.wall += m.wallMs;
        t.cpu += m.cpuMicros;
        t.failures.push(...m.failures);
        console.log(
          `  [${db}] round ${r + 1} ${which}: ${(m.latenciesMs.length / (m.wallMs / 1000)).toFixed(1)} logins/s, ${m.failures.length} failed`,
        );
      }
    }
    const logs = rig.host.processes[0]!.logs;
    console.log(
      `  [${db}] host log lines during the run: ${logs.length}${logs.length ? `; last: ${logs.at(-1)!.slice(0, 200)}` : ''}`,
    );
  } finally {
    await rig.stop();
    await database.cleanup();
  }
  return (['openid-client', 'crm-host'] as const).map((which) => {
    const t = totals[which];
    const ok = t.lat.length;
    return {
      db,
      rp: which,
      logins: ok,
      failures: t.failures,
      perSecond: ok / (t.wall / 1000),
      p50: quantile(t.lat, 0.5),
      p99: quantile(t.lat, 0.99),
      cpuMs: ok === 0 ? Number.NaN : t.cpu / 1000 / ok,
    };
  });
}

function printTable(rows: Row[]): boolean {
  console.log('\n| database | relying party | logins | failed | logins/s | p50 ms | p99 ms | RP CPU/login ms |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.db} | ${r.rp} | ${r.logins} | ${r.failures.length} | ${r.perSecond.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuMs.toFixed(2)} |`,
    );
  }
  let pass = true;
  console.log('');
  for (const db of new Set(rows.map((r) => r.db))) {
    const base = rows.find((r) => r.db === db && r.rp === 'openid-client')!;
    const host = rows.find((r) => r.db === db && r.rp === 'crm-host')!;
    const ratio = host.perSecond / base.perSecond;
    const ratioOk = host.failures.length === 0 && ratio >= TARGET_RATIO;
    const cpuOk = host.failures.length === 0 && host.cpuMs <= TARGET_CPU_MS;
    pass &&= ratioOk && cpuOk;
    console.log(
      `${db}: ratio ${ratio.toFixed(2)}x baseline (target >= ${TARGET_RATIO}) ${ratioOk ? 'PASS' : 'FAIL'}; ` +
        `host CPU ${host.cpuMs.toFixed(2)} ms/login (target <= ${TARGET_CPU_MS}) ${cpuOk ? 'PASS' : 'FAIL'}`,
    );
    if (host.failures.length > 0) console.log(`  host failures: ${host.failures.length}; first: ${host.failures[0]}`);
  }
  return pass;
}

async function main(): Promise<number> {
  console.log(`bench:login  ${new Date().toISOString()}  node ${process.version}`);
  console.log(
    `machine: ${cpus()[0]?.model ?? '?'} x${availableParallelism()}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `workload: ${browsers} browsers x ${logins} logins x ${rounds} rounds per RP (+${warmup} warm-up each), databases ${dbs.join(', ')}`,
  );
  const rows: Row[] = [];
  for (const db of dbs) {
    if (db === 'mariadb' && mariaDbUnavailableReason()) {
      console.log(`  [mariadb] skipped: ${mariaDbUnavailableReason()}`);
      continue;
    }
    rows.push(...(await benchDatabase(db)));
  }
  return printTable(rows) ? 0 : 1;
}

process.exitCode = await main();
process.exit();
