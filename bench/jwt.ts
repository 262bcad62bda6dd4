/**
 * JWT verification benchmark (npm run bench:jwt): one process, the same tokens, side by side for RS256,
 * PS256, ES256, EdDSA and HS256:
 *   (a) raw node:crypto verify with a cached KeyObject + JSON.parse of header and payload (the limit),
 *   (b) jose.jwtVerify with the same checks (issuer, audience, pinned alg, required claims, max age),
 *   (c) our verifier (async `verify`, and the synchronous fast path `verifySync`).
 * Rates are per wall-clock second (tokens/s, the figure the targets of issue 3 are stated in) and per CPU
 * second of this process (user + system time of all its threads, so jose's WebCrypto work on the libuv
 * pool counts). The wall-clock figures are judged by default; on a loaded shared machine, where wall-clock
 * rates swing with other processes, judge the steadier CPU figures with BENCH_JUDGE=cpu.
 * Then JWKS fetch counts against a local HTTP server. Prints a table, the ratios and PASS/FAIL.
 */
import 'reflect-metadata';
import type { Clock, InstancePaths, Logger, MetadataService } from 'crm-host/sdk';
import {
  createHmac,
  createSecretKey,
  createVerify,
  generateKeyPairSync,
  randomUUID,
  timingSafeEqual,
  verify as nodeVerify,
  constants,
  type KeyObject,
} from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT, importJWK, jwtVerify } from 'jose';
import {
  AlgorithmRegistry,
  JwksSourcePool,
  JwtVerifierFactory,
  builtInImplementations,
  type JwtVerifier,
} from '../src/jwt/index.js';
import { NodeHttpClient } from '../src/net/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ISSUER = 'https://idp.example.com';
const CLIENT_ID = 'crm-client';
const SECRET = 'a-client-secret-of-at-least-32-bytes!!';
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 150);
const JUDGE = process.env['BENCH_JUDGE'] ?? 'wall';
if (JUDGE !== 'wall' && JUDGE !== 'cpu') {
  console.error(`BENCH_JUDGE must be "wall" or "cpu", not "${JUDGE}"`);
  process.exit(2);
}

const TARGETS: Record<string, { ca: number; cb: number }> = {
  RS256: { ca: 0.85, cb: 4 },
  PS256: { ca: 0.85, cb: 0 },
  ES256: { ca: 0.85, cb: 2 },
  EdDSA: { ca: 0.85, cb: 1.5 },
  HS256: { ca: 0.5, cb: 10 },
};

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  isLevelEnabled: () => false,
  child: () => silent,
};
const clock: Clock = { now: () => Date.now() };
const algorithms = JSON.parse(readFileSync(path.join(repoRoot, 'metadata/app/jwtAlgorithms.json'), 'utf8')) as unknown;
const metadata: MetadataService = {
  get: <T>(p: string | readonly string[], fallback?: T) =>
    (Array.isArray(p) ? p.join('.') : p) === 'app.jwtAlgorithms' ? (algorithms as T) : fallback,
  all: () => ({ app: { jwtAlgorithms: algorithms } }),
};
const paths: InstancePaths = {
  root: os.tmpdir(),
  data: os.tmpdir(),
  custom: path.join(os.tmpdir(), 'no-custom-here'),
  extensions: os.tmpdir(),
};
const registry = new AlgorithmRegistry(metadata, builtInImplementations(), silent, paths);
const pool = new JwksSourcePool(new NodeHttpClient(), clock, silent);
const factory = new JwtVerifierFactory(registry, pool, clock);

interface Case {
  alg: string;
  token: string;
  raw: () => void;
  rawAlt: (() => void) | undefined;
  jose: () => Promise<unknown>;
  ours: JwtVerifier;
}

