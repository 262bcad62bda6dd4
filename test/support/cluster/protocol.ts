/** IPC between the cluster harness (parent) and one host process (child). */

export interface HostProcessConfig {
  /** Instance root (extensions/, custom/, data/); processes of one cluster share it. */
  readonly root: string;
  readonly databaseUrl: string;
  /** Public URL (the balancer's, or the process's own). */
  readonly siteUrl: string;
  readonly port: number;
  /** Run pending migrations at boot (the first process of a cluster only). */
  readonly migrate: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Config polling interval, ms (how fast a process sees another's settings change). */
  readonly configPollIntervalMs: number;
  /** Overrides of the login flow tunables (`OidcFlowOptions`), rebound before the server starts. */
  readonly flowOptions?: Readonly<Record<string, unknown>>;
}

/** Requests the parent sends; each carries an id answered by a {@link ReplyMessage}. */
export type RequestMessage =
  | { readonly id: number; readonly type: 'cpu' }
  | { readonly id: number; readonly type: 'config.set'; readonly values: Record<string, unknown> }
  | { readonly id: number; readonly type: 'config.refresh' }
  | { readonly id: number; readonly type: 'config.get'; readonly key: string }
  | {
      readonly id: number;
      readonly type: 'user.create';
      readonly userName: string;
      readonly password: string;
      readonly userType: 'admin' | 'regular';
    }
  | { readonly id: number; readonly type: 'team.create'; readonly names: readonly string[] }
  | { readonly id: number; readonly type: 'sql'; readonly sql: string; readonly bindings?: readonly unknown[] }
  | { readonly id: number; readonly type: 'stop' };

export type ReplyMessage =
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly error: string };

/** Unprompted messages from the child. */
export type EventMessage =
  | { readonly type: 'ready'; readonly url: string; readonly pid: number }
  | { readonly type: 'log'; readonly line: string }
  | { readonly type: 'fatal'; readonly error: string };

export type ChildMessage = ReplyMessage | EventMessage;

/** CPU time of the child since it started, microseconds (user + system), and its uptime. */
export interface CpuSample {
  readonly user: number;
  readonly system: number;
  readonly wallMs: number;
}
