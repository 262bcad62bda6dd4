import {
  describeUrl,
  NetError,
  type HttpClient,
  type HttpRequestOptions,
  type HttpResult,
  type NetErrorCode,
} from '../../net/index.js';
import { OidcClientError, type OidcClientErrorCode } from './errors.js';

/** Which client error each transport failure of one endpoint kind becomes. */
export type TransportErrorCodes = Readonly<Record<NetErrorCode, OidcClientErrorCode>>;

export const TOKEN_TRANSPORT_ERRORS: TransportErrorCodes = {
  ERR_HTTP_URL_INVALID: 'ERR_OIDC_TOKEN_ENDPOINT_UNAVAILABLE',
  ERR_HTTP_TIMEOUT: 'ERR_OIDC_TOKEN_ENDPOINT_TIMEOUT',
  ERR_HTTP_NETWORK: 'ERR_OIDC_TOKEN_ENDPOINT_UNAVAILABLE',
  ERR_HTTP_REDIRECT_REFUSED: 'ERR_OIDC_TOKEN_ENDPOINT_REDIRECT',
  ERR_HTTP_STATUS: 'ERR_OIDC_TOKEN_ENDPOINT_UNAVAILABLE',
  ERR_HTTP_BODY_TOO_LARGE: 'ERR_OIDC_TOKEN_RESPONSE_TOO_LARGE',
  ERR_HTTP_INVALID_JSON: 'ERR_OIDC_TOKEN_RESPONSE_INVALID',
};

export const USERINFO_TRANSPORT_ERRORS: TransportErrorCodes = {
  ERR_HTTP_URL_INVALID: 'ERR_OIDC_USERINFO_UNAVAILABLE',
  ERR_HTTP_TIMEOUT: 'ERR_OIDC_USERINFO_TIMEOUT',
  ERR_HTTP_NETWORK: 'ERR_OIDC_USERINFO_UNAVAILABLE',
  ERR_HTTP_REDIRECT_REFUSED: 'ERR_OIDC_USERINFO_REDIRECT',
  ERR_HTTP_STATUS: 'ERR_OIDC_USERINFO_UNAVAILABLE',
  ERR_HTTP_BODY_TOO_LARGE: 'ERR_OIDC_USERINFO_RESPONSE_TOO_LARGE',
  ERR_HTTP_INVALID_JSON: 'ERR_OIDC_USERINFO_RESPONSE_INVALID',
};

export const DISCOVERY_TRANSPORT_ERRORS: TransportErrorCodes = {
  ERR_HTTP_URL_INVALID: 'ERR_OIDC_DISCOVERY_ISSUER_INVALID',
  ERR_HTTP_TIMEOUT: 'ERR_OIDC_DISCOVERY_TIMEOUT',
  ERR_HTTP_NETWORK: 'ERR_OIDC_DISCOVERY_UNAVAILABLE',
  ERR_HTTP_REDIRECT_REFUSED: 'ERR_OIDC_DISCOVERY_REDIRECT',
  ERR_HTTP_STATUS: 'ERR_OIDC_DISCOVERY_UNAVAILABLE',
  ERR_HTTP_BODY_TOO_LARGE: 'ERR_OIDC_DISCOVERY_TOO_LARGE',
  ERR_HTTP_INVALID_JSON: 'ERR_OIDC_DISCOVERY_INVALID',
};

/** One request through the bounded client; transport failures become the endpoint kind's client errors. */
export async function callEndpoint(
  http: HttpClient,
  url: string,
  options: HttpRequestOptions,
  codes: TransportErrorCodes,
): Promise<HttpResult> {
  try {
    return await http.request(url, options);
  } catch (error) {
    if (!NetError.isNetError(error)) throw error;
    throw new OidcClientError(codes[error.code], {
      detail: error.message,
      httpStatus: error.httpStatus,
      reason: error.code,
      cause: error,
    });
  }
}

/** The media type of a response, lowercased, without parameters (`''` when absent). */
export function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parses a body as a top-level JSON object, or returns undefined. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `origin + path` of an endpoint for messages (never its query). */
export function where(url: string): string {
  try {
    return describeUrl(new URL(url));
  } catch {
    return 'an invalid URL';
  }
}
