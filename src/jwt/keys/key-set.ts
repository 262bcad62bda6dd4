import type { JwsAlgorithm } from '../algorithm.js';
import { JwtError } from '../errors.js';
import { MAX_KID_LENGTH, keyFitsAlgorithm, type VerificationKey } from './verification-key.js';

type Selection =
  | { key: VerificationKey }
  | { code: 'ERR_JWKS_NO_MATCHING_KEY' | 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' | 'ERR_JWKS_KEY_UNUSABLE'; message: string };

export interface KeySetOptions {
  /** Use keys that declare no `alg` for any algorithm of a fitting type (default false: such keys are skipped). */
  readonly allowKeysWithoutAlg?: boolean;
}

/**
 * An immutable set of verification keys with a memo of (alg, kid) selections, so that a cached key is
 * found with one Map lookup. `kid` is opaque: compared by equality only.
 */
export class KeySet {
  private readonly byKid = new Map<string, VerificationKey[]>();
  private readonly memo = new Map<string, Selection>();

  constructor(
    readonly keys: readonly VerificationKey[],
    /** kid -> why that key was skipped when the set was loaded (for clear errors). */
    private readonly skipped: ReadonlyMap<string, string> = new Map(),
    private readonly options: KeySetOptions = {},
  ) {
    for (const key of keys) {
      if (key.kid === undefined) continue;
      const list = this.byKid.get(key.kid);
      if (list === undefined) this.byKid.set(key.kid, [key]);
      else list.push(key);
    }
  }

  /** Whether the set knows this kid at all (usable or skipped). */
  knowsKid(kid: string): boolean {
    return this.byKid.has(kid) || this.skipped.has(kid);
  }

  /** The one key for (algorithm, kid), or throws `ERR_JWKS_NO_MATCHING_KEY` / `..._MULTIPLE_...` / `ERR_JWKS_KEY_UNUSABLE`. */
  select(algorithm: JwsAlgorithm, kid: string | undefined): VerificationKey {
    const selection = this.lookup(algorithm, kid);
    if ('key' in selection) return selection.key;
    throw new JwtError(selection.code, selection.message);
  }

  /** Like {@link select} but returns the failure instead of throwing. */
  lookup(algorithm: JwsAlgorithm, kid: string | undefined): Selection {
    const memoKey = kid === undefined ? algorithm.alg : `${algorithm.alg}\u0000${kid}`;
    const hit = this.memo.get(memoKey);
    if (hit !== undefined) return hit;
    const selection = this.compute(algorithm, kid);
    // Memoise only for kids the set knows (bounded by its size), never for arbitrary token input.
    if (kid === undefined || this.knowsKid(kid)) this.memo.set(memoKey, selection);
    return selection;
  }

  private compute(algorithm: JwsAlgorithm, kid: string | undefined): Selection {
    if (kid !== undefined && kid.length > MAX_KID_LENGTH) {
      return { code: 'ERR_JWKS_NO_MATCHING_KEY', message: 'No key matches the token: its kid is longer than allowed.' };
    }
    const candidates = kid === undefined ? this.keys : (this.byKid.get(kid) ?? []);
    const matches: VerificationKey[] = [];
    let unusable: string | undefined;
    for (const key of candidates) {
      if (
        key.alg !== undefined ? key.alg !== algorithm.alg : !this.options.allowKeysWithoutAlg && key.source === 'jwks'
      )
        continue;
      if (!keyFitsAlgorithm(key, algorithm)) continue;
      const problem = algorithm.checkKey?.(key.key);
      if (problem !== undefined) {
        unusable = problem;
        continue;
      }
      matches.push(key);
    }
    if (matches.length === 1) return { key: matches[0]! };
    if (matches.length > 1) {
      return {
        code: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
        message: `Several ${algorithm.alg} keys match a token without a distinguishing kid.`,
      };
    }
    const skippedReason = kid === undefined ? undefined : this.skipped.get(kid);
    const reason = unusable ?? skippedReason;
    if (reason !== undefined) {
      return {
        code: 'ERR_JWKS_KEY_UNUSABLE',
        message: `The ${algorithm.alg} key${kid === undefined ? '' : ` "${kid}"`} cannot be used: ${reason}.`,
      };
    }
    return {
      code: 'ERR_JWKS_NO_MATCHING_KEY',
      message:
        kid === undefined
          ? `No ${algorithm.alg} key matches the token.`
          : `No ${algorithm.alg} key matches the token's kid.`,
    };
  }
}
