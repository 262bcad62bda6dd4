import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { newId } from './ids.js';
import { Portal } from './Portal.js';
import { User } from './User.js';

/** A `portal` user's access to one portal (a user may belong to several portals). */
@Entity({ tableName: 'portal_users' })
@Unique({ properties: ['portal', 'user'] })
export class PortalUser {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @ManyToOne({ entity: () => Portal, deleteRule: 'cascade' })
  portal!: Rel<Portal>;

  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
