import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm, JwsAlgorithmImplementation, KeyTypeSpec } from '../algorithm.js';
import { hashParam } from './params.js';

const OCT: readonly KeyTypeSpec[] = [{ kty: 'oct' }];

/** HMAC (HS256/384/512). The key is the client secret; the comparison is constant-time. */
class HmacAlgorithm implements JwsAlgorithm {
  readonly keyTypes = OCT;
  constructor(
    readonly alg: string,
    readonly hash: string,
    private readonly length: number,
  ) {}

  verify(signingInput: Buffer, signature: Buffer, key: KeyObject): boolean {
    if (signature.length !== this.length) return false;
    return timingSafeEqual(createHmac(this.hash, key).update(signingInput).digest(), signature);
  }

  sign(signingInput: Buffer, key: KeyObject): Buffer {
    return createHmac(this.hash, key).update(signingInput).digest();
  }

  checkKey(key: KeyObject): string | undefined {
    return key.type === 'secret' && (key.symmetricKeySize ?? 0) > 0
      ? undefined
      : `${this.alg} needs a non-empty secret`;
  }
}

export class HmacImplementation implements JwsAlgorithmImplementation {
  readonly name = 'Hmac';
  create(alg: string, params: Readonly<Record<string, unknown>>): JwsAlgorithm {
    const { hash, length } = hashParam(alg, params);
    return new HmacAlgorithm(alg, hash, length);
  }
}
