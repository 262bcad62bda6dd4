/**
 * Executes the README's "Run it for real" block literally (bash -e) in a fresh copy of the repository (the
 * tracked and unignored files: what a clone has, without node_modules, dist or build), on a new instance. The
 * only substitutions are the environment variables the block itself reads (CRM_HOST_ROOT, PORT,
 * CRM_SITE_URL). Used by test/e2e/acceptance/new-admin-no-demo.spec.ts, the suite's one execution of the
 * block (it runs `npm ci` and `npm run package`, which is slow).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './oidc-host.js';

const MARKER = '<!-- readme-run-it-for-real:';

/** The first ```sh block after the marker comment. */
export function runItForRealBlock(readme: string): string {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md has no "${MARKER}" marker`);
  const match = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!match) throw new Error('no ```sh block after the marker');
  return match[1]!;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** What a fresh clone has: tracked files and untracked unignored ones (the working tree under test). */
async function copyCheckout(to: string): Promise<void> {
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(repoRoot, file))) continue; // deleted in the working tree
    await mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await copyFile(path.join(repoRoot, file), path.join(to, file));
  }
}

function waitFor(child: ChildProcess, output: () => string, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = pattern.exec(output());
      if (m) {
        clearInterval(timer);
        clearTimeout(give);
        resolve(m);
      }
    }, 200);
    const give = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`timed out waiting for ${pattern}; output:\n${output().slice(-4000)}`));
    }, ms);
    child.on('exit', (code) => {
      clearInterval(timer);
      clearTimeout(give);
      const m = pattern.exec(output());
      if (m) resolve(m);
      else reject(new Error(`the block exited (${code}) before ${pattern}; output:\n${output().slice(-4000)}`));
    });
  });
}

export interface RunItForReal {
  /** `$CRM_SITE_URL`: http://127.0.0.1:<free port>. */
  readonly siteUrl: string;
  /** Everything the block printed so far (stdout and stderr). */
  output(): string;
  /**
   * SIGTERM to the block's process group; resolves true when every process of it exited (output complete),
   * false when some still ran after `ms`.
   */
  stop(ms?: number): Promise<boolean>;
  /** SIGKILL to whatever still runs, then removes the copy and the instance. */
  cleanup(): Promise<void>;
}

/** Runs the block until the host prints `crm-host listening on ...` (or fails with the block's output). */
export async function runItForReal(timeoutMs = 18 * 60_000): Promise<RunItForReal> {
  const block = runItForRealBlock(await readFile(path.join(repoRoot, 'README.md'), 'utf8'));
  const work = await mkdtemp(path.join(tmpdir(), 'readme-for-real-'));
  const checkout = path.join(work, 'checkout');
  await copyCheckout(checkout);
  await writeFile(path.join(work, 'block.sh'), block);
  const port = await freePort();
  const siteUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CRM_HOST_ROOT: path.join(work, 'instance'),
    PORT: String(port),
    CRM_SITE_URL: siteUrl,
  };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  let output = '';
  const child = spawn('bash', ['-e', path.join(work, 'block.sh')], {
    cwd: checkout,
    env,
    detached: true, // its own process group: npm, node and the server are stopped together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  // 'close': bash exited AND every process of the block (the node server) released the output pipes, so
  // what the server prints while it stops has arrived
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const cleanup = async (): Promise<void> => {
    if (child.pid && running()) process.kill(-child.pid, 'SIGKILL');
    await rm(work, { recursive: true, force: true });
  };
  try {
    await waitFor(child, () => output, /crm-host listening on (http:\/\/\S+)/, timeoutMs);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    siteUrl,
    output: () => output,
    async stop(ms = 30_000) {
      if (child.pid && running()) process.kill(-child.pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
      const done = await Promise.race([closed.then(() => true), late]);
      clearTimeout(timer);
      return done;
    },
    cleanup,
  };
}
