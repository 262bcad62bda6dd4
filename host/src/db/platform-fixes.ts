import type { MikroORM } from '@mikro-orm/core';

/*
 * Fixes for MikroORM 6.6.16 on our two platforms. Except for the JSON parsing on MariaDB, they concern
 * only how an existing schema is read back (the schema diff, `getUpdateSchemaSQL()`).
 * - SQLite: enum check constraints with more than two items are parsed wrongly (only the first and last
 *   item survive), so every enum column looks changed.
 * - MariaDB through the MySQL driver: column defaults come quoted (`'x'`, `NULL`), and JSON columns are
 *   `longtext` with a `json_valid()` check, so every nullable column and every JSON column looks changed;
 *   and JSON values arrive as strings (MySQL's driver would parse them), so the ORM must parse them.
 */

type Row = Record<string, unknown>;
interface Column {
  name: string;
  type: string;
  mappedType: unknown;
  default?: string | null;
}
interface Helper {
  platform: { getMappedType(type: string): unknown; quoteValue(v: string): string };
  getEnumDefinitions(
    connection: unknown,
    checks: unknown,
    tableName: string,
    schemaName?: string,
    ctx?: unknown,
  ): Promise<Record<string, string[]>>;
  getAllColumns(connection: unknown, tables: Row[], ctx?: unknown): Promise<Record<string, Column[]>>;
  getAllChecks(
    connection: unknown,
    tables: Row[],
    ctx?: unknown,
  ): Promise<Record<string, { name: string; columnName?: string; expression: string }[]>>;
}
interface Connection {
  execute(sql: string, params?: unknown[], method?: 'all' | 'get', ctx?: unknown): Promise<unknown>;
}

function helperOf(orm: MikroORM): Helper {
  return orm.em.getPlatform().getSchemaHelper() as unknown as Helper;
}

/** Parses `'a', 'b', 'it''s'` into its items. */
export function parseQuotedList(list: string): string[] {
  const items: string[] = [];
  const re = /'((?:[^']|'')*)'/g;
  for (let m = re.exec(list); m; m = re.exec(list)) items.push((m[1] ?? '').replace(/''/g, "'"));
  return items;
}

export function fixSqliteIntrospection(orm: MikroORM): void {
  const helper = helperOf(orm);
  helper.getEnumDefinitions = async (connection, _checks, tableName, _schema, ctx) => {
    const row = (await (connection as Connection).execute(
      'select sql from sqlite_master where type = ? and name = ?',
      ['table', tableName],
      'get',
      ctx,
    )) as { sql?: string } | undefined;
    const out: Record<string, string[]> = {};
    const re = /[`"[]([^`"\]]+)[`"\]] text check \(\s*[`"[]?\1[`"\]]? in \(((?:\s*'(?:[^']|'')*'\s*,?)+)\)\s*\)/gi;
    for (let m = re.exec(row?.sql ?? ''); m; m = re.exec(row?.sql ?? ''))
      out[m[1] as string] = parseQuotedList(m[2] as string);
    return out;
  };
}

/** Applies the MariaDB fixes when the server behind the MySQL driver is MariaDB; returns whether it is. */
export async function fixMariaDbIntrospection(orm: MikroORM): Promise<boolean> {
  const connection = orm.em.getConnection() as unknown as Connection;
  const row = (await connection.execute('select version() as v', [], 'get')) as { v?: string } | undefined;
  if (!/mariadb/i.test(row?.v ?? '')) return false;
  // MariaDB's JSON is LONGTEXT, so mysql2 returns JSON columns as strings: let the ORM parse them.
  const platform = orm.em.getPlatform() as unknown as { convertsJsonAutomatically(): boolean };
  platform.convertsJsonAutomatically = () => false;
  const helper = helperOf(orm);
  const isJsonCheck = (c: { expression: string }): boolean => /^json_valid\(`[^`]+`\)$/i.test(c.expression.trim());
  const getAllChecks = helper.getAllChecks.bind(helper);
  helper.getAllChecks = async (conn, tables, ctx) => {
    const all = await getAllChecks(conn, tables, ctx);
    for (const key of Object.keys(all)) all[key] = (all[key] ?? []).filter((c) => !isJsonCheck(c));
    return all;
  };
  const getAllColumns = helper.getAllColumns.bind(helper);
  helper.getAllColumns = async (conn, tables, ctx) => {
    // MariaDB reports defaults as SQL literals ('x', NULL); MySQL, which the driver expects, as raw values.
    const rawDefaults: Connection = {
      execute: async (sql, params, method, c) => {
        const rows = await (conn as Connection).execute(sql, params, method, c);
        if (Array.isArray(rows)) for (const r of rows as Row[]) r.column_default = unquoteDefault(r.column_default);
        return rows;
      },
    };
    const columns = await getAllColumns(rawDefaults, tables, ctx);
    const checks = await getAllChecks(conn, tables, ctx);
    for (const [key, list] of Object.entries(checks)) {
      const jsonColumns = new Set(list.filter(isJsonCheck).map((c) => /`([^`]+)`/.exec(c.expression)?.[1]));
      for (const column of columns[key] ?? []) {
        if (column.type === 'longtext' && jsonColumns.has(column.name)) {
          column.type = 'json';
          column.mappedType = helper.platform.getMappedType('json');
        }
      }
    }
    return columns;
  };
  return true;
}

/** A MariaDB `COLUMN_DEFAULT` as MySQL reports it: `NULL` -> null, `'x'` -> `x`; expressions unchanged. */
export function unquoteDefault(value: unknown): unknown {
  if (value === 'NULL') return null;
  const quoted = typeof value === 'string' ? /^'((?:[^']|'')*)'$/s.exec(value) : null;
  return quoted ? (quoted[1] ?? '').replace(/''/g, "'") : value;
}
