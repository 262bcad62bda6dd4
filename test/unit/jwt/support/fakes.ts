import type { Clock, InstancePaths, Logger, LogLevel, MetadataService } from 'crm-host/sdk';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/unit/jwt/support). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');

export interface LogLine {
  level: LogLevel;
  message: string;
  context: Record<string, unknown> | undefined;
}

/** A Logger that records every line (children share the record). */
export class RecordingLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly prefix = '',
  ) {}
  private add(level: LogLevel, message: string, context?: Record<string, unknown>): void {
    this.lines.push({ level, message: this.prefix + message, context });
  }
  debug(message: string, context?: Record<string, unknown>): void {
    this.add('debug', message, context);
  }
  info(message: string, context?: Record<string, unknown>): void {
    this.add('info', message, context);
  }
  warn(message: string, context?: Record<string, unknown>): void {
    this.add('warn', message, context);
  }
  error(message: string, context?: Record<string, unknown>): void {
    this.add('error', message, context);
  }
  isLevelEnabled(): boolean {
    return true;
  }
  child(prefix: string): Logger {
    return new RecordingLogger(this.lines, `${this.prefix}[${prefix}] `);
  }
  at(level: LogLevel): LogLine[] {
    return this.lines.filter((l) => l.level === level);
  }
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public time = Date.UTC(2026, 10, 23, 12, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
  get seconds(): number {
    return Math.floor(this.time / 1000);
  }
}

/** MetadataService over a plain tree. */
export class FakeMetadata implements MetadataService {
  constructor(private readonly tree: Record<string, unknown>) {}
  get<T = unknown>(p: string | readonly string[], fallback?: T): T | undefined {
    const parts = typeof p === 'string' ? p.split('.') : p;
    let node: unknown = this.tree;
    for (const part of parts) {
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return fallback;
      node = (node as Record<string, unknown>)[part];
    }
    return node as T;
  }
  all(): Readonly<Record<string, unknown>> {
    return this.tree;
  }
}

/** The extension's built-in `metadata/app/jwtAlgorithms.json`. */
export function builtInAlgorithmMetadata(): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(path.join(repoRoot, 'metadata/app/jwtAlgorithms.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
}

/** app.jwtAlgorithms = built-ins deep-merged with `custom` entries (as the host merges layers). */
export function metadataWith(custom: Record<string, Record<string, unknown>> = {}): FakeMetadata {
  const merged: Record<string, Record<string, unknown>> = builtInAlgorithmMetadata();
  for (const [alg, entry] of Object.entries(custom)) merged[alg] = { ...(merged[alg] ?? {}), ...entry };
  return new FakeMetadata({ app: { jwtAlgorithms: merged } });
}

export function instancePaths(root: string): InstancePaths {
  return {
    root,
    data: path.join(root, 'data'),
    custom: path.join(root, 'custom'),
    extensions: path.join(root, 'extensions'),
  };
}
