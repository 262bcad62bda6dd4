import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export const LOGOUT_TOKEN_USES_TABLE = 'oidc_logout_token_uses';

/**
 * A logout token that was acted on, by `jti` (OpenID Back-Channel Logout 2.6: a token is used once).
 * The key is SHA-256 of `iss` + `jti` (hex), so any jti length and any byte fits a fixed-size, binary-safe
 * primary key shared by every host process: the second insert of the same token fails. Rows are purged
 * once the token could no longer pass the time checks.
 */
@Entity({ tableName: LOGOUT_TOKEN_USES_TABLE })
@Index({ properties: ['expiresAt'], name: 'oidc_logout_token_uses_expires_at_index' })
export class LogoutTokenUse {
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  /** After this instant the token fails the `exp` / `iat` checks anyway, so the row may go. */
  @Property({ type: 'Date' })
  expiresAt!: Date;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
