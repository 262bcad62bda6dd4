import type { Logger, LogLevel } from '../../sdk/logger.js';
import { redact, redactString } from './redact.js';

export const LOG_LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFormat = 'text' | 'json';

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  /** Receives one finished line (no trailing newline). Default: stderr. */
  sink?: (line: string) => void;
  /** Current time in ms (default Date.now). */
  now?: () => number;
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.hasOwn(LOG_LEVELS, value);
}

const stderrSink = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** The host logger: level filter, redaction of secrets, text or JSON lines. */
export class HostLogger implements Logger {
  private readonly threshold: number;

  constructor(
    private readonly options: Required<LoggerOptions>,
    private readonly prefix = '',
    private readonly fixed: Record<string, unknown> = {},
  ) {
    this.threshold = LOG_LEVELS[options.level];
  }

  static create(options: LoggerOptions = {}): HostLogger {
    return new HostLogger({
      level: options.level ?? 'info',
      format: options.format ?? 'text',
      sink: options.sink ?? stderrSink,
      now: options.now ?? Date.now,
    });
  }

  debug(message: string, context?: Record<string, unknown>): void {
    this.write('debug', message, context);
  }
  info(message: string, context?: Record<string, unknown>): void {
    this.write('info', message, context);
  }
  warn(message: string, context?: Record<string, unknown>): void {
    this.write('warn', message, context);
  }
  error(message: string, context?: Record<string, unknown>): void {
    this.write('error', message, context);
  }

  isLevelEnabled(level: LogLevel): boolean {
    return LOG_LEVELS[level] >= this.threshold;
  }

  child(prefix: string, context: Record<string, unknown> = {}): Logger {
    const joined = this.prefix ? `${this.prefix}.${prefix}` : prefix;
    return new HostLogger(this.options, joined, { ...this.fixed, ...context });
  }

  private write(level: LogLevel, message: string, context: Record<string, unknown> | undefined): void {
    if (!this.isLevelEnabled(level)) return;
    const merged = { ...this.fixed, ...(context ?? {}) };
    const safe = redact(merged) as Record<string, unknown>;
    const time = new Date(this.options.now()).toISOString();
    const text = redactString(message);
    let line: string;
    if (this.options.format === 'json') {
      line = JSON.stringify({ time, level, ...(this.prefix ? { logger: this.prefix } : {}), message: text, ...safe });
    } else {
      const ctx = Object.keys(safe).length > 0 ? ` ${JSON.stringify(safe)}` : '';
      const name = this.prefix ? ` [${this.prefix}]` : '';
      line = `${time} ${level.toUpperCase().padEnd(5)}${name} ${text}${ctx}`;
    }
    try {
      this.options.sink(line);
    } catch {
      // A failing sink must never break the caller.
    }
  }
}

export const systemClock = { now: (): number => Date.now() };
