import type { Knex } from '@mikro-orm/knex';

/**
 * Deletes at most `limit` rows of `table` that `where` selects: SELECT of their ids (LIMIT), then DELETE
 * by id. MariaDB has no LIMIT in an IN subquery, and a bounded statement keeps locks short. Idempotent:
 * two processes deleting the same rows at once just delete fewer each.
 */
export async function deleteBatch(
  knex: Knex,
  table: string,
  where: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  limit: number,
  idColumn = 'id',
): Promise<number> {
  const rows = (await where(knex(table).select(idColumn)).limit(limit)) as Array<Record<string, unknown>>;
  if (rows.length === 0) return 0;
  return Number(
    await knex(table)
      .whereIn(
        idColumn,
        rows.map((r) => String(r[idColumn])),
      )
      .del(),
  );
}
