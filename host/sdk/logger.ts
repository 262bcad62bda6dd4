export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The host log. `context` values under keys that look secret (token, secret, password, code,
 * authorization, cookie, assertion, id_token, ...) are replaced by `[redacted]` before anything is
 * written, except a reason code (`ERR_...`, `WARN_...`) under `code`, which is kept; callers must still
 * never put secrets into `message`.
 */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
  isLevelEnabled(level: LogLevel): boolean;
  /** A logger that prefixes messages and adds fixed context. */
  child(prefix: string, context?: Record<string, unknown>): Logger;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}
