/** Behaviour of a JWKS key source. Every field has a safe default (see {@link DEFAULT_JWKS_OPTIONS}). */
export interface JwksOptions {
  /** How long a fetched set is used before it is fetched again, ms. */
  readonly cacheMaxAgeMs: number;
  /** Minimum time between two refreshes forced by an unknown kid, ms (bounds what random kids can cost). */
  readonly cooldownMs: number;
  /** Budget of one fetch, ms. */
  readonly timeoutMs: number;
  /** How long past `cacheMaxAgeMs` the last good set still serves while the IdP is unreachable, ms. */
  readonly staleGraceMs: number;
  /** Largest JWKS body, bytes. */
  readonly maxBytes: number;
  /** Most keys a set may hold; a larger set is refused. */
  readonly maxKeys: number;
  /** Use keys without `alg` for any allowed algorithm of their type (default false: they are skipped). */
  readonly allowKeysWithoutAlg: boolean;
}

export const DEFAULT_JWKS_OPTIONS: JwksOptions = Object.freeze({
  cacheMaxAgeMs: 10 * 60_000,
  cooldownMs: 5_000,
  timeoutMs: 5_000,
  staleGraceMs: 60 * 60_000,
  maxBytes: 512 * 1024,
  maxKeys: 100,
  allowKeysWithoutAlg: false,
});
