import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type JwksBehaviour =
  | { kind: 'json'; body: unknown; status?: number }
  | { kind: 'raw'; body: string | Buffer; status?: number; contentType?: string; chunked?: boolean }
  | { kind: 'redirect'; location: string; status?: number }
  | { kind: 'hang' }
  | { kind: 'reset' };

/** A programmable JWKS endpoint on 127.0.0.1:0 that counts requests. */
export class JwksServer {
  behaviour: JwksBehaviour = { kind: 'json', body: { keys: [] } };
  requests = 0;
  /** Delay before answering, ms. */
  delayMs = 0;
  private server: Server | undefined;
  private readonly open = new Set<ServerResponse>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks`;
    return this;
  }

  setKeys(keys: unknown[]): void {
    this.behaviour = { kind: 'json', body: { keys } };
  }

  private handle(_req: IncomingMessage, res: ServerResponse): void {
    this.requests += 1;
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const b = this.behaviour;
    const answer = (): void => {
      if (b.kind === 'hang') return;
      if (b.kind === 'reset') {
        res.socket?.destroy();
        return;
      }
      if (b.kind === 'redirect') {
        res.writeHead(b.status ?? 302, { location: b.location }).end();
      } else if (b.kind === 'json') {
        res.writeHead(b.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(b.body));
      } else {
        const headers: Record<string, string> = { 'content-type': b.contentType ?? 'application/json' };
        if (b.chunked !== true) headers['content-length'] = String(Buffer.byteLength(b.body));
        res.writeHead(b.status ?? 200, headers);
        if (b.chunked === true) {
          const buf = Buffer.from(b.body);
          for (let i = 0; i < buf.length; i += 16 * 1024) res.write(buf.subarray(i, i + 16 * 1024));
          res.end();
        } else res.end(b.body);
      }
    };
    if (this.delayMs > 0) setTimeout(answer, this.delayMs);
    else answer();
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
