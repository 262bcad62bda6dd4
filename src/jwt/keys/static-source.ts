import type { JwsAlgorithm } from '../algorithm.js';
import { JwtError } from '../errors.js';
import type { KeySource } from './key-source.js';
import { KeySet } from './key-set.js';
import { importPublicJwk, importPublicPem, type VerificationKey } from './verification-key.js';

/** A configured key: a PEM public key or certificate, or a public JWK (object or JSON text). */
export type StaticKeyInput = string | Readonly<Record<string, unknown>>;

function importStatic(input: StaticKeyInput, index: number): VerificationKey {
  try {
    if (typeof input === 'string' && input.trimStart().startsWith('-----BEGIN'))
      return importPublicPem(input, undefined, undefined);
    const jwk = typeof input === 'string' ? (JSON.parse(input) as unknown) : input;
    const imported = importPublicJwk(jwk, 'static');
    if ('skip' in imported) throw new Error(imported.skip);
    return imported;
  } catch (error) {
    throw new JwtError(
      'ERR_JWK_INVALID',
      `Configured key #${index + 1} is not a usable public key: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Keys configured by the administrator (IdPs without a JWKS endpoint). Selection is by kid when the token
 * has one; keys configured without a kid also serve tokens that carry a kid the list does not name.
 */
export class StaticKeySource implements KeySource {
  readonly kind = 'static' as const;
  private readonly all: KeySet;
  private readonly withoutKid: KeySet;

  constructor(inputs: readonly StaticKeyInput[]) {
    if (inputs.length === 0) throw new JwtError('ERR_JWT_CONFIG_INVALID', 'No static key is configured.');
    const keys = inputs.map(importStatic);
    this.all = new KeySet(keys, new Map(), { allowKeysWithoutAlg: true });
    this.withoutKid = new KeySet(
      keys.filter((k) => k.kid === undefined),
      new Map(),
      { allowKeysWithoutAlg: true },
    );
  }

  selectSync(algorithm: JwsAlgorithm, kid: string | undefined): VerificationKey {
    const first = this.all.lookup(algorithm, kid);
    if ('key' in first) return first.key;
    if (kid !== undefined && first.code === 'ERR_JWKS_NO_MATCHING_KEY')
      return this.withoutKid.select(algorithm, undefined);
    throw new JwtError(first.code, first.message);
  }

  async select(algorithm: JwsAlgorithm, kid: string | undefined): Promise<VerificationKey> {
    return this.selectSync(algorithm, kid);
  }
}
