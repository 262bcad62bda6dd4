import type { OidcSettings } from '../settings/types.js';

/**
 * The contracts of the OIDC client domain (`src/oidc/client/`, branch `oidc-client`), as agreed in the
 * wave-2 interfaces. The login flow codes against these; the service identifiers are `Symbol.for` keys,
 * so they resolve whatever `src/oidc/client/module.ts` binds under the same names.
 */
export const OIDC_CLIENT_IDS = {
  TokenClient: Symbol.for('oidc-auth.oidc.client.TokenClient'),
  UserInfoClient: Symbol.for('oidc-auth.oidc.client.UserInfoClient'),
  DiscoveryClient: Symbol.for('oidc-auth.oidc.client.DiscoveryClient'),
  ClientAuthStrategy: Symbol.for('oidc-auth.oidc.client.ClientAuthStrategy'),
} as const;

export interface TokenSet {
  idToken: string;
  accessToken: string | null;
  tokenType: string | null;
  expiresIn: number | null;
  refreshToken: string | null;
  scope: string | null;
}

export interface TokenClient {
  exchangeCode(input: {
    settings: OidcSettings;
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<TokenSet>;
}

export interface UserInfoClient {
  fetch(input: { settings: OidcSettings; accessToken: string; expectedSub: string }): Promise<Record<string, unknown>>;
}

/** The parts of a discovery result the flow reads (the client domain returns more). */
export interface DiscoveryResultLike {
  readonly issuer?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

export interface DiscoveryClient {
  discover(issuer: string, options?: { allowHttp?: boolean }): Promise<DiscoveryResultLike>;
  /** Cached discovery metadata of an issuer (optional in the contract). */
  metadataFor?(issuer: string, options?: { allowHttp?: boolean }): Promise<Readonly<Record<string, unknown>> | null>;
}
