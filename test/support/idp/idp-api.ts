import type { EventEmitter } from 'node:events';
import type Provider from 'oidc-provider';
import type { IdpAccount, IdpClient, IdpEvent } from './idp-types.js';
import type { SigningKeySet } from './signing-keys.js';

/** Endpoints of the IdP, read from its discovery document. */
export interface IdpEndpoints {
  discovery: string;
  authorization: string;
  token: string;
  userinfo: string;
  jwks: string;
  endSession: string;
}

export interface OidcProviderIdp {
  /** `http://127.0.0.1:<port>` plus `issuerPath`: the exact `iss` of every token. */
  readonly issuer: string;
  /** Same as issuer. */
  readonly url: string;
  readonly port: number;
  /** The current oidc-provider instance (a new one after restart()/rotateKeys()). */
  readonly provider: Provider;
  readonly endpoints: IdpEndpoints;
  readonly discovery: Record<string, unknown>;
  /** Current signing keys (public half: `keys.publicJwks`). */
  readonly keys: SigningKeySet;
  /** Re-emits oidc-provider events as IdpEvent (names as oidc-provider's: 'backchannel.success', ...). */
  readonly events: EventEmitter;
  readonly eventLog: IdpEvent[];
  /** Resolves with the next event of that name (or one already logged after `since`), rejects on timeout. */
  waitForEvent(name: string, options?: { timeoutMs?: number; since?: number }): Promise<IdpEvent>;
  /** Registers another client at runtime (kept across restarts). */
  addClient(client: IdpClient): Promise<void>;
  /** Replaces all accounts; effective for the next login/token/userinfo. */
  setAccounts(accounts: IdpAccount[]): void;
  /** Merges claims into one account. */
  updateAccount(sub: string, claims: Partial<IdpAccount>): void;
  /** Restarts on the same port with fresh (or given) keys; sessions and grants survive. Returns the new keys. */
  rotateKeys(keys?: SigningKeySet): Promise<SigningKeySet>;
  /** Closes the listener and opens it again on the same port with a new provider instance. */
  restart(overrides?: { keys?: SigningKeySet }): Promise<void>;
  /** Closes the listener and every open connection. */
  stop(): Promise<void>;
}
