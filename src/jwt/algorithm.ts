import type { KeyObject } from 'node:crypto';

/** A JWK key type an algorithm accepts: `kty` plus, for EC and OKP, the curve (`crv`). */
export interface KeyTypeSpec {
  readonly kty: 'RSA' | 'EC' | 'OKP' | 'oct';
  readonly crv?: string;
}

/**
 * The signature algorithm contract (see docs/custom-algorithms.md). A built-in or third-party class
 * implements one JWS algorithm. Keys arrive as node:crypto KeyObjects, imported and cached once per key
 * by the key sources: public keys for asymmetric algorithms, secret keys (`oct`) for HMAC.
 */
export interface JwsAlgorithm {
  /** The JWS `alg` name, e.g. `ES256K`. Never `none`. */
  readonly alg: string;
  /** JWK types/curves this algorithm verifies with; keys of other types are never offered. */
  readonly keyTypes: readonly KeyTypeSpec[];
  /** True only when `signature` is valid for `signingInput` under `key`. Must not throw for bad input. */
  verify(signingInput: Buffer, signature: Buffer, key: KeyObject): boolean;
  /**
   * Optional: the hash function of the algorithm (a node:crypto digest name such as `sha256`, or `SHA-256`),
   * used for the OIDC `at_hash` of ID tokens signed with it (OIDC Core 3.1.3.6). Without it, an ID token
   * of this algorithm that carries `at_hash` is refused (`ERR_JWT_AT_HASH_UNSUPPORTED`).
   */
  readonly hash?: string;
  /** Optional: signs with a private (or secret) key; used by tests and tools. */
  sign?(signingInput: Buffer, key: KeyObject): Buffer;
  /** Optional: why a key of an accepted type is still unusable (e.g. RSA under 2048 bits), else undefined. */
  checkKey?(key: KeyObject): string | undefined;
}

/** Constructor shape of a third-party algorithm file's default export. */
export type JwsAlgorithmClass = new (params?: Readonly<Record<string, unknown>>) => JwsAlgorithm;

/**
 * A built-in implementation (DI multi-binding): creates the algorithm named in metadata
 * `app.jwtAlgorithms.<alg>` from that entry's parameters (e.g. `{ "implementation": "RsaPkcs1", "hash": "sha256" }`).
 */
export interface JwsAlgorithmImplementation {
  readonly name: string;
  create(alg: string, params: Readonly<Record<string, unknown>>): JwsAlgorithm;
}

/** One entry of metadata `app.jwtAlgorithms`. */
export interface JwtAlgorithmMetadata {
  /** Name of a built-in implementation; absent for algorithms provided by custom/ classes. */
  implementation?: string;
  /** Allows a custom/ class to replace the built-in of the same name. */
  override?: boolean;
  /** Set false to disable the algorithm entirely. */
  enabled?: boolean;
  [param: string]: unknown;
}
