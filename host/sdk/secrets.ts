/**
 * Secrets at rest. The host seals values with its host key (AES-256-GCM; key file `<root>/host.key`,
 * created 0600 on first boot, or env `CRM_HOST_KEY`), so a database dump alone reveals none of them.
 * See docs/deployment.md#security.
 */
export interface SecretBox {
  /**
   * Encrypts `plaintext` with the current host key. `context` binds the result to where it is stored
   * (e.g. `config:oidcClientSecret`): opening it under another context fails.
   */
  seal(plaintext: string, context: string): string;
  /**
   * Decrypts a sealed value (any key of the host's key ring). A value that is not sealed (written before
   * encryption existed) is returned as it is. Throws a `HostError` `ERR_SECRET_KEY_UNKNOWN` when the value
   * was sealed with a key this host does not have, `ERR_SECRET_UNREADABLE` when it does not decrypt.
   */
  open(value: string, context: string): string;
  /** True when `value` is a sealed string (whatever its key). */
  isSealed(value: unknown): value is string;
  /** The id of the key a sealed value was sealed with, or null when `value` is not sealed. */
  keyIdOf(value: unknown): string | null;
  /** The id of the key `seal` uses now. */
  readonly currentKeyId: string;
  /** How many of `values` each key sealed (`plain` counts the values in clear): a {@link SecretStore}'s status. */
  countByKey(values: Iterable<string>): SecretStoreStatus;
}

/** What a {@link SecretStore} holds: counted per key id (`plain` for values not sealed yet). */
export interface SecretStoreStatus {
  /** Values per key id; the key `plain` counts values still in clear. */
  readonly byKey: Readonly<Record<string, number>>;
}

/**
 * A place that keeps sealed values (multi-binding `TYPES.SecretStore`): `crm-host secrets status` counts
 * them and `crm-host secrets reencrypt` (also run by `rotate`) re-seals them with the current key.
 */
export interface SecretStore {
  /** Shown by the CLI, e.g. `config`, `auth_tokens.id_token`. */
  readonly name: string;
  status(): Promise<SecretStoreStatus>;
  /** Re-seals every value with the current key (values in clear included); returns how many changed. */
  reseal(): Promise<number>;
}
