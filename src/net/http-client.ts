import { injectable } from 'inversify';
import { NetError, describeUrl } from './errors.js';

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

function parseUrl(url: string): URL {
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

async function readCapped(response: Response, maxBytes: number, where: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new NetError('ERR_HTTP_BODY_TOO_LARGE', `The response of ${where} is larger than ${maxBytes} bytes.`);
  }
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new NetError('ERR_HTTP_BODY_TOO_LARGE', `The response of ${where} is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

@injectable()
export class FetchHttpClient implements HttpClient {
  async request(url: string, options: HttpRequestOptions = {}): Promise<HttpResult> {
    const target = parseUrl(url);
    const where = describeUrl(target);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(target, {
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.body,
        redirect: 'manual',
        signal: controller.signal,
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => undefined);
        throw new NetError(
          'ERR_HTTP_REDIRECT_REFUSED',
          `${where} answered with a redirect (${response.status}); redirects are not followed.`,
          {
            httpStatus: response.status,
          },
        );
      }
      const body = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES, where);
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      if (NetError.isNetError(error)) throw error;
      if (controller.signal.aborted) {
        throw new NetError('ERR_HTTP_TIMEOUT', `${where} did not answer within ${timeoutMs} ms.`, { cause: error });
      }
      const reason = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new NetError('ERR_HTTP_NETWORK', `${where} could not be reached (${reason}).`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async json(
    url: string,
    options: HttpRequestOptions = {},
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
    const headers = { accept: 'application/json', ...options.headers };
    const result = await this.request(url, { ...options, headers });
    const where = describeUrl(new URL(url));
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
}
