/** Defaults per kind of token: the claims it must carry and the `typ` values it may declare. */
export interface TokenKindRules {
  readonly requiredClaims: readonly string[];
  /** Accepted `typ` (lower case, without `application/`); undefined = not checked. */
  readonly typ: readonly string[] | undefined;
  readonly typRequired: boolean;
  /** Default oldest `iat`, seconds. */
  readonly maxTokenAgeSec: number;
  /**
   * `client`: the required audience is this client, so `azp` must equal it when present and is required
   * with several audiences (OIDC Core 3.1.3.7). `resource`: the required audience is a resource (an API),
   * `aud` must contain it and `azp` names whichever client asked for the token (RFC 9068 4): not checked here.
   */
  readonly audienceKind: 'client' | 'resource';
}

/**
 * - `id_token`: OIDC Core 3.1.3.7; `typ` absent or `JWT` (a logout or access token posing as an ID token is refused).
 * - `logout_token`: Back-Channel Logout 2.4; `typ` absent, `logout+jwt` or `JWT`; `exp` optional (older drafts).
 * - `access_token`: RFC 9068; `typ` must be `at+jwt`; `aud` must contain the API audience, `azp` is not
 *   compared with it (Keycloak puts the requesting client there).
 */
export const TOKEN_KINDS = {
  id_token: {
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    typ: ['jwt'],
    typRequired: false,
    maxTokenAgeSec: 600,
    audienceKind: 'client',
  },
  logout_token: {
    requiredClaims: ['iss', 'aud', 'iat', 'jti'],
    typ: ['logout+jwt', 'jwt'],
    typRequired: false,
    maxTokenAgeSec: 300,
    audienceKind: 'client',
  },
  access_token: {
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    typ: ['at+jwt'],
    typRequired: true,
    maxTokenAgeSec: 86_400,
    audienceKind: 'resource',
  },
} as const satisfies Record<string, TokenKindRules>;

export type TokenKind = keyof typeof TOKEN_KINDS;