function rawVerifier(token: string, check: (input: Buffer, sig: Buffer) => boolean): () => void {
  return () => {
    const a = token.indexOf('.');
    const b = token.indexOf('.', a + 1);
    const input = Buffer.from(token.slice(0, b), 'latin1');
    const sig = Buffer.from(token.slice(b + 1), 'base64url');
    if (!check(input, sig)) throw new Error('raw verify failed');
    JSON.parse(Buffer.from(token.slice(0, a), 'base64url').toString('utf8'));
    JSON.parse(Buffer.from(token.slice(a + 1, b), 'base64url').toString('utf8'));
  };
}

async function makeCase(alg: string): Promise<Case> {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: ISSUER,
    sub: 'alice',
    aud: CLIENT_ID,
    iat: now,
    exp: now + 3600,
    nonce: 'n-0S6_WzA2Mj',
    email: 'alice@example.com',
    name: 'Alice Example',
  };
  let signKey: KeyObject | Uint8Array;
  let verifyKey: KeyObject;
  let joseKey: Awaited<ReturnType<typeof importJWK>>;
  let check: (input: Buffer, sig: Buffer) => boolean;
  let checkAlt: ((input: Buffer, sig: Buffer) => boolean) | undefined;
  if (alg === 'HS256') {
    signKey = new TextEncoder().encode(SECRET);
    verifyKey = createSecretKey(Buffer.from(SECRET));
    joseKey = signKey;
    check = (input, sig) =>
      sig.length === 32 && timingSafeEqual(createHmac('sha256', verifyKey).update(input).digest(), sig);
  } else {
    const pair =
      alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
        : alg === 'EdDSA'
          ? generateKeyPairSync('ed25519')
          : generateKeyPairSync('rsa', { modulusLength: 2048 });
    signKey = pair.privateKey;
    verifyKey = pair.publicKey;
    const jwk = { ...pair.publicKey.export({ format: 'jwk' }), alg, kid: 'k1', use: 'sig' };
    joseKey = await importJWK(jwk, alg);
    const options =
      alg === 'ES256'
        ? { key: verifyKey, dsaEncoding: 'ieee-p1363' as const }
        : alg === 'PS256'
          ? { key: verifyKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
          : verifyKey;
    const hash = alg === 'EdDSA' ? null : 'sha256';
    // The limit is the faster of node:crypto's two verify APIs (on Node 20, createVerify often wins).
    check = (input, sig) => nodeVerify(hash, input, options, sig);
    if (hash !== null) checkAlt = (input, sig) => createVerify(hash).update(input).verify(options, sig);
  }
  const token = await new SignJWT(claims).setProtectedHeader({ alg, kid: 'k1', typ: 'JWT' }).sign(signKey);
  const ours = factory.create(
    alg === 'HS256'
      ? { issuer: ISSUER, clientId: CLIENT_ID, algorithms: [alg], clientSecret: SECRET }
      : {
          issuer: ISSUER,
          clientId: CLIENT_ID,
          algorithms: [alg],
          staticKeys: [{ ...verifyKey.export({ format: 'jwk' }), alg, kid: 'k1' }],
        },
  );
  const joseOptions = {
    issuer: ISSUER,
    audience: CLIENT_ID,
    algorithms: [alg],
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    maxTokenAge: 600,
    clockTolerance: 30,
  };
  return {
    alg,
    token,
    raw: rawVerifier(token, check),
    rawAlt: checkAlt === undefined ? undefined : rawVerifier(token, checkAlt),
    jose: () => jwtVerify(token, joseKey, joseOptions),
    ours,
  };
}

/** Throughput of one round: ops per wall-clock second and per CPU second (user + system, all threads). */
interface Rate {
  wall: number;
  cpu: number;
}

function rate(ops: number, startWall: bigint, startCpu: NodeJS.CpuUsage): Rate {
  const wall = Number(process.hrtime.bigint() - startWall) / 1e9;
  const used = process.cpuUsage(startCpu);
  return { wall: ops / wall, cpu: ops / ((used.user + used.system) / 1e6) };
}

