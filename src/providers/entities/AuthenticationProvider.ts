import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from 'crm-host/sdk';

export const AUTHENTICATION_PROVIDERS_TABLE = 'oidc_authentication_providers';

/**
 * A portal's own OIDC configuration (EspoCRM's AuthenticationProvider). `values` holds the provider's
 * settings under the CRM's config keys (`oidcClientId`, `oidcIssuer`, ...; see `PROVIDER_FIELDS`),
 * secrets included: the entity is server side only and the API never returns a secret.
 */
@Entity({ tableName: AUTHENTICATION_PROVIDERS_TABLE })
export class AuthenticationProvider {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 255 })
  name!: string;

  /** The authentication method; only `Oidc` is provider-capable. */
  @Property({ type: 'string', length: 32 })
  method: string = 'Oidc';

  @Property({ type: 'json', hidden: true })
  values: Record<string, unknown> = {};

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date' })
  modifiedAt: Date = new Date();
}
