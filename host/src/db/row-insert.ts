import { ReferenceKind, type EntityManager, type EntityProperty } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

type EntityClass = abstract new (...args: never[]) => object;

/** Column of each stored property (relations by their foreign key column), per entity metadata. */
const columnsCache = new WeakMap<object, Map<string, Map<string, string>>>();

function columnsOf(em: EntityManager, entity: EntityClass): { table: string; columns: Map<string, string> } {
  const metadata = em.getMetadata();
  const meta = metadata.get(entity.name);
  let perEntity = columnsCache.get(metadata);
  if (!perEntity) columnsCache.set(metadata, (perEntity = new Map()));
  let columns = perEntity.get(entity.name);
  if (!columns) {
    columns = new Map();
    for (const prop of meta.props as EntityProperty[]) {
      const stored = prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE;
      if (stored && prop.persist !== false && prop.fieldNames?.length === 1)
        columns.set(prop.name, prop.fieldNames[0]!);
    }
    perEntity.set(entity.name, columns);
  }
  return { table: meta.tableName, columns };
}

/**
 * Inserts one row of `entity` from property values with a single INSERT through the query builder: no
 * entity instance, no unit of work, no change set. For rows written on every login (sessions, the auth
 * log), where MikroORM's `em.insert()` cost about twice the CPU. Relations take the related id; Dates are
 * converted the way the ORM stores them on the platform (epoch milliseconds on SQLite, DATETIME on
 * MySQL/MariaDB through the same connection settings). Throws on a property the entity does not store.
 */
export async function insertRow(
  em: EntityManager,
  entity: EntityClass,
  values: Record<string, unknown>,
): Promise<void> {
  const { table, columns } = columnsOf(em, entity);
  const platform = em.getPlatform();
  const row: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(values)) {
    const column = columns.get(property);
    if (!column) throw new Error(`${entity.name}.${property} is not a stored column`);
    row[column] = value instanceof Date ? platform.processDateProperty(value) : value;
  }
  await (em as SqlEntityManager).getKnex()(table).insert(row);
}
