import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from 'crm-host/sdk';

export const LOGIN_TRANSACTIONS_TABLE = 'oidc_login_transactions';

/** What a finished transaction leads to: a real sign-in, or the admin's dry run (no session). */
export const LOGIN_MODES = ['login', 'test'] as const;
export type LoginMode = (typeof LOGIN_MODES)[number];

/**
 * One started OIDC login (server side, so any host process sharing the database can finish it).
 * Only the SHA-256 of `state` and of the browser-binding cookie are stored; `nonce` and the PKCE verifier
 * are kept as they are needed later. Times are epoch milliseconds (one representation on every database).
 */
@Entity({ tableName: LOGIN_TRANSACTIONS_TABLE })
@Index({ properties: ['browserHash'], name: 'oidc_login_transactions_browser_hash_index' })
@Index({ properties: ['expiresAt'], name: 'oidc_login_transactions_expires_at_index' })
export class LoginTransaction {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 64, unique: 'oidc_login_transactions_state_hash_unique' })
  stateHash!: string;

  @Property({ type: 'string', length: 64 })
  nonce!: string;

  @Property({ type: 'string', length: 128 })
  codeVerifier!: string;

  @Property({ type: 'string', length: 64 })
  browserHash!: string;

  @Property({ type: 'string', length: 36, nullable: true })
  providerId: string | null = null;

  @Property({ type: 'string', length: 255 })
  expectedIssuer!: string;

  @Property({ type: 'string', length: 1000 })
  redirectUri!: string;

  @Property({ type: 'string', length: 1000 })
  returnTo!: string;

  @Property({ type: 'string', length: 16 })
  mode!: LoginMode;

  /** `max_age` as sent (seconds), or null. */
  @Property({ type: 'integer', nullable: true })
  maxAge: number | null = null;

  /** Whether `code_challenge` was sent (`oidcAuthorizationPkce`). */
  @Property({ type: 'boolean' })
  pkce!: boolean;

  @Property({ type: new BigIntType('number') })
  createdAt!: number;

  @Property({ type: new BigIntType('number') })
  expiresAt!: number;

  @Property({ type: new BigIntType('number'), nullable: true })
  consumedAt: number | null = null;
}
