import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, CpuSample, HostProcessConfig, RequestMessage } from './protocol.js';
import { testHostEnv } from 'crm-host/testing';

const MAIN = fileURLToPath(new URL('./host-process-main.js', import.meta.url));

type Request = RequestMessage extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** One reference host in its own process (see `host-process-main.ts`). */
export class HostProcess {
  /** Every log line the process wrote. */
  readonly logs: string[] = [];
  /** Resolves with the exit code (or the signal name) once the process has gone. */
  readonly exited: Promise<number | string>;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;
  private alive = true;

  private constructor(
    readonly index: number,
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.alive = false;
        for (const p of this.pending.values()) p.reject(new Error(`host process ${index} exited`));
        this.pending.clear();
        resolve(signal ?? code ?? 0);
      }),
    );
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'log') this.logs.push(message.line);
      if (message.type !== 'reply') return;
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) p?.resolve(message.value);
      else p?.reject(new Error(`host process ${index}: ${message.error}`));
    });
  }

  /** Forks the process and waits until it listens (or fails to boot: the error carries its output). */
  static async start(
    index: number,
    config: HostProcessConfig,
    timeoutMs = 60_000,
    execArgv: readonly string[] = [],
    sourceMaps = true,
  ): Promise<HostProcess> {
    const child = fork(MAIN, [JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // The test key ring of this process: hosts it boots itself on the same database open the same secrets.
      env: testHostEnv({ ...process.env, NODE_ENV: 'test' }),
      execArgv: [...(sourceMaps ? ['--enable-source-maps'] : []), '--no-warnings', ...execArgv],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const logs: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`host process ${index} not ready after ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error): void => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`${error.message}\n${output}${logs.join('\n')}`));
      };
      child.on('message', (m: ChildMessage) => {
        if (m.type === 'log') logs.push(m.line);
        else if (m.type === 'ready') {
          clearTimeout(timer);
          resolve(m.url);
        } else if (m.type === 'fatal') fail(new Error(`host process ${index} failed to boot: ${m.error}`));
      });
      child.once('exit', (code, signal) => fail(new Error(`host process ${index} exited (${signal ?? code})`)));
    });
    child.removeAllListeners('message');
    child.removeAllListeners('exit');
    const hostProcess = new HostProcess(index, child, url);
    hostProcess.logs.push(...logs);
    return hostProcess;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.alive;
  }

  /** Sends a request and waits for its answer. */
  call<T = unknown>(request: Request): Promise<T> {
    if (!this.alive) return Promise.reject(new Error(`host process ${this.index} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...request, id } as RequestMessage);
    });
  }

  /** The process's own CPU time so far (take deltas around the work to measure). */
  cpu(): Promise<CpuSample> {
    return this.call<CpuSample>({ type: 'cpu' });
  }

  /** Rows of a query run inside the process (on the shared database). */
  sql<T = Record<string, unknown>>(sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
    return this.call<T[]>({ type: 'sql', sql, bindings });
  }

  /** Graceful stop: close the server and the host, then exit. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    await this.call({ type: 'stop' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** `kill -9`: the process dies at once, mid-request if need be. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
