import { TYPES, type ConfigService, type Logger } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { VerifiedJwt } from '../jwt/verifier.js';
import { OIDC_SETTING_DEFAULTS } from '../settings/defaults.js';

/** The setting naming the claims whose values are masked in the debug log. */
export const MASKED_CLAIMS_SETTING = 'oidcLogMaskedClaims';

/** What a masked value is written as. */
export const MASKED = '[masked]';

/** Header members worth seeing when setting up a provider (never the signature or the token). */
const HEADER_MEMBERS = ['alg', 'kid', 'typ'] as const;

/**
 * A copy of `claims` with the values of `masked` claims replaced by `[masked]`. A name is a top-level claim
 * (`email`, `address`: the whole object) or a dotted path into nested objects (`address.street_address`).
 * Names compare exactly, as claim names do.
 */
export function maskClaims(
  claims: Readonly<Record<string, unknown>>,
  masked: readonly string[],
): Record<string, unknown> {
  const copy = structuredClone(claims) as Record<string, unknown>;
  for (const name of masked) {
    const path = name.split('.');
    let node: unknown = copy;
    for (const [i, part] of path.entries()) {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, part)) break;
      const holder = node as Record<string, unknown>;
      if (i === path.length - 1)
        Object.defineProperty(holder, part, { value: MASKED, enumerable: true, writable: true, configurable: true });
      else node = holder[part];
    }
  }
  return copy;
}

/**
 * Debug logging of the claims a sign-in received, as EspoCRM offers it for setting up team mapping (seed
 * 000: "set the DEBUG mode ... to see what values are sent in JWT tokens"). At log level `debug` only: the
 * verified ID token's header (`alg`, `kid`, `typ`) and claims, and the userinfo claims, with the claims
 * named by `oidcLogMaskedClaims` masked. Never the token itself; at any other level nothing is built.
 */
@injectable()
export class ClaimsDebugLog {
  private readonly logger: Logger;

  constructor(
    @inject(TYPES.Logger) logger: Logger,
    @inject(TYPES.Config) private readonly config: Pick<ConfigService, 'get'>,
  ) {
    this.logger = logger.child('oidc.claims');
  }

  enabled(): boolean {
    return this.logger.isLevelEnabled('debug');
  }

  idToken(token: VerifiedJwt, context: { readonly test?: boolean } = {}): void {
    if (!this.enabled()) return;
    const header: Record<string, unknown> = {};
    for (const member of HEADER_MEMBERS) if (token.header[member] !== undefined) header[member] = token.header[member];
    this.logger.debug('ID token claims', {
      ...(context.test ? { testLogin: true } : {}),
      header,
      claims: maskClaims(token.payload, this.maskedClaims()),
    });
  }

  userInfo(claims: Readonly<Record<string, unknown>>, context: { readonly test?: boolean } = {}): void {
    if (!this.enabled()) return;
    this.logger.debug('Userinfo claims', {
      ...(context.test ? { testLogin: true } : {}),
      claims: maskClaims(claims, this.maskedClaims()),
    });
  }

  /** The configured names; the default list when unset; garbage entries ignored. */
  maskedClaims(): string[] {
    const value = this.config.get(MASKED_CLAIMS_SETTING) ?? OIDC_SETTING_DEFAULTS[MASKED_CLAIMS_SETTING];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
  }
}
