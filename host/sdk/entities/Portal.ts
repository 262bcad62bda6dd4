import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from './ids.js';

/** `urlId`: lower-case letters, digits and dashes, 1 to 64 characters, starting with a letter or digit. */
export const PORTAL_URL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * A portal: a separate sign-in area for `portal` users at `/portal/<urlId>/`. A portal session never
 * grants CRM access and a CRM session never grants portal access. `authenticationProviderId` is opaque
 * to the host: an extension's `LoginMethod.portalLoginPageData` recognises it (null: password sign-in).
 */
@Entity({ tableName: 'portals' })
export class Portal {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 255 })
  name!: string;

  /** The slug in `/portal/<urlId>/`; unique. */
  @Property({ type: 'string', length: 64, unique: true })
  urlId!: string;

  @Property({ type: 'boolean' })
  isActive: boolean = true;

  @Property({ type: 'string', length: 36, nullable: true })
  authenticationProviderId: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', onUpdate: () => new Date() })
  modifiedAt: Date = new Date();
}
