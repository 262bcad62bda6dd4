import { TYPES, type Clock } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { JwsAlgorithm } from './algorithm.js';
import { isNoneAlg, isSymmetric } from './algorithm-contract.js';
import type { AlgorithmRegistry } from './algorithm-registry.js';
import { JwtError } from './errors.js';
import type { JwksOptions } from './keys/jwks-options.js';
import type { JwksSourcePool } from './keys/jwks-pool.js';
import type { KeySource } from './keys/key-source.js';
import { ClientSecretKeySource } from './keys/secret-source.js';
import { StaticKeySource, type StaticKeyInput } from './keys/static-source.js';
import { normaliseTyp } from './header.js';
import { JWT_TYPES } from './tokens.js';
import { TOKEN_KINDS, type TokenKind } from './token-kinds.js';
import { JwtVerifier } from './verifier.js';

export interface VerifierSettings {
  /** Expected `iss` (exact string). */
  readonly issuer: string;
  /** The client id: the required audience. */
  readonly clientId: string;
  /**
   * ID and logout tokens: audiences besides the client that `aud` may also list (default none: a token
   * naming any other audience is refused, OIDC Core 3.1.3.7 step 3). Not used for access tokens.
   */
  readonly trustedAudiences?: readonly string[];
  /** Allowed algorithms (pinned): all asymmetric, or all HS*. */
  readonly algorithms: readonly string[];
  /** Token kind presets (default `id_token`). */
  readonly kind?: TokenKind;
  /** Asymmetric keys from the IdP's JWKS... */
  readonly jwksUri?: string;
  readonly jwks?: Partial<JwksOptions>;
  /** ...or configured PEM/JWK keys. */
  readonly staticKeys?: readonly StaticKeyInput[];
  /** The key of HS* algorithms. */
  readonly clientSecret?: string;
  /** Default 30 s; at most 300 s. */
  readonly clockToleranceSec?: number;
  /** Oldest accepted `iat`, s; default per kind (ID token 600 s). */
  readonly maxTokenAgeSec?: number;
  /** Default per kind (ID token: iss, sub, aud, exp, iat). */
  readonly requiredClaims?: readonly string[];
  /** Accepted `typ` values; default per kind. */
  readonly typ?: readonly string[];
  /** Longest token, characters (default 16384). */
  readonly maxTokenLength?: number;
}

export const DEFAULT_MAX_TOKEN_LENGTH = 16 * 1024;
export const DEFAULT_CLOCK_TOLERANCE_SEC = 30;
const MAX_CLOCK_TOLERANCE_SEC = 300;

function invalid(detail: string): JwtError {
  return new JwtError('ERR_JWT_CONFIG_INVALID', `The token verification settings are invalid: ${detail}.`);
}

function nonNegative(value: number | undefined, fallback: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0 || v > max) throw invalid(`${name} must be between 0 and ${max}`);
  return v;
}

function trustedAudiences(value: readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((a) => typeof a !== 'string' || a === ''))
    throw invalid('trustedAudiences must be a list of non-empty strings');
  return [...value];
}

/** Builds {@link JwtVerifier}s from settings; JWKS sources are shared per URI through the pool. */
@injectable()
export class JwtVerifierFactory {
  constructor(
    @inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry,
    @inject(JWT_TYPES.JwksSourcePool) private readonly pool: JwksSourcePool,
    @inject(TYPES.Clock) private readonly clock: Clock,
  ) {}

  create(settings: VerifierSettings): JwtVerifier {
    const kind = TOKEN_KINDS[settings.kind ?? 'id_token'];
    if (kind === undefined) throw invalid('unknown token kind');
    if (typeof settings.issuer !== 'string' || settings.issuer === '') throw invalid('the issuer is required');
    if (typeof settings.clientId !== 'string' || settings.clientId === '') throw invalid('the client id is required');
    const allowed = this.allowedAlgorithms(settings.algorithms);
    const symmetric = [...allowed.values()].map(isSymmetric);
    if (symmetric.some((s) => s !== symmetric[0]))
      throw invalid('HS* algorithms cannot be allowed together with asymmetric ones');
    const keys = symmetric[0] === true ? this.secretSource(settings) : this.asymmetricSource(settings);
    const typ = settings.typ === undefined ? kind.typ : settings.typ.map(normaliseTyp);
    return new JwtVerifier(
      {
        header: { allowed, typ, typRequired: kind.typRequired },
        claims: {
          issuer: settings.issuer,
          audience: settings.clientId,
          audienceKind: kind.audienceKind,
          trustedAudiences: trustedAudiences(settings.trustedAudiences),
          clockToleranceSec: nonNegative(
            settings.clockToleranceSec,
            DEFAULT_CLOCK_TOLERANCE_SEC,
            'clockToleranceSec',
            MAX_CLOCK_TOLERANCE_SEC,
          ),
          maxTokenAgeSec: nonNegative(settings.maxTokenAgeSec, kind.maxTokenAgeSec, 'maxTokenAgeSec'),
          requiredClaims: settings.requiredClaims ?? kind.requiredClaims,
        },
        maxTokenLength: nonNegative(settings.maxTokenLength, DEFAULT_MAX_TOKEN_LENGTH, 'maxTokenLength', 1024 * 1024),
      },
      keys,
      this.clock,
    );
  }

  private allowedAlgorithms(names: readonly string[]): Map<string, JwsAlgorithm> {
    if (!Array.isArray(names) || names.length === 0) throw invalid('at least one algorithm must be allowed');
    const allowed = new Map<string, JwsAlgorithm>();
    for (const name of names) {
      const algorithm = typeof name === 'string' && !isNoneAlg(name) ? this.registry.get(name) : undefined;
      if (algorithm === undefined) throw invalid(`algorithm ${String(name)} is not registered`);
      allowed.set(name, algorithm);
    }
    return allowed;
  }

  private secretSource(settings: VerifierSettings): KeySource {
    if (settings.jwksUri !== undefined || settings.staticKeys !== undefined)
      throw invalid('HS* algorithms use the client secret only');
    if (typeof settings.clientSecret !== 'string' || settings.clientSecret === '')
      throw invalid('HS* algorithms need the client secret');
    return new ClientSecretKeySource(settings.clientSecret);
  }

  private asymmetricSource(settings: VerifierSettings): KeySource {
    const hasJwks = typeof settings.jwksUri === 'string' && settings.jwksUri !== '';
    const hasStatic = Array.isArray(settings.staticKeys) && settings.staticKeys.length > 0;
    if (hasJwks === hasStatic) throw invalid('configure either a JWKS URI or static keys (exactly one)');
    return hasJwks ? this.pool.get(settings.jwksUri!, settings.jwks) : new StaticKeySource(settings.staticKeys!);
  }
}
