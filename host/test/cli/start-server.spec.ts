import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { newInstanceRoot, repoRoot } from '../extensions/support/test-instance.js';
import { CLI } from './run-cli.js';

/** Collects the child's stdout lines; `waitFor` resolves with the first line (seen or coming) that matches. */
function lineCollector(child: ChildProcessWithoutNullStreams): {
  lines: string[];
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
} {
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  const waitFor = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = () => {
        for (const line of lines) {
          const match = line.match(pattern);
          if (match) return resolve(match);
        }
        if (child.exitCode !== null) return reject(new Error(`crm-host exited before ${pattern}: ${lines.join('\n')}`));
        waiters.push(check);
      };
      child.once('exit', () => check());
      check();
    });
  return { lines, waitFor };
}

describe('crm-host start --demo (real server, child process)', function () {
  this.timeout(120000);
  let root: string;
  let child: ChildProcessWithoutNullStreams | undefined;

  before(async () => {
    root = await newInstanceRoot('serve');
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  });

  it('serves on the printed URL with the extension installed; the printed admin can sign in; SIGTERM stops it', async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.CRM_HOST_ROOT;
    child = spawn(process.execPath, [CLI, 'start', '--demo', '--port', '0', '--root', root], { cwd: repoRoot, env });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const out = lineCollector(child);
    const listening = await out.waitFor(/^crm-host listening on (http:\/\/127\.0\.0\.1:\d+)$/);
    const credentials = await out.waitFor(/^admin login: (\S+) \/ (\S+) \(shown once\)$/);
    const url = listening[1]!;
    const [userName, password] = [credentials[1]!, credentials[2]!];
    expect(out.lines.join('\n')).to.contain('oidc-auth 0.1.0 installed');

    const loginData = await fetch(`${url}/api/v1/App/loginData`);
    expect(loginData.status).to.equal(200);
    const login = await fetch(`${url}/api/v1/App/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });
    expect(login.status, await login.clone().text()).to.equal(200);
    expect(login.headers.get('set-cookie')).to.match(/HttpOnly/i);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited, stderr).to.equal(0);
    expect(path.isAbsolute(root)).to.equal(true);
  });
});
