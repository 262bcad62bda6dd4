/**
 * Long fuzz run: the properties of test/fuzz/*.fuzz.spec.ts with fresh seeds until time is up.
 *
 *   npm run fuzz [-- --minutes 10] [--seed N] [--batch 2000] [--targets jwt,logout,callback] [--snapshots DIR]
 *                [--no-purge]
 *
 * Between batches the harness drops what its own test doubles record (the test host's captured log lines,
 * the fake OP's recorded requests, codes and tokens), then measures the heap after GC: the heap bound is
 * about the code under test. `--no-purge` keeps them (the growth that stopped the run of 2026-11-23);
 * `--snapshots DIR` writes heap snapshots after the first batch and at the end, to compare what grew.
 *
 * Prints progress every 10 s (cases, rate, heap after GC, slowest case, rejections by code). On a finding
 * it prints the seed, the path and the counterexample (fast-check's replay data) and exits 1; rerun with
 * `--seed N` to reproduce. Exits 0 with a summary when the time is up.
 */
import 'reflect-metadata';
import fc from 'fast-check';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { HEAP_GROWTH_LIMIT_MB, settledHeapMb, Tally } from './support/bounds.js';
import { callbackProperty } from './callback/callback-property.js';
import { jwtProperty } from './jwt/jwt-property.js';
import { jwtTargets } from './jwt/jwt-target.js';
import { logoutProperty } from './logout/logout-property.js';
import { logoutTarget } from './logout/logout-target.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} needs a positive number`);
    process.exit(2);
  }
  return value;
}

const minutes = option('minutes', 10);
const batch = Math.floor(option('batch', 2_000));
const fixedSeed = process.argv.includes('--seed') ? Math.floor(option('seed', 1)) : undefined;

function textOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}
const ALL_TARGETS = ['jwt', 'logout', 'callback'];
const chosen = (textOption('targets') ?? ALL_TARGETS.join(',')).split(',');
if (chosen.some((t) => !ALL_TARGETS.includes(t))) {
  console.error(`--targets takes a comma-separated subset of ${ALL_TARGETS.join(',')}`);
  process.exit(2);
}
/** Where to write heap snapshots (after the first batch and at the end), for comparing what grew. */
const snapshotDir = textOption('snapshots');
const purge = !process.argv.includes('--no-purge');

async function main(): Promise<number> {
  const { targets, dispose } = jwtTargets();
  const logout = await logoutTarget();
  const tally = new Tally();
  const logoutTally = new Tally();
  const callbackTally = new Tally();
  // Each batch: JWT verifier inputs, then back-channel logout requests (HTTP through the host, slower).
  const properties = [
    { name: 'jwt', property: jwtProperty(targets, tally), runs: batch },
    { name: 'logout', property: logoutProperty(logout, logoutTally), runs: Math.max(1, Math.floor(batch / 10)) },
    { name: 'callback', property: callbackProperty(logout, callbackTally), runs: Math.max(1, Math.floor(batch / 20)) },
  ].filter((p) => chosen.includes(p.name));
  const started = Date.now();
  const deadline = started + minutes * 60_000;
  const heapStart = settledHeapMb();
  let heapPeak = heapStart;
  let heap = heapStart;
  let lastReport = started;
  let batches = 0;
  console.log(
    `fuzz: ${properties.map((p) => (p.name === 'jwt' ? `jwt (${targets.map((t) => t.alg).join(', ')})` : p.name)).join(', ')}, ` +
      `${minutes} min, batches of ${batch}${purge ? '' : ', harness state kept (--no-purge)'}`,
  );
  try {
    while (Date.now() < deadline) {
      const seed = fixedSeed ?? randomInt(2 ** 31 - 1);
      for (const { name, property, runs } of properties) {
        const result = await fc.check(property as fc.IAsyncProperty<[unknown]>, {
          seed,
          numRuns: runs,
          endOnFailure: true,
        });
        if (result.failed) {
          console.error(`\nFINDING (${name}) with seed ${seed} (rerun: npm run fuzz -- --seed ${seed} --minutes 0.1)`);
          console.error(fc.defaultReportMessage(result) ?? '');
          console.error(String(result.errorInstance));
          return 1;
        }
      }
      batches++;
      if (purge) logout.purge();
      heap = settledHeapMb();
      if (snapshotDir && batches === 1)
        console.log(`snapshot ${writeHeapSnapshot(join(snapshotDir, 'first-batch.heapsnapshot'))}`);
      heapPeak = Math.max(heapPeak, heap);
      if (heap - heapStart > HEAP_GROWTH_LIMIT_MB) {
        console.error(`\nFINDING: heap grew ${(heap - heapStart).toFixed(1)} MiB after ${tally.cases} cases`);
        return 1;
      }
      if (Date.now() - lastReport >= 10_000 || Date.now() >= deadline) {
        lastReport = Date.now();
        const elapsed = (lastReport - started) / 1000;
        console.log(
          `[${elapsed.toFixed(0).padStart(4)} s] jwt ${tally.cases} cases (${(tally.cases / elapsed).toFixed(0)}/s), ` +
            `logout ${logoutTally.cases} requests, callbacks ${callbackTally.cases}, heap ${heap.toFixed(1)} MiB ` +
            `(rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB), ` +
            `slowest ${Math.max(tally.slowestMs, logoutTally.slowestMs, callbackTally.slowestMs).toFixed(1)} ms`,
        );
      }
      if (fixedSeed !== undefined) break;
    }
  } finally {
    if (snapshotDir) console.log(`snapshot ${writeHeapSnapshot(join(snapshotDir, 'end.heapsnapshot'))}`);
    dispose();
    await logout.dispose();
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`\nno finding in ${batches} batches, ${seconds.toFixed(0)} s`);
  console.log(
    `heap after GC: start ${heapStart.toFixed(1)} MiB, end ${heap.toFixed(1)} MiB, peak ${heapPeak.toFixed(1)} MiB ` +
      `(bound: growth under ${HEAP_GROWTH_LIMIT_MB} MiB); rss at the end ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`,
  );
  console.log(`jwt: ${tally.cases} tokens, slowest ${tally.slowestMs.toFixed(1)} ms; ${tally.summary()}`);
  console.log(
    `logout: ${logoutTally.cases} requests, slowest ${logoutTally.slowestMs.toFixed(1)} ms; ${logoutTally.summary()}`,
  );
  console.log(
    `callback: ${callbackTally.cases} requests, slowest ${callbackTally.slowestMs.toFixed(1)} ms; ${callbackTally.summary()}`,
  );
  return 0;
}

process.exitCode = await main();
