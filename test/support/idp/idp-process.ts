import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { IdpAccount, IdpEvent, OidcProviderOptions } from './idp-types.js';
import type { IdpEndpoints } from './oidc-provider-idp.js';

/** Options of an IdP in its own process: like startOidcProvider's, minus functions (they cannot cross IPC). */
export type IdpProcessOptions = Omit<OidcProviderOptions, 'configuration'>;

export interface IdpProcess {
  readonly issuer: string;
  readonly port: number;
  readonly endpoints: IdpEndpoints;
  readonly pid: number;
  /** Events relayed from the child (same IdpEvent shape). */
  readonly eventLog: IdpEvent[];
  setAccounts(accounts: IdpAccount[]): Promise<void>;
  rotateKeys(): Promise<void>;
  stop(): Promise<void>;
}

type Reply =
  | { type: 'ready'; issuer: string; port: number; endpoints: IdpEndpoints }
  | { type: 'done'; id: number; error?: string }
  | { type: 'event'; event: IdpEvent };

/**
 * Starts the oidc-provider IdP in a child process (its own event loop and core), e.g. for load benchmarks
 * where the host's CPU must not include the IdP's. The child is `idp-process-main.js`.
 */
export async function startOidcProviderProcess(options: IdpProcessOptions = {}): Promise<IdpProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./idp-process-main.js', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const eventLog: IdpEvent[] = [];
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let nextId = 1;
  const ready = new Promise<Extract<Reply, { type: 'ready' }>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`IdP process exited (${code}) before it was ready`)));
    child.on('message', (message: Reply) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'event') eventLog.push(message.event);
      else {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) call?.reject(new Error(message.error));
        else call?.resolve();
      }
    });
  });
  child.send({ type: 'start', options });
  const { issuer, port, endpoints } = await ready;
  const call = (type: string, payload?: unknown): Promise<void> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ type, id, payload });
    });
  return {
    issuer,
    port,
    endpoints,
    pid: child.pid ?? 0,
    eventLog,
    setAccounts: (accounts) => call('setAccounts', accounts),
    rotateKeys: () => call('rotateKeys'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      await call('stop').catch(() => undefined);
      child.disconnect();
      await exited;
    },
  };
}
