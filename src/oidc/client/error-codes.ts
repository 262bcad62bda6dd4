/** The protocol client's error codes (see errors.ts). */
export interface ErrorSpec {
  readonly status: number;
  /** Key below `OidcClient.messages` (i18n/en_US/OidcClient.json). */
  readonly key: string;
  readonly message: string;
  /** The setting an admin must fix: the error then carries `fields: { <setting>: message }` for the form. */
  readonly setting?: string;
}

/**
 * Failures of the protocol client (registry as data: code -> HTTP status, i18n key, message). IdP-side
 * failures answer 502 (504 for timeouts); configuration problems 503; a wrong issuer typed by an admin 400
 * (with `fields.oidcIssuer` for the form). Messages name the endpoint kind,
 * never a token, code, secret or response body.
 */
export const OIDC_CLIENT_ERRORS = {
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
