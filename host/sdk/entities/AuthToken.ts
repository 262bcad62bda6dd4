import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { newId } from './ids.js';
import { User } from './User.js';

/**
 * A host session. The cookie carries a random token; only its SHA-256 hash is stored. Sessions that
 * began at an identity provider keep the IdP issuer/sid/sub (for back-channel logout) and the raw
 * ID token (for `id_token_hint` at RP-initiated logout; never returned by any API).
 */
@Entity({ tableName: 'auth_tokens' })
@Index({ properties: ['idpIssuer', 'idpSid'] })
@Index({ properties: ['idpIssuer', 'idpSub'] })
export class AuthToken {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 64, unique: true, hidden: true })
  tokenHash!: string;

  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user!: Rel<User>;

  /** The login method that created the session (`Password`, `Oidc`, ...). */
  @Property({ type: 'string', length: 32 })
  method!: string;

  @Property({ type: 'boolean' })
  isActive: boolean = true;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date' })
  lastAccess: Date = new Date();

  @Property({ type: 'string', length: 45, nullable: true })
  ipAddress: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  idpIssuer: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  idpSid: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  idpSub: string | null = null;

  /** The authentication provider (portal) the session belongs to, when not the default one. */
  @Property({ type: 'string', length: 36, nullable: true })
  idpProviderId: string | null = null;

  /** The portal of a portal session; null for a CRM session. Each never grants the other's access. */
  @Property({ type: 'string', length: 36, nullable: true })
  portalId: string | null = null;

  @Property({ type: 'text', nullable: true, lazy: true, hidden: true })
  idToken: string | null = null;
}