/** One round of ~ROUND_MS of a sync function. */
function measureSync(fn: () => void): Rate {
  let ops = 0;
  const startCpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(ROUND_MS) * 1_000_000n;
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 50; i++) fn();
    ops += 50;
  }
  return rate(ops, start, startCpu);
}

async function measureAsync(fn: () => Promise<unknown>): Promise<Rate> {
  let ops = 0;
  const startCpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(ROUND_MS) * 1_000_000n;
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 50; i++) await fn();
    ops += 50;
  }
  return rate(ops, start, startCpu);
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(9);
const ratio = (n: number): string => n.toFixed(2).padStart(6);

type Variant = 'a' | 'b' | 'c' | 's';

async function throughput(): Promise<boolean> {
  let ok = true;
  const rows: string[] = [];
  const wallRows: string[] = [];
  for (const alg of Object.keys(TARGETS)) {
    const c = await makeCase(alg);
    // Sanity: all of them accept the token before anything is timed.
    c.raw();
    c.rawAlt?.();
    await c.jose();
    await c.ours.verify(c.token);
    if (c.ours.verifySync(c.token) === undefined) throw new Error('sync path unavailable');
    const sync = () => void c.ours.verifySync(c.token);
    const ours = () => c.ours.verify(c.token);
    // Pick the faster raw API once (warm-up), so that (a) is not biased upwards by a max() per round.
    let raw = c.raw;
    if (c.rawAlt !== undefined) {
      const oneShot = median([1, 2, 3].map(() => measureSync(c.raw).cpu));
      const streaming = median([1, 2, 3].map(() => measureSync(c.rawAlt!).cpu));
      if (streaming > oneShot) raw = c.rawAlt;
    } else measureSync(c.raw);
    await measureAsync(c.jose);
    await measureAsync(ours);
    const rounds: Record<Variant, Rate[]> = { a: [], b: [], c: [], s: [] };
    for (let r = 0; r < ROUNDS; r++) {
      rounds.a.push(measureSync(raw));
      rounds.b.push(await measureAsync(c.jose));
      rounds.c.push(await measureAsync(ours));
      rounds.s.push(measureSync(sync));
    }
    const m = (v: Variant, k: keyof Rate) => median(rounds[v].map((x) => x[k]));
    const [a, b, cc, s] = (['a', 'b', 'c', 's'] as const).map((v) => m(v, 'cpu')) as [number, number, number, number];
    const t = TARGETS[alg]!;
    const meets = (ca: number, cb: number): boolean => ca >= t.ca && (t.cb === 0 || cb >= t.cb);
    const pass = meets(cc / a, cc / b);
    const targets = `>= ${t.ca}, ${t.cb === 0 ? 'none' : `>= ${t.cb}`}`.padEnd(20);
    rows.push(
      `${alg.padEnd(6)} | ${fmt(a)} | ${fmt(b)} | ${fmt(cc)} | ${fmt(s)} | ${ratio(cc / a)} | ${ratio(cc / b)} | ${ratio(s / a)} | ${ratio(a / b)} | ${targets} | ${pass ? 'PASS' : 'FAIL'}`,
    );
    const [wa, wb, wc, ws] = (['a', 'b', 'c', 's'] as const).map((v) => m(v, 'wall')) as [
      number,
      number,
      number,
      number,
    ];
    const wallPass = meets(wc / wa, wc / wb);
    ok &&= JUDGE === 'cpu' ? pass : wallPass;
    wallRows.push(
      `${alg.padEnd(6)} | ${fmt(wa)} | ${fmt(wb)} | ${fmt(wc)} | ${fmt(ws)} | ${ratio(wc / wa)} | ${ratio(wc / wb)} | ${ratio(ws / wa)} | ${wallPass ? 'PASS' : 'FAIL'}`,
    );
  }
  const header = 'alg    | (a) raw   | (b) jose  | (c) ours  | ours sync | c/a    | c/b    | sync/a ';
  console.log(`\njudged on: ${JUDGE === 'cpu' ? 'per CPU second (BENCH_JUDGE=cpu)' : 'per wall-clock second'}`);
  if (JUDGE === 'wall' && os.loadavg()[0]! > os.cpus().length) {
    console.log('warning: the load average exceeds the cores; wall-clock rates are unreliable (BENCH_JUDGE=cpu)');
  }
  console.log(
    `\nthroughput per CPU second (process user+system time, all threads), median of ${ROUNDS} interleaved rounds of ${ROUND_MS} ms`,
  );
  console.log(`${header}| a/b    | targets (c/a, c/b)   | result`);
  console.log(`${header.replace(/[^|]/g, '-')}|--------|----------------------|-------`);
  for (const row of rows) console.log(row);
  console.log('a/b is the ceiling of c/b on this machine: a verifier with zero overhead (c = a) reaches exactly a/b.');
  console.log('\nthroughput per wall-clock second (same rounds; swings with the load of the shared machine)');
  console.log(`${header}| result`);
  console.log(`${header.replace(/[^|]/g, '-')}|-------`);
  for (const row of wallRows) console.log(row);
  return ok;
}

