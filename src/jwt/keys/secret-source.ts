import type { JwsAlgorithm } from '../algorithm.js';
import { JwtError } from '../errors.js';
import type { KeySource } from './key-source.js';
import { keyFitsAlgorithm, secretKey, type VerificationKey } from './verification-key.js';

/** The client secret as the only key of HS* algorithms. The header's `kid` is irrelevant. */
export class ClientSecretKeySource implements KeySource {
  readonly kind = 'client-secret' as const;
  private readonly key: VerificationKey;

  constructor(secret: string) {
    if (typeof secret !== 'string' || secret === '')
      throw new JwtError('ERR_JWT_CONFIG_INVALID', 'HS* algorithms need a client secret.');
    this.key = secretKey(secret);
  }

  selectSync(algorithm: JwsAlgorithm): VerificationKey {
    if (!keyFitsAlgorithm(this.key, algorithm)) {
      throw new JwtError('ERR_JWKS_NO_MATCHING_KEY', `The client secret cannot verify ${algorithm.alg}.`);
    }
    const problem = algorithm.checkKey?.(this.key.key);
    if (problem !== undefined)
      throw new JwtError('ERR_JWKS_KEY_UNUSABLE', `The client secret cannot be used: ${problem}.`);
    return this.key;
  }

  async select(algorithm: JwsAlgorithm): Promise<VerificationKey> {
    return this.selectSync(algorithm);
  }
}
