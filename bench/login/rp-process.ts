import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface BaselineRp {
  readonly url: string;
  /** The RP process's CPU time so far, µs (user + system). */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the openid-client baseline RP (`openid-client-rp-main.ts`) in its own process. */
export async function startBaselineRp(options: {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  port: number;
}): Promise<BaselineRp> {
  const child = fork(fileURLToPath(new URL('./openid-client-rp-main.js', import.meta.url)), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--no-warnings'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`baseline RP exited (${code}) before it was ready`)));
    child.once('message', (m: { type: string; url: string }) => resolve(m.url));
  });
  child.removeAllListeners('exit');
  return {
    url,
    async cpuMicros() {
      const reply = once(child, 'message') as Promise<[{ usage: NodeJS.CpuUsage }]>;
      child.send({ type: 'cpu' });
      const [{ usage }] = await reply;
      return usage.user + usage.system;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'stop' });
      await exited;
    },
  };
}
