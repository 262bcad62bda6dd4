import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { newId, type User } from 'crm-host/sdk';

export const IDENTITY_LINKS_TABLE = 'oidc_identity_links';

/**
 * Which host user an IdP identity belongs to, keyed by (issuer, sub, provider). Later logins find the
 * user through it, so a changed `preferred_username` or email cannot move a login to another account.
 *
 * `providerId` is null for the CRM's own settings and an AuthenticationProvider id for a portal
 * provider. SQL unique indexes treat NULLs as distinct, so uniqueness is enforced on `providerKey`
 * (`providerId ?? ''`), which the constructor keeps in step.
 */
@Entity({ tableName: IDENTITY_LINKS_TABLE })
@Unique({ properties: ['issuer', 'sub', 'providerKey'], name: 'oidc_identity_links_identity_unique' })
export class IdentityLink {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  /** The ID token's `iss`. */
  @Property({ type: 'string', length: 255 })
  issuer!: string;

  /** The ID token's `sub`: stable and unique within the issuer. */
  @Property({ type: 'string', length: 255 })
  sub!: string;

  @ManyToOne({ entity: 'User', deleteRule: 'cascade', updateRule: 'cascade' })
  user!: Rel<User>;

  @Property({ type: 'string', length: 36, nullable: true })
  providerId: string | null = null;

  /** `providerId ?? ''`: part of the unique key. */
  @Property({ type: 'string', length: 36 })
  providerKey: string = '';

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', nullable: true })
  lastLoginAt: Date | null = null;

  constructor(input?: { issuer: string; sub: string; user: User; providerId?: string | null; now?: Date }) {
    if (!input) return;
    this.issuer = input.issuer;
    this.sub = input.sub;
    this.user = input.user;
    this.providerId = input.providerId ?? null;
    this.providerKey = IdentityLink.providerKeyOf(input.providerId);
    this.createdAt = input.now ?? new Date();
    this.lastLoginAt = this.createdAt;
  }

  static providerKeyOf(providerId: string | null | undefined): string {
    return providerId ?? '';
  }
}
