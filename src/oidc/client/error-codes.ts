/** The protocol client's error codes (see errors.ts). */
export interface ErrorSpec {
  readonly status: number;
  /** Key below `OidcClient.messages` (i18n/en_US/OidcClient.json). */
  readonly key: string;
  readonly message: string;
  /** The setting an admin must fix: the error then carries `fields: { <setting>: message }` for the form. */
  readonly setting?: string;
  /**
   * A more precise key and message for one OAuth `error` the IdP answered (or one `reason`), e.g.
   * `invalid_client`; the code stays the same.
   */
  readonly variants?: Readonly<Record<string, { readonly key: string; readonly message: string }>>;
  /** What the user is told to do on the sign-in failure page (`retry`, `admin`, `later`); default by status. */
  readonly hint?: 'retry' | 'admin' | 'later';
}

/**
 * Failures of the protocol client (registry as data: code -> HTTP status, i18n key, message). IdP-side
 * failures answer 502 (504 for timeouts); configuration problems 503; a wrong issuer typed by an admin 400
 * (with `fields.oidcIssuer` for the form). Messages name the endpoint kind,
 * never a token, code, secret or response body.
 */
export const OIDC_CLIENT_ERRORS = {
  // The token endpoint refused who the CRM is, not the code: 400/401/403 with `invalid_client` or
  // `unauthorized_client`, or 401/403 without an OAuth error. A configuration problem (client ID, secret,
  // key, kid, auth method), never "not available".
  ERR_OIDC_CLIENT_AUTH_REJECTED: {
    status: 502,
    hint: 'admin',
    key: 'clientAuthRejected',
    message: 'The identity provider rejected the client authentication at the token endpoint',
    variants: {
      invalid_client: {
        key: 'clientAuthRejectedInvalidClient',
        message: 'The identity provider rejected the client ID or secret (or the signed client assertion)',
      },
      unauthorized_client: {
        key: 'clientAuthRejectedUnauthorizedClient',
        message: 'The identity provider does not allow this client to redeem an authorization code',
      },
    },
  },
  ERR_OIDC_TOKEN_REJECTED: {
    status: 502,
    key: 'tokenRejected',
    message: 'The identity provider refused the code redemption',
  },
  ERR_OIDC_TOKEN_ENDPOINT_UNAVAILABLE: {
    status: 502,
    key: 'tokenEndpointUnavailable',
    message: 'The token endpoint is unavailable',
  },
  ERR_OIDC_TOKEN_ENDPOINT_TIMEOUT: {
    status: 504,
    key: 'tokenEndpointTimeout',
    message: 'The token endpoint did not answer in time',
  },
  ERR_OIDC_TOKEN_ENDPOINT_REDIRECT: {
    status: 502,
    key: 'tokenEndpointRedirect',
    message: 'The token endpoint answered with a redirect, which is not followed',
  },
  ERR_OIDC_TOKEN_RESPONSE_INVALID: {
    status: 502,
    key: 'tokenResponseInvalid',
    message: 'The token endpoint answer is not a valid token response',
  },
  ERR_OIDC_TOKEN_RESPONSE_TOO_LARGE: {
    status: 502,
    key: 'tokenResponseTooLarge',
    message: 'The token endpoint answer is too large',
  },
  ERR_OIDC_USERINFO_UNAUTHORIZED: {
    status: 502,
    key: 'userInfoUnauthorized',
    message: 'The userinfo endpoint refused the access token',
  },
  ERR_OIDC_USERINFO_UNAVAILABLE: {
    status: 502,
    key: 'userInfoUnavailable',
    message: 'The userinfo endpoint is unavailable',
  },
  ERR_OIDC_USERINFO_TIMEOUT: {
    status: 504,
    key: 'userInfoTimeout',
    message: 'The userinfo endpoint did not answer in time',
  },
  ERR_OIDC_USERINFO_REDIRECT: {
    status: 502,
    key: 'userInfoRedirect',
    message: 'The userinfo endpoint answered with a redirect, which is not followed',
  },
  ERR_OIDC_USERINFO_RESPONSE_INVALID: {
    status: 502,
    key: 'userInfoResponseInvalid',
    message: 'The userinfo answer is not a JSON object',
  },
  ERR_OIDC_USERINFO_RESPONSE_TOO_LARGE: {
    status: 502,
    key: 'userInfoResponseTooLarge',
    message: 'The userinfo answer is too large',
  },
  ERR_OIDC_USERINFO_JWT_INVALID: {
    status: 502,
    key: 'userInfoJwtInvalid',
    message: 'The signed userinfo answer did not verify (signature, algorithm, issuer, audience or times)',
  },
  ERR_OIDC_USERINFO_SUB_MISMATCH: {
    status: 502,
    key: 'userInfoSubMismatch',
    message: 'The userinfo subject (sub) differs from the ID token subject',
  },
  ERR_OIDC_USERINFO_NOT_CONFIGURED: {
    status: 503,
    key: 'userInfoNotConfigured',
    message: 'No userinfo endpoint is configured',
  },
  ERR_OIDC_DISCOVERY_ISSUER_INVALID: {
    status: 400,
    setting: 'oidcIssuer',
    key: 'discoveryIssuerInvalid',
    message: 'The issuer is not a valid URL for discovery',
  },
  ERR_OIDC_DISCOVERY_ISSUER_MISMATCH: {
    status: 400,
    setting: 'oidcIssuer',
    key: 'discoveryIssuerMismatch',
    message: 'The discovery document names another issuer than the one in "Issuer" (oidcIssuer)',
  },
  ERR_OIDC_DISCOVERY_INSECURE: {
    status: 400,
    setting: 'oidcAllowHttp',
    key: 'discoveryInsecure',
    message:
      'The issuer or an endpoint in its discovery document uses plain http on a non-loopback host; this needs "Allow plain HTTP endpoints" (oidcAllowHttp), for development only',
  },
  ERR_OIDC_DISCOVERY_UNAVAILABLE: {
    status: 502,
    key: 'discoveryUnavailable',
    message: 'The discovery document could not be read',
  },
  ERR_OIDC_DISCOVERY_TIMEOUT: {
    status: 504,
    key: 'discoveryTimeout',
    message: 'The discovery document did not arrive in time',
  },
  ERR_OIDC_DISCOVERY_REDIRECT: {
    status: 502,
    key: 'discoveryRedirect',
    message: 'The discovery URL answered with a redirect, which is not followed',
  },
  ERR_OIDC_DISCOVERY_TOO_LARGE: {
    status: 502,
    key: 'discoveryTooLarge',
    message: 'The discovery document is too large',
  },
  ERR_OIDC_DISCOVERY_INVALID: {
    status: 502,
    key: 'discoveryInvalid',
    message: 'The discovery document is not valid OpenID Provider metadata',
  },
  ERR_OIDC_CLIENT_AUTH_METHOD_UNSUPPORTED: {
    status: 503,
    key: 'clientAuthMethodUnsupported',
    message: 'The configured token endpoint authentication method is not available',
  },
  ERR_OIDC_CLIENT_SECRET_MISSING: { status: 503, key: 'clientSecretMissing', message: 'The client secret is not set' },
  ERR_OIDC_CLIENT_ASSERTION_ALG_UNSUPPORTED: {
    status: 503,
    key: 'clientAssertionAlgUnsupported',
    message: 'The client assertion algorithm is not registered or cannot sign',
  },
  ERR_OIDC_CLIENT_KEY_INVALID: {
    status: 503,
    key: 'clientKeyInvalid',
    message: 'The client private key cannot be used',
  },
} as const satisfies Record<string, ErrorSpec>;
