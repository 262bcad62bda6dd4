import type { Clock } from 'crm-host/sdk';
import { checkClaims, type CallChecks, type ClaimRules } from './claims.js';
import { decodeJsonObject, isCanonicalBase64url, splitCompact, type CompactParts, type JsonObject } from './compact.js';
import { JwtError } from './errors.js';
import { checkHeader, type CheckedHeader, type HeaderRules } from './header.js';
import type { KeySource } from './keys/key-source.js';
import type { VerificationKey } from './keys/verification-key.js';

/** The outcome of a successful verification. */
export interface VerifiedJwt {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  /** The algorithm that verified the signature. */
  readonly alg: string;
  /** The key that verified it: `kid`, RFC 7638 thumbprint and source (shown in the test-login report). */
  readonly key: Pick<VerificationKey, 'kid' | 'thumbprint' | 'source'>;
}

export interface VerifierConfig {
  readonly header: HeaderRules;
  readonly claims: ClaimRules;
  /** Longest token accepted, characters. */
  readonly maxTokenLength: number;
}

/** Parsed headers of tokens that verified, keyed by their segment (an IdP reuses a handful). */
const HEADER_CACHE_SIZE = 32;

/**
 * Verifies compact JWS tokens against one configuration. The hot path is: split, header (cached once
 * seen on a valid token), one synchronous verify with a cached KeyObject, payload decode, claim checks.
 */
export class JwtVerifier {
  private readonly headers = new Map<string, CheckedHeader>();
  private readonly knownHeader = (segment: string): boolean => this.headers.has(segment);

  constructor(
    private readonly config: VerifierConfig,
    private readonly keys: KeySource,
    private readonly clock: Clock,
  ) {}

  /** Registered algorithms this verifier accepts. */
  get algorithms(): string[] {
    return [...this.config.header.allowed.keys()];
  }

  /** Where the keys come from (for reports: a `JwksKeySource` also has `status()`). */
  get keySource(): KeySource {
    return this.keys;
  }

  /** Verifies `token`; throws a `JwtError` with a stable code on any failure. */
  async verify(token: string, checks?: CallChecks): Promise<VerifiedJwt> {
    const parts = splitCompact(token, this.config.maxTokenLength, this.knownHeader);
    const checked = this.header(parts.headerSegment);
    const key =
      this.keys.selectSync(checked.algorithm, checked.kid) ?? (await this.keys.select(checked.algorithm, checked.kid));
    return this.finish(token, parts, checked, key, checks);
  }

  /**
   * The synchronous fast path: the result, or `undefined` when the key source has to fetch first (call
   * {@link verify} then). Throws a `JwtError` on any failure.
   */
  verifySync(token: string, checks?: CallChecks): VerifiedJwt | undefined {
    const parts = splitCompact(token, this.config.maxTokenLength, this.knownHeader);
    const checked = this.header(parts.headerSegment);
    const key = this.keys.selectSync(checked.algorithm, checked.kid);
    return key === undefined ? undefined : this.finish(token, parts, checked, key, checks);
  }

  private header(segment: string): CheckedHeader {
    return this.headers.get(segment) ?? checkHeader(decodeJsonObject(segment, 'header'), this.config.header);
  }

  /** One verify with the cached key; an algorithm that throws counts as an invalid signature. */
  private signatureValid(token: string, parts: CompactParts, checked: CheckedHeader, key: VerificationKey): boolean {
    const signingInput = Buffer.from(token.slice(0, parts.signingInputEnd), 'latin1');
    const signature = Buffer.from(parts.signatureSegment, 'base64url');
    try {
      return checked.algorithm.verify(signingInput, signature, key.key) === true;
    } catch {
      return false;
    }
  }

  private finish(
    token: string,
    parts: CompactParts,
    checked: CheckedHeader,
    key: VerificationKey,
    checks: CallChecks | undefined,
  ): VerifiedJwt {
    if (!isCanonicalBase64url(parts.signatureSegment) || !this.signatureValid(token, parts, checked, key)) {
      throw new JwtError('ERR_JWT_SIGNATURE_INVALID');
    }
    if (!this.headers.has(parts.headerSegment)) {
      if (this.headers.size >= HEADER_CACHE_SIZE) this.headers.clear();
      // Callers receive this header object on every later verification: make it immutable.
      deepFreeze(checked.header);
      this.headers.set(parts.headerSegment, checked);
    }
    const payload = decodeJsonObject(parts.payloadSegment, 'payload');
    checkClaims(payload, this.config.claims, this.clock.now() / 1000, checks);
    return { header: checked.header, payload, alg: checked.algorithm.alg, key };
  }
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
