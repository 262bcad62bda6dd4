import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { injectable } from 'inversify';
import { NetError, describeUrl } from './errors.js';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  parseHttpUrl,
  readJsonObject,
  type HttpClient,
  type HttpRequestOptions,
  type HttpResult,
} from './http-client.js';

/** Decoders for a `content-encoding` a server sent although none was asked for (`identity` is the norm). */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Errors of a kept-alive socket the server closed just before it was reused: safe to send once more. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

class Timeout extends Error {}

/**
 * The bounded HTTP client on `node:http`/`node:https` with kept-alive connections: a few times less CPU
 * per call than `fetch` (measured in `bench:login`, where every login makes two calls), same rules: http(s)
 * only, one timeout over the whole exchange (connect, headers, body), a body cap enforced while reading
 * (also after decompression), no redirect followed, TLS verified by Node's defaults.
 */
@injectable()
export class NodeHttpClient implements HttpClient {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
  };

  async request(url: string, options: HttpRequestOptions = {}): Promise<HttpResult> {
    const target = parseHttpUrl(url);
    const where = describeUrl(target);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(target, options, Math.max(1, deadline - Date.now()), maxBytes, where);
      } catch (error) {
        if (NetError.isNetError(error)) throw error;
        if (error instanceof Timeout) {
          throw new NetError('ERR_HTTP_TIMEOUT', `${where} did not answer within ${timeoutMs} ms.`);
        }
        const failure = error as Error & { code?: string; reusedSocket?: boolean };
        if (attempt === 1 && failure.reusedSocket && STALE_SOCKET_CODES.has(failure.code ?? '')) continue;
        const reason = failure.code ?? failure.message;
        throw new NetError('ERR_HTTP_NETWORK', `${where} could not be reached (${reason}).`, { cause: error });
      }
    }
  }

  async json(
    url: string,
    options: HttpRequestOptions = {},
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
    const result = await this.request(url, { ...options, headers: { accept: 'application/json', ...options.headers } });
    return readJsonObject(result, describeUrl(new URL(url)));
  }

  private once(
    target: URL,
    options: HttpRequestOptions,
    timeoutMs: number,
    maxBytes: number,
    where: string,
  ): Promise<HttpResult> {
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    const headers: Record<string, string | number> = { ...options.headers };
    if (body) headers['content-length'] = body.length;
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise<HttpResult>((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, result?: HttpResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          request.destroy();
          reject(error);
        } else resolve(result!);
      };
      const request = transport.request(
        target,
        {
          method: options.method ?? 'GET',
          headers,
          agent: this.agents[target.protocol as 'http:' | 'https:'],
        },
        (response) => readResponse(response, maxBytes, where, finish),
      );
      const timer = setTimeout(() => finish(new Timeout()), timeoutMs);
      request.on('error', (error: Error & { reusedSocket?: boolean }) => {
        error.reusedSocket = request.reusedSocket;
        finish(error);
      });
      request.end(body);
    });
  }
}

/** Reads the answer into `done` (called once, synchronously with the failure it reports). */
function readResponse(
  response: IncomingMessage,
  maxBytes: number,
  where: string,
  done: (error: unknown, result?: HttpResult) => void,
): void {
  const status = response.statusCode ?? 0;
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  if (status >= 300 && status < 400) {
    response.resume();
    done(
      new NetError(
        'ERR_HTTP_REDIRECT_REFUSED',
        `${where} answered with a redirect (${status}); redirects are not followed.`,
        {
          httpStatus: status,
        },
      ),
    );
    return;
  }
  const tooLarge = () =>
    new NetError('ERR_HTTP_BODY_TOO_LARGE', `The response of ${where} is larger than ${maxBytes} bytes.`);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    done(tooLarge());
    return;
  }
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let stream: NodeJS.ReadableStream & { destroy(): void } = response;
  if (encoding !== 'identity' && encoding !== '') {
    const decoder = DECODERS[encoding];
    if (!decoder) {
      done(
        new NetError(
          'ERR_HTTP_NETWORK',
          `${where} answered with an unsupported content encoding (${encoding.slice(0, 32)}).`,
        ),
      );
      return;
    }
    const decoded = decoder();
    response.on('error', (error) => decoded.destroy(error));
    stream = response.pipe(decoded);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  stream.on('data', (chunk: Buffer) => {
    total += chunk.length;
    if (total > maxBytes) {
      done(tooLarge());
      stream.destroy();
      return;
    }
    chunks.push(chunk);
  });
  stream.on('end', () => done(null, { status, headers, body: Buffer.concat(chunks, total) }));
  stream.on('error', (error) => done(error));
  response.on('aborted', () =>
    done(Object.assign(new Error('the connection closed mid-body'), { code: 'ECONNRESET' })),
  );
}
