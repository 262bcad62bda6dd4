import { createVerify, sign, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm, JwsAlgorithmImplementation, KeyTypeSpec } from '../algorithm.js';
import { hashParam, stringParam } from './params.js';

/** JWK curve name -> node:crypto curve name and the byte length of R (and of S). */
const CURVES: Readonly<Record<string, { nodeCurve: string; size: number }>> = {
  'P-256': { nodeCurve: 'prime256v1', size: 32 },
  'P-384': { nodeCurve: 'secp384r1', size: 48 },
  'P-521': { nodeCurve: 'secp521r1', size: 66 },
};

/**
 * ECDSA (ES256/384/512). JOSE signatures are raw R||S (IEEE P1363); a DER-encoded signature has another
 * length and is refused before any crypto work.
 */
class EcdsaAlgorithm implements JwsAlgorithm {
  readonly keyTypes: readonly KeyTypeSpec[];
  private readonly signatureLength: number;

  constructor(
    readonly alg: string,
    readonly hash: string,
    private readonly crv: string,
    private readonly nodeCurve: string,
    size: number,
  ) {
    this.keyTypes = [{ kty: 'EC', crv }];
    this.signatureLength = size * 2;
  }

  verify(signingInput: Buffer, signature: Buffer, key: KeyObject): boolean {
    if (signature.length !== this.signatureLength) return false;
    return createVerify(this.hash).update(signingInput).verify({ key, dsaEncoding: 'ieee-p1363' }, signature);
  }

  sign(signingInput: Buffer, key: KeyObject): Buffer {
    return sign(this.hash, signingInput, { key, dsaEncoding: 'ieee-p1363' });
  }

  checkKey(key: KeyObject): string | undefined {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === this.nodeCurve ? undefined : `${this.alg} needs a key on curve ${this.crv}`;
  }
}

export class EcdsaImplementation implements JwsAlgorithmImplementation {
  readonly name = 'Ecdsa';
  create(alg: string, params: Readonly<Record<string, unknown>>): JwsAlgorithm {
    const crv = stringParam(alg, params, 'curve');
    const curve = CURVES[crv];
    if (curve === undefined || !Object.hasOwn(CURVES, crv)) throw new Error(`${alg}: unsupported curve "${crv}"`);
    return new EcdsaAlgorithm(alg, hashParam(alg, params).hash, crv, curve.nodeCurve, curve.size);
  }
}