async function jwksCounts(): Promise<boolean> {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches += 1;
    setTimeout(
      () =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            keys: [{ ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }],
          }),
        ),
      20,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  try {
    const now = Math.floor(Date.now() / 1000);
    const sign = (kid: string) =>
      new SignJWT({ iss: ISSUER, sub: 'alice', aud: CLIENT_ID, iat: now, exp: now + 3600 })
        .setProtectedHeader({ alg: 'RS256', kid })
        .sign(pair.privateKey);
    const cooldownMs = 1000;
    const verifier = factory.create({
      issuer: ISSUER,
      clientId: CLIENT_ID,
      algorithms: ['RS256'],
      jwksUri: uri,
      jwks: { cooldownMs },
    });
    const token = await sign('k1');
    const results = await Promise.all(Array.from({ length: 1000 }, () => verifier.verify(token).then(() => true)));
    const cold = fetches;
    const coldPass = cold === 1 && results.every(Boolean);
    console.log(
      `\nJWKS: 1,000 concurrent verifications on a cold cache -> ${cold} fetch(es) (target exactly 1): ${coldPass ? 'PASS' : 'FAIL'}`,
    );

    const tokens = await Promise.all(Array.from({ length: 10_000 }, () => sign(randomUUID())));
    const before = fetches;
    const started = Date.now();
    let rejected = 0;
    for (let i = 0; i < tokens.length; i += 500) {
      const batch = await Promise.allSettled(tokens.slice(i, i + 500).map((t) => verifier.verify(t)));
      rejected += batch.filter((r) => r.status === 'rejected').length;
    }
    const elapsed = Date.now() - started;
    const random = fetches - before;
    const allowed = Math.ceil(elapsed / cooldownMs);
    const randomPass = random <= allowed && rejected === tokens.length;
    console.log(
      `JWKS: 10,000 tokens with random unknown kids in ${elapsed} ms (cooldown ${cooldownMs} ms) -> ${random} fetch(es), ${rejected} rejected (target <= 1 per cooldown = ${allowed}): ${randomPass ? 'PASS' : 'FAIL'}`,
    );
    return coldPass && randomPass;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function main(): Promise<void> {
  console.log(`oidc-auth JWT benchmark — ${new Date().toISOString()}`);
  console.log(
    `node ${process.version}, ${os.cpus().length} cpu(s) ${os.cpus()[0]?.model ?? ''}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const tp = await throughput();
  const counts = await jwksCounts();
  console.log(
    `\nload average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(tp && counts ? 'ALL TARGETS MET' : 'SOME TARGETS MISSED');
  process.exitCode = tp && counts ? 0 : 1;
}

await main();
