import { inject, injectable } from 'inversify';
import { NET_TYPES, type HttpClient } from '../../net/index.js';
import type { OidcSettings } from '../../settings/index.js';
import { type ClientAuthRegistry } from './auth/auth-registry.js';
import { callEndpoint, mediaType, parseJsonObject, TOKEN_TRANSPORT_ERRORS, where } from './endpoint-call.js';
import { OidcClientError, safeOAuthErrorCode } from './errors.js';
import { OIDC_CLIENT_TYPES } from './tokens.js';
import { parseTokenResponse } from './token-response.js';
import type { OidcClientOptions, TokenClient, TokenRequestDraft, TokenSet } from './types.js';

/** DI identifier of the auth method registry (internal to the client domain). */
export const CLIENT_AUTH_REGISTRY = Symbol.for('oidc-auth.oidc.client.ClientAuthRegistry');

/**
 * Redeems an authorization code (RFC 6749 §4.1.3): one form POST through the bounded HTTP client
 * (timeout, 1 MiB cap, redirects refused), authenticated by the configured method. Never retried: a
 * code is single-use and a retry after a lost answer would revoke the grant.
 */
@injectable()
export class HttpTokenClient implements TokenClient {
  constructor(
    @inject(NET_TYPES.HttpClient) private readonly http: HttpClient,
    @inject(CLIENT_AUTH_REGISTRY) private readonly auth: ClientAuthRegistry,
    @inject(OIDC_CLIENT_TYPES.Options) private readonly options: OidcClientOptions,
  ) {}

  async exchangeCode(input: {
    settings: OidcSettings;
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<TokenSet> {
    const { settings } = input;
    const draft: TokenRequestDraft = {
      form: new URLSearchParams({
        grant_type: 'authorization_code',
        code: input.code,
        redirect_uri: input.redirectUri,
      }),
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    };
    if (input.codeVerifier !== '') draft.form.set('code_verifier', input.codeVerifier);
    await this.auth.get(settings.tokenEndpointAuthMethod).apply(settings, draft, settings.tokenEndpoint);

    const result = await callEndpoint(
      this.http,
      settings.tokenEndpoint,
      {
        method: 'POST',
        headers: draft.headers,
        body: draft.form.toString(),
        timeoutMs: this.options.tokenTimeoutMs,
        maxBytes: this.options.maxResponseBytes,
      },
      TOKEN_TRANSPORT_ERRORS,
    );
    const endpoint = where(settings.tokenEndpoint);
    const json = parseJsonObject(result.body);
    if (result.status === 200) {
      if (json === undefined) {
        throw new OidcClientError('ERR_OIDC_TOKEN_RESPONSE_INVALID', {
          reason: 'not-json-object',
          detail: `${endpoint} answered ${mediaType(result.headers) || 'no content type'}, not a JSON object`,
          httpStatus: 200,
        });
      }
      return parseTokenResponse(json);
    }
    if (result.status >= 500) {
      throw new OidcClientError('ERR_OIDC_TOKEN_ENDPOINT_UNAVAILABLE', {
        detail: `${endpoint} answered ${result.status}`,
        httpStatus: result.status,
      });
    }
    const oauthError = json === undefined ? null : safeOAuthErrorCode(json['error']);
    const hasOAuthError = json !== undefined && Object.hasOwn(json, 'error');
    if (isClientAuthRejection(result.status, hasOAuthError ? oauthError : null, hasOAuthError)) {
      throw new OidcClientError('ERR_OIDC_CLIENT_AUTH_REJECTED', {
        oauthError: hasOAuthError ? (oauthError ?? 'invalid_error_code') : null,
        detail: `${endpoint} answered ${result.status}${hasOAuthError ? '' : ' without an OAuth error'}`,
        httpStatus: result.status,
      });
    }
    if (result.status >= 400 && hasOAuthError) {
      throw new OidcClientError('ERR_OIDC_TOKEN_REJECTED', {
        oauthError: oauthError ?? 'invalid_error_code',
        detail: `${endpoint} answered ${result.status}`,
        httpStatus: result.status,
      });
    }
    throw new OidcClientError('ERR_OIDC_TOKEN_RESPONSE_INVALID', {
      reason: 'unexpected-status',
      detail: `${endpoint} answered ${result.status} without an OAuth error`,
      httpStatus: result.status,
    });
  }
}

/** OAuth errors (RFC 6749 §5.2) that refuse the client itself, not the grant. */
const CLIENT_AUTH_ERRORS: ReadonlySet<string> = new Set(['invalid_client', 'unauthorized_client']);

/**
 * Whether a token endpoint answer refuses the client authentication: 400/401/403 with `invalid_client` or
 * `unauthorized_client`, or 401/403 without an OAuth error (a gateway or an IdP that answers with no body).
 */
export function isClientAuthRejection(status: number, oauthError: string | null, hasOAuthError: boolean): boolean {
  if (status !== 400 && status !== 401 && status !== 403) return false;
  if (oauthError !== null && CLIENT_AUTH_ERRORS.has(oauthError)) return true;
  return !hasOAuthError && status !== 400;
}
