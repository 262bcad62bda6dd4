import type { Knex } from '@mikro-orm/knex';

/**
 * Deletes at most `limit` rows of `table` whose `expires_at` is before `before`: SELECT of their ids
 * (LIMIT), then DELETE by id (MariaDB has no LIMIT in an IN subquery). Idempotent across processes.
 */
export async function deleteExpiredBatch(
  knex: Knex,
  table: string,
  before: number | Date,
  limit: number,
): Promise<number> {
  const rows = (await knex(table).select('id').where('expires_at', '<', before).limit(limit)) as Array<{
    id: unknown;
  }>;
  if (rows.length === 0) return 0;
  return Number(
    await knex(table)
      .whereIn(
        'id',
        rows.map((r) => String(r.id)),
      )
      .del(),
  );
}
