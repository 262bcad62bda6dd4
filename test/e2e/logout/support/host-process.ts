import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testHostEnv } from 'crm-host/testing';

export interface HostProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts `host-process-main.js` (compiled next to this file) as a separate OS process. */
export async function startHostProcess(env: { databaseUrl: string; siteUrl: string }): Promise<HostProcess> {
  const main = path.join(path.dirname(fileURLToPath(import.meta.url)), 'host-process-main.js');
  const child: ChildProcess = fork(main, [], {
    env: testHostEnv({ ...process.env, DATABASE_URL: env.databaseUrl, SITE_URL: env.siteUrl }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the second host did not start in 60 s')), 60_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve((m as { url: string }).url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the second host exited with ${String(code)}`));
    });
  });
  return {
    url,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
