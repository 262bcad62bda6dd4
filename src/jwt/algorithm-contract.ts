import { createHash } from 'node:crypto';
import type { JwsAlgorithm, KeyTypeSpec } from './algorithm.js';

const ALG_NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]{0,31}$/;
const KTY = new Set(['RSA', 'EC', 'OKP', 'oct']);

/** `none` (any case) is never a signature algorithm, whatever registers it. */
export function isNoneAlg(alg: string): boolean {
  return alg.toLowerCase() === 'none';
}

function keyTypeProblem(spec: unknown): string | undefined {
  if (typeof spec !== 'object' || spec === null) return 'keyTypes entries must be objects';
  const { kty, crv } = spec as Partial<KeyTypeSpec>;
  if (typeof kty !== 'string' || !KTY.has(kty)) return `keyTypes kty must be one of ${[...KTY].join(', ')}`;
  if (crv !== undefined && (typeof crv !== 'string' || crv === '')) return 'keyTypes crv must be a non-empty string';
  if ((kty === 'EC' || kty === 'OKP') && crv === undefined) return `keyTypes for ${kty} must name the curve (crv)`;
  return undefined;
}

/** Why `candidate` does not satisfy the {@link JwsAlgorithm} contract, or undefined when it does. */
export function algorithmContractProblem(candidate: unknown): string | undefined {
  if (typeof candidate !== 'object' || candidate === null) return 'not an object';
  const a = candidate as Partial<Record<keyof JwsAlgorithm, unknown>>;
  if (typeof a.alg !== 'string' || !ALG_NAME.test(a.alg))
    return 'alg must be a JWS algorithm name (1-32 of A-Z a-z 0-9 + . _ -)';
  if (isNoneAlg(a.alg)) return 'alg "none" can never be registered';
  if (!Array.isArray(a.keyTypes) || a.keyTypes.length === 0) return 'keyTypes must be a non-empty array';
  for (const spec of a.keyTypes) {
    const problem = keyTypeProblem(spec);
    if (problem !== undefined) return problem;
  }
  if (typeof a.verify !== 'function') return 'verify(signingInput, signature, key) is missing';
  if (a.verify.length < 3) return 'verify must take (signingInput, signature, key)';
  if (a.hash !== undefined && !isSupportedHash(a.hash))
    return 'hash must name a hash function node:crypto supports (e.g. sha256 or SHA-256) when present';
  if (a.sign !== undefined && typeof a.sign !== 'function') return 'sign must be a function when present';
  if (a.checkKey !== undefined && typeof a.checkKey !== 'function') return 'checkKey must be a function when present';
  return undefined;
}

/** Whether node:crypto can compute `hash` (a digest name such as `sha256` or `SHA-256`). */
export function isSupportedHash(hash: unknown): hash is string {
  if (typeof hash !== 'string' || hash === '' || hash.length > 32) return false;
  try {
    createHash(hash);
    return true;
  } catch {
    return false;
  }
}

/** True when every key type of the algorithm is symmetric (`oct`): such algorithms only use the client secret. */
export function isSymmetric(algorithm: JwsAlgorithm): boolean {
  return algorithm.keyTypes.every((t) => t.kty === 'oct');
}
