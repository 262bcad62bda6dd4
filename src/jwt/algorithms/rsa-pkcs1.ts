import { createVerify, sign, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm, JwsAlgorithmImplementation, KeyTypeSpec } from '../algorithm.js';
import { checkRsaKey, hashParam } from './params.js';

const RSA: readonly KeyTypeSpec[] = [{ kty: 'RSA' }];

/** RSASSA-PKCS1-v1_5 (RS256/384/512). */
class RsaPkcs1Algorithm implements JwsAlgorithm {
  readonly keyTypes = RSA;
  constructor(
    readonly alg: string,
    readonly hash: string,
  ) {}

  verify(signingInput: Buffer, signature: Buffer, key: KeyObject): boolean {
    // createVerify is markedly faster than one-shot verify() for RSA on Node 20 (OpenSSL 3).
    return createVerify(this.hash).update(signingInput).verify(key, signature);
  }

  sign(signingInput: Buffer, key: KeyObject): Buffer {
    return sign(this.hash, signingInput, key);
  }

  checkKey(key: KeyObject): string | undefined {
    return checkRsaKey(key);
  }
}

export class RsaPkcs1Implementation implements JwsAlgorithmImplementation {
  readonly name = 'RsaPkcs1';
  create(alg: string, params: Readonly<Record<string, unknown>>): JwsAlgorithm {
    return new RsaPkcs1Algorithm(alg, hashParam(alg, params).hash);
  }
}
