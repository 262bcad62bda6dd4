/**
 * `npm run bench`: every benchmark with a target, one after the other, each in its own process (so one's
 * caches, JIT state and heap do not colour the next), with its own output, then one summary line per
 * benchmark and exit code 1 when any missed its target (2 when one could not run).
 *
 *   npm run bench [-- --only jwt,login]
 *
 * Each one also runs alone: `npm run bench:jwt`, `bench:team-mapping`, `bench:login`, `bench:api`
 * (their options are listed in docs/benchmarks.md). `bench/login-steps.ts` is a diagnostic without a
 * target and is not part of this run.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = [
  { name: 'jwt', file: 'jwt.js', targets: 'token verification throughput vs jose; JWKS single flight' },
  { name: 'team-mapping', file: 'team-mapping.js', targets: '10,000 groups x 1,000 rules, p99 < 5 ms' },
  { name: 'login', file: 'login.js', targets: 'logins/s vs openid-client, host CPU per login' },
  { name: 'api', file: 'api.js', targets: 'bearer-token requests/s >= 0.8x session cookie' },
] as const;

function selected(): readonly (typeof BENCHMARKS)[number][] {
  const i = process.argv.indexOf('--only');
  if (i < 0) return BENCHMARKS;
  const names = (process.argv[i + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (names.length === 0 || unknown.length > 0) {
    console.error(
      `--only needs a comma-separated list of: ${BENCHMARKS.map((b) => b.name).join(', ')}` +
        (unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''),
    );
    process.exit(2);
  }
  return BENCHMARKS.filter((b) => names.includes(b.name));
}

function run(file: string): Promise<{ code: number; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL(file, import.meta.url))], { stdio: 'inherit' });
    child.on('exit', (code, signal) =>
      resolve({ code: code ?? (signal ? 2 : 1), seconds: (Date.now() - started) / 1000 }),
    );
    child.on('error', () => resolve({ code: 2, seconds: (Date.now() - started) / 1000 }));
  });
}

const VERDICT: Readonly<Record<number, string>> = { 0: 'PASS', 1: 'FAIL (target missed)' };

const results: { name: string; code: number; seconds: number }[] = [];
const chosen = selected();
for (const [i, bench] of chosen.entries()) {
  console.log(`\n=== [${i + 1}/${chosen.length}] bench:${bench.name} (${bench.targets})\n`);
  results.push({ name: bench.name, ...(await run(bench.file)) });
}
console.log('\n=== summary');
for (const r of results) {
  console.log(
    `bench:${r.name.padEnd(13)} ${(VERDICT[r.code] ?? `ERROR (exit ${r.code})`).padEnd(22)} ${r.seconds.toFixed(0)} s`,
  );
}
process.exitCode = results.some((r) => r.code >= 2 || !(r.code in VERDICT))
  ? 2
  : results.some((r) => r.code === 1)
    ? 1
    : 0;
