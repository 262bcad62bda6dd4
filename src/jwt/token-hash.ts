import { createHash, timingSafeEqual } from 'node:crypto';
import type { JwsAlgorithm } from './algorithm.js';
import { isSupportedHash } from './algorithm-contract.js';
import { claimError, JwtError } from './errors.js';

/**
 * The OIDC token hash (`at_hash`, `c_hash`; Core 3.1.3.6): the left-most half of the hash of the ASCII
 * value, with the hash of the ID token's algorithm, base64url without padding.
 */
export function tokenHash(value: string, hash: string): string {
  const digest = createHash(hash).update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/**
 * Checks an ID token's `at_hash` against the access token issued with it, using the hash the algorithm
 * that verified the ID token declares. Nothing to check without `at_hash`. Throws:
 * `ERR_JWT_CLAIM_INVALID` (claim `at_hash`) when it is not a string, `ERR_JWT_AT_HASH_UNSUPPORTED` when the
 * algorithm declares no hash (refused rather than skipped: the token asks for a check we cannot make),
 * `ERR_JWT_AT_HASH_MISMATCH` when the access token is not the one the ID token was issued with.
 */
export function checkAccessTokenHash(
  payload: Readonly<Record<string, unknown>>,
  accessToken: string,
  algorithm: Pick<JwsAlgorithm, 'alg' | 'hash'> | undefined,
): void {
  const atHash = payload['at_hash'];
  if (atHash === undefined) return;
  if (typeof atHash !== 'string' || atHash === '') throw claimError('at_hash', 'type', 'must be a non-empty string');
  if (algorithm === undefined || !isSupportedHash(algorithm.hash)) {
    throw new JwtError(
      'ERR_JWT_AT_HASH_UNSUPPORTED',
      `The ID token carries at_hash, but its algorithm ${algorithm?.alg ?? '(unknown)'} declares no hash function.`,
      { claim: 'at_hash', reason: 'unsupported' },
    );
  }
  const expected = Buffer.from(tokenHash(accessToken, algorithm.hash));
  const actual = Buffer.from(atHash);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new JwtError('ERR_JWT_AT_HASH_MISMATCH', undefined, { claim: 'at_hash', reason: 'mismatch' });
  }
}
