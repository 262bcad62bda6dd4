import { constants, createVerify, sign, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm, JwsAlgorithmImplementation, KeyTypeSpec } from '../algorithm.js';
import { checkRsaKey, hashParam } from './params.js';

const RSA: readonly KeyTypeSpec[] = [{ kty: 'RSA' }];

/** RSASSA-PSS with MGF1 and a salt as long as the hash (PS256/384/512). */
class RsaPssAlgorithm implements JwsAlgorithm {
  readonly keyTypes = RSA;
  constructor(
    readonly alg: string,
    readonly hash: string,
    private readonly saltLength: number,
  ) {}

  verify(signingInput: Buffer, signature: Buffer, key: KeyObject): boolean {
    return createVerify(this.hash)
      .update(signingInput)
      .verify({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: this.saltLength }, signature);
  }

  sign(signingInput: Buffer, key: KeyObject): Buffer {
    return sign(this.hash, signingInput, {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: this.saltLength,
    });
  }

  checkKey(key: KeyObject): string | undefined {
    return checkRsaKey(key);
  }
}

export class RsaPssImplementation implements JwsAlgorithmImplementation {
  readonly name = 'RsaPss';
  create(alg: string, params: Readonly<Record<string, unknown>>): JwsAlgorithm {
    const { hash, length } = hashParam(alg, params);
    return new RsaPssAlgorithm(alg, hash, length);
  }
}
