/** Tunables of the login flow (bound as a constant; tests and deployments may rebind). */
export interface OidcFlowOptions {
  /** How long a started login may take (default 10 minutes). */
  readonly transactionLifetimeMs: number;
  /** Pending transactions kept per browser; older ones are dropped (default 5). */
  readonly maxPendingPerBrowser: number;
  /** Used/expired rows are kept this long past expiry so that a replay is reported as one (default 1 hour). */
  readonly replayMemoryMs: number;
  /** Expired rows are purged at most this often per process (default 1 minute). */
  readonly purgeIntervalMs: number;
  /** Logins one client address may start per minute, per process (0: no limit; default 60). */
  readonly maxStartsPerIpPerMinute: number;
  /** Name of the HttpOnly SameSite=Lax browser-binding cookie. */
  readonly browserCookieName: string;
}

export const DEFAULT_FLOW_OPTIONS: OidcFlowOptions = Object.freeze({
  transactionLifetimeMs: 10 * 60_000,
  maxPendingPerBrowser: 5,
  replayMemoryMs: 60 * 60_000,
  purgeIntervalMs: 60_000,
  maxStartsPerIpPerMinute: 60,
  browserCookieName: 'crm_oidc_tx',
});
