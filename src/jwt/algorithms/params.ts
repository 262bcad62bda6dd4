import type { KeyObject } from 'node:crypto';

const HASHES: Readonly<Record<string, number>> = { sha256: 32, sha384: 48, sha512: 64 };

/** The `hash` parameter of a metadata entry, validated (`sha256|sha384|sha512`), with its byte length. */
export function hashParam(alg: string, params: Readonly<Record<string, unknown>>): { hash: string; length: number } {
  const hash = params['hash'];
  if (typeof hash !== 'string' || !Object.hasOwn(HASHES, hash)) {
    throw new Error(`${alg}: metadata parameter "hash" must be one of ${Object.keys(HASHES).join(', ')}`);
  }
  return { hash, length: HASHES[hash]! };
}

export function stringParam(alg: string, params: Readonly<Record<string, unknown>>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '')
    throw new Error(`${alg}: metadata parameter "${name}" must be a string`);
  return value;
}

export const MIN_RSA_BITS = 2048;

/** RSA keys must have a modulus of at least 2048 bits (RFC 7518 3.3). */
export function checkRsaKey(key: KeyObject): string | undefined {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (typeof bits !== 'number') return 'not an RSA key';
  return bits < MIN_RSA_BITS ? `RSA modulus of ${bits} bits is below the minimum of ${MIN_RSA_BITS}` : undefined;
}
