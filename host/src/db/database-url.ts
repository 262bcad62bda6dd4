import { isAbsolute, join, resolve } from 'node:path';
import { HostError } from '../../sdk/errors.js';
import type { DatabasePlatform } from '../../sdk/persistence.js';

export interface LibSqlTarget {
  platform: 'sqlite';
  /** A file path or `:memory:`. */
  file: string;
}

export interface MySqlTarget {
  platform: 'mysql';
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  socketPath: string | undefined;
}

export type DatabaseTarget = LibSqlTarget | MySqlTarget;

/** The URL with any password replaced, safe for logs and messages. */
export function describeDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*):\/\/([^:@/]*):[^@]*@/i, '$1://$2:***@');
}

function invalid(url: string, why: string): HostError {
  return new HostError('ERR_DATABASE_URL_INVALID', `Database URL ${describeDatabaseUrl(url)} is invalid: ${why}`, {
    status: 500,
    i18nKey: 'Global.messages.databaseUrlInvalid',
  });
}

export function defaultDatabaseUrl(dataDir: string): string {
  return `libsql:${join(dataDir, 'crm.db')}`;
}

/**
 * Parses a database URL:
 * - `libsql::memory:`, `libsql:<file>` (relative to `root`), `file:<file>`: the embedded database;
 * - `mysql://user:pass@host:port/db`, `mysql://user@localhost/db?socket=/path.sock` (also `mariadb://`).
 */
export function parseDatabaseUrl(url: string, root: string): DatabaseTarget {
  const trimmed = url.trim();
  const embedded = /^(libsql|file|sqlite):(.*)$/i.exec(trimmed);
  if (embedded && !trimmed.includes('://')) {
    const file = embedded[2] ?? '';
    if (file === '') throw invalid(url, 'no file name after the scheme');
    if (file === ':memory:') return { platform: 'sqlite', file };
    return { platform: 'sqlite', file: isAbsolute(file) ? file : resolve(root, file) };
  }
  if (/^(mysql|mariadb):\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw invalid(url, 'not a URL');
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) throw invalid(url, 'the path must name the database');
    const port = parsed.port ? Number(parsed.port) : 3306;
    return {
      platform: 'mysql',
      host: parsed.hostname || 'localhost',
      port,
      user: decodeURIComponent(parsed.username) || 'root',
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      database,
      socketPath: parsed.searchParams.get('socket') ?? undefined,
    };
  }
  throw invalid(url, 'use libsql:<file>, libsql::memory: or mysql://user:pass@host:port/db');
}

export function platformOf(target: DatabaseTarget): DatabasePlatform {
  return target.platform;
}
