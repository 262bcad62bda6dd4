import { NetError } from './errors.js';

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A form or JSON body, already encoded. */
  body?: string;
  /** Whole-call budget (connect, headers and body), ms. Default 5000. */
  timeoutMs?: number;
  /** Largest body accepted, bytes. Default 1 MiB. */
  maxBytes?: number;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

/**
 * The bounded HTTP client every outgoing call of the extension uses (discovery, JWKS, token, userinfo):
 * http(s) only, a timeout over the whole exchange, a body-size cap enforced while streaming, and no
 * redirect ever followed (a 3xx is an error: configure the final URL).
 */
export interface HttpClient {
  request(url: string, options?: HttpRequestOptions): Promise<HttpResult>;
  /** GET (or the given method) expecting 200 and a JSON object (`ERR_HTTP_INVALID_JSON` otherwise). */
  json(
    url: string,
    options?: HttpRequestOptions,
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** A URL the client may call (http or https), or `ERR_HTTP_URL_INVALID`. */
export function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NetError('ERR_HTTP_URL_INVALID', 'The URL is not valid.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new NetError('ERR_HTTP_URL_INVALID', `Only http and https URLs are allowed (${parsed.protocol}).`);
  }
  return parsed;
}

/** A 200 answer's body as a JSON object, or `ERR_HTTP_STATUS` / `ERR_HTTP_INVALID_JSON`. */
export function readJsonObject(
  result: HttpResult,
  where: string,
): { status: number; headers: Headers; json: Record<string, unknown> } {
  if (result.status !== 200) {
    throw new NetError('ERR_HTTP_STATUS', `${where} answered ${result.status} instead of 200.`, {
      httpStatus: result.status,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(result.body.toString('utf8'));
  } catch {
    throw new NetError('ERR_HTTP_INVALID_JSON', `${where} did not answer with valid JSON.`, {
      httpStatus: result.status,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new NetError('ERR_HTTP_INVALID_JSON', `${where} did not answer with a JSON object.`, {
      httpStatus: result.status,
    });
  }
  return { status: result.status, headers: result.headers, json: json as Record<string, unknown> };
}
