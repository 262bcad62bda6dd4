/**
 * A periodic clean-up of rows that expire (`TYPES.PurgeTask`, multi-binding). The host runs every bound
 * task on each serving process every `purgeInterval` (host config, default 10 minutes) and on
 * `runPurge()`. Several processes on one database run them concurrently, so a task must be idempotent:
 * delete rows that are past their expiry as of `now` (`DELETE ... WHERE expires_at < now`), never
 * "the oldest N" or anything that depends on what another process did.
 */
export interface PurgeTask {
  /** Short stable name for logs (`oidc.login-transactions`). */
  readonly name: string;
  /**
   * Deletes at most `limit` rows that expired before `now` (epoch ms) and returns how many it deleted.
   * The host calls it again while it returns `limit` (up to a bound per run), so one call stays short.
   */
  purge(now: number, limit: number): Promise<number>;
}
