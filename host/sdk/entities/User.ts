import { Collection, Entity, Enum, Index, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from './ids.js';
import { TeamMembership } from './TeamMembership.js';

export const USER_TYPES = ['admin', 'regular', 'portal', 'api'] as const;
export type UserType = (typeof USER_TYPES)[number];

@Entity({ tableName: 'users' })
export class User {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  /** Unique, up to 255 characters (IdP subjects and e-mail addresses fit). */
  @Property({ type: 'string', length: 255, unique: true })
  userName!: string;

  @Property({ type: 'string', length: 255, nullable: true })
  name: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  firstName: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  lastName: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  emailAddress: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  phoneNumber: string | null = null;

  @Property({ type: 'boolean' })
  isActive: boolean = true;

  @Enum({ items: () => USER_TYPES, type: 'string' })
  @Index()
  type: UserType = 'regular';

  /** scrypt hash; null for users who can only sign in through an identity provider. */
  @Property({ type: 'string', length: 255, nullable: true, hidden: true })
  passwordHash: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', onUpdate: () => new Date() })
  modifiedAt: Date = new Date();

  @OneToMany({ entity: () => TeamMembership, mappedBy: 'user' })
  memberships = new Collection<TeamMembership>(this);

  get isAdmin(): boolean {
    return this.type === 'admin';
  }
}
