import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface TransportRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP exchange over node:http with keep-alive agents (cheaper than fetch for load benchmarks).
 * Never follows redirects. Rejects when the body exceeds `maxBodyBytes` or the exchange `timeoutMs`.
 */
export class HttpTransport {
  private readonly http = new Agent({ keepAlive: true });
  private readonly https = new HttpsAgent({ keepAlive: true });

  constructor(
    private readonly maxBodyBytes: number,
    private readonly timeoutMs: number,
  ) {}

  send(req: TransportRequest): Promise<TransportResponse> {
    const secure = req.url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const headers = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    return new Promise((resolve, reject) => {
      const outgoing = send(
        req.url,
        { method: req.method, headers, agent: secure ? this.https : this.http, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxBodyBytes) {
              res.destroy(
                new Error(
                  `response body of ${req.method} ${req.url.origin}${req.url.pathname} exceeds ${this.maxBodyBytes} bytes`,
                ),
              );
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(
          new Error(`${req.method} ${req.url.origin}${req.url.pathname} timed out after ${this.timeoutMs} ms`),
        ),
      );
      outgoing.on('error', reject);
      outgoing.end(req.body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
