import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { newId } from './ids.js';
import { Team } from './Team.js';
import { User } from './User.js';

/**
 * A user-team link. `source` says who made it: `manual` (an admin) or the name of an automatic
 * mapper (e.g. `oidc`), so that a mapper that syncs teams only removes links it made itself.
 */
@Entity({ tableName: 'team_memberships' })
@Unique({ properties: ['user', 'team'] })
export class TeamMembership {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user!: Rel<User>;

  @ManyToOne({ entity: () => Team, deleteRule: 'cascade' })
  team!: Rel<Team>;

  @Property({ type: 'string', length: 32 })
  source: string = 'manual';

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
