/**
 * Who may read a config parameter. Declared per key in metadata `app.config.<key>.level`.
 * - `public`: anyone, also before login (login page data).
 * - `user`: any signed-in user.
 * - `admin`: administrators only.
 * - `secret`: never read back by any client, never logged; admins only see whether it is set.
 */
export type ConfigLevel = 'public' | 'user' | 'admin' | 'secret';

export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

export interface ConfigService {
  /** The current value, or `fallback` when unset. Values are cached per process and refreshed on change. */
  get<T extends ConfigValue = ConfigValue>(key: string, fallback?: T): T | undefined;
  has(key: string): boolean;
  /** All values a reader of `level` may see (`secret` keys appear as `{ isSet: boolean }` for admins). */
  snapshot(level: Exclude<ConfigLevel, 'secret'>): Record<string, unknown>;
  /** Saves several values atomically (no validation: use the settings API for admin input). */
  set(values: Record<string, ConfigValue | undefined>): Promise<void>;
  /** Re-reads the shared store now (other host processes may have written). */
  refresh(): Promise<void>;
  levelOf(key: string): ConfigLevel;
}
