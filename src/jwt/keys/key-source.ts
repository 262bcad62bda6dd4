import type { JwsAlgorithm } from '../algorithm.js';
import type { VerificationKey } from './verification-key.js';

/**
 * Where a verifier gets its keys. Chosen by configuration (JWKS, static keys, or the client secret
 * for HS*), never by the token header.
 */
export interface KeySource {
  readonly kind: VerificationKey['source'];
  /**
   * The key for (algorithm, kid) when it can be decided without I/O; `undefined` when the source has to
   * fetch first (then call {@link select}). Throws a `JwtError` when no key can match.
   */
  selectSync(algorithm: JwsAlgorithm, kid: string | undefined): VerificationKey | undefined;
  /** The key for (algorithm, kid), fetching when needed. */
  select(algorithm: JwsAlgorithm, kid: string | undefined): Promise<VerificationKey>;
}
