import { JwtError } from '../errors.js';
import { KeySet } from './key-set.js';
import type { JwksOptions } from './jwks-options.js';
import { importPublicJwk, type VerificationKey } from './verification-key.js';

export interface ParsedJwks {
  readonly set: KeySet;
  /** One entry per key that was skipped: kid (or `#index`) and why. */
  readonly skipped: readonly { key: string; reason: string }[];
}

/**
 * Builds a key set from a JWKS document. The document must hold a `keys` array of at most `maxKeys`
 * entries (`ERR_JWKS_INVALID` otherwise); single keys that cannot be used are skipped, not fatal.
 */
export function parseJwks(
  json: Readonly<Record<string, unknown>>,
  options: Pick<JwksOptions, 'maxKeys' | 'allowKeysWithoutAlg'>,
): ParsedJwks {
  const list = json['keys'];
  if (!Array.isArray(list)) throw new JwtError('ERR_JWKS_INVALID', 'The key set has no "keys" array.');
  if (list.length > options.maxKeys) {
    throw new JwtError(
      'ERR_JWKS_INVALID',
      `The key set holds ${list.length} keys; at most ${options.maxKeys} are accepted.`,
    );
  }
  const keys: VerificationKey[] = [];
  const skipped: { key: string; reason: string }[] = [];
  const skippedByKid = new Map<string, string>();
  list.forEach((jwk: unknown, index) => {
    const imported = importPublicJwk(jwk, 'jwks');
    const kid = typeof (jwk as { kid?: unknown } | null)?.kid === 'string' ? (jwk as { kid: string }).kid : undefined;
    let reason = 'skip' in imported ? imported.skip : undefined;
    if (reason === undefined && !options.allowKeysWithoutAlg && (imported as VerificationKey).alg === undefined) {
      reason = 'it declares no alg (allowKeysWithoutAlg is off)';
    }
    if (reason === undefined) {
      keys.push(imported as VerificationKey);
      return;
    }
    skipped.push({ key: kid ?? `#${index}`, reason });
    if (kid !== undefined && kid.length <= 256) skippedByKid.set(kid, reason);
  });
  return { set: new KeySet(keys, skippedByKid, { allowKeysWithoutAlg: options.allowKeysWithoutAlg }), skipped };
}
