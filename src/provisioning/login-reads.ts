import { ReferenceKind, type EntityManager, type EntityName, type EntityProperty } from '@mikro-orm/core';
import { Team, TeamMembership, User } from 'crm-host/sdk';
import { IdentityLink } from './entities/IdentityLink.js';

/**
 * The two reads every returning login makes (identity link with its user; the user's team memberships
 * with their teams), each as ONE plain SQL statement whose rows are merged into the EntityManager with
 * `em.map()`: the entities come back managed, so changes to them are flushed as usual. MikroORM's joined
 * `populate` built and hydrated the same queries at several times the CPU (measured with
 * `bench/login-steps.ts`: about 1.5 ms of a 2 ms returning-user provisioning). Table and column names come
 * from the entity metadata, so renamed columns or columns other extensions add are followed.
 */

type Row = Record<string, unknown>;

interface TableShape {
  table: string;
  /** Column names of every stored property (scalars and owning references). */
  columns: string[];
}

function shapeOf(em: EntityManager, entity: EntityName<object>): TableShape {
  const meta = em.getMetadata().get(typeof entity === 'string' ? entity : (entity as { name: string }).name);
  const columns: string[] = [];
  for (const prop of meta.props as EntityProperty[]) {
    if (prop.persist === false || prop.formula) continue;
    if (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE) {
      if (prop.kind !== ReferenceKind.ONE_TO_ONE || !prop.owner) continue;
    }
    columns.push(...(prop.fieldNames ?? []));
  }
  return { table: meta.tableName, columns };
}

function column(em: EntityManager, entity: EntityName<object>, property: string): string {
  const meta = em.getMetadata().get((entity as { name: string }).name);
  const field = meta.properties[property]?.fieldNames?.[0];
  if (!field) throw new Error(`${meta.className}.${property} has no column`);
  return field;
}

interface Statements {
  linkedUser: string;
  memberships: string;
}

/** The SQL, built once per metadata storage (one per ORM instance). */
const cache = new WeakMap<object, Statements>();

function statements(em: EntityManager): Statements {
  const key = em.getMetadata();
  const known = cache.get(key);
  if (known) return known;
  const q = (name: string) => em.getPlatform().quoteIdentifier(name);
  const select = (alias: string, shape: TableShape) =>
    shape.columns.map((c) => `${alias}.${q(c)} as ${q(`${alias}__${c}`)}`).join(', ');
  const link = shapeOf(em, IdentityLink);
  const user = shapeOf(em, User);
  const membership = shapeOf(em, TeamMembership);
  const team = shapeOf(em, Team);
  const col = (entity: EntityName<object>, prop: string) => q(column(em, entity, prop));
  const built: Statements = {
    linkedUser:
      `select ${select('l', link)}, ${select('u', user)} from ${q(link.table)} l ` +
      `join ${q(user.table)} u on u.${col(User, 'id')} = l.${col(IdentityLink, 'user')} ` +
      `where l.${col(IdentityLink, 'issuer')} = ? and l.${col(IdentityLink, 'sub')} = ? ` +
      `and l.${col(IdentityLink, 'providerKey')} = ?`,
    memberships:
      `select ${select('m', membership)}, ${select('t', team)} from ${q(membership.table)} m ` +
      `join ${q(team.table)} t on t.${col(Team, 'id')} = m.${col(TeamMembership, 'team')} ` +
      `where m.${col(TeamMembership, 'user')} = ?`,
  };
  cache.set(key, built);
  return built;
}

/** The columns of `row` that start with `alias__`, without the prefix. */
function part(row: Row, alias: string): Row {
  const prefix = `${alias}__`;
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out;
}

/** The identity link of (issuer, sub, provider) with its user, both managed by `em`; or null. */
export async function findLinkedUser(
  em: EntityManager,
  key: { issuer: string; sub: string; providerKey: string },
): Promise<{ link: IdentityLink; user: User } | null> {
  const rows = await em
    .getConnection()
    .execute<Row[]>(
      statements(em).linkedUser,
      [key.issuer, key.sub, key.providerKey],
      'all',
      em.getTransactionContext(),
    );
  const row = rows[0];
  if (!row) return null;
  const user = em.map(User, part(row, 'u'));
  const link = em.map(IdentityLink, part(row, 'l'));
  return { link, user };
}

/** The user's team memberships with their teams, managed by `em`. */
export async function findMemberships(em: EntityManager, user: User): Promise<TeamMembership[]> {
  const rows = await em
    .getConnection()
    .execute<Row[]>(statements(em).memberships, [user.id], 'all', em.getTransactionContext());
  return rows.map((row: Row) => {
    em.map(Team, part(row, 't'));
    return em.map(TeamMembership, part(row, 'm'));
  });
}
