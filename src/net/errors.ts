import { HostError } from 'crm-host/sdk';

export const NET_ERROR_CODES = [
  'ERR_HTTP_URL_INVALID',
  'ERR_HTTP_TIMEOUT',
  'ERR_HTTP_NETWORK',
  'ERR_HTTP_REDIRECT_REFUSED',
  'ERR_HTTP_STATUS',
  'ERR_HTTP_BODY_TOO_LARGE',
  'ERR_HTTP_INVALID_JSON',
] as const;

export type NetErrorCode = (typeof NET_ERROR_CODES)[number];

/**
 * A failed outgoing HTTP call. The message names the endpoint (origin and path, never the query) and
 * what went wrong; `httpStatus` is the remote status when one was received.
 */
export class NetError extends HostError {
  override readonly code: NetErrorCode;
  readonly httpStatus: number | undefined;

  constructor(code: NetErrorCode, message: string, options: { httpStatus?: number; cause?: unknown } = {}) {
    super(code, message, { status: 502, i18nKey: `Oidc.errors.${code}`, cause: options.cause });
    this.name = 'NetError';
    this.code = code;
    this.httpStatus = options.httpStatus;
  }

  static isNetError(value: unknown): value is NetError {
    return HostError.is(value) && (NET_ERROR_CODES as readonly string[]).includes(value.code);
  }
}

/** `https://host/path` of a URL, without query, fragment or credentials: safe for messages and logs. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
