import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal HTTP load balancer for tests: every request goes to the next backend in turn (no sticky
 * sessions, no session affinity of any kind), like a round-robin proxy in front of N host processes.
 * A backend that refuses connections is marked down and skipped; an idempotent request (GET/HEAD) that
 * found its backend dead is retried on the next one, other requests get 502 (as nginx does by default).
 */
export class RoundRobinBalancer {
  /** How many requests each backend served (index = backend). */
  readonly served: number[];
  private readonly down = new Set<number>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private next = 0;
  private server = createServer((req, res) => this.forward(req, res));
  url = '';

  constructor(private readonly backends: readonly string[]) {
    this.served = backends.map(() => 0);
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Takes a backend out of rotation (e.g. before stopping it) or puts it back. */
  setDown(index: number, down = true): void {
    if (down) this.down.add(index);
    else this.down.delete(index);
  }

  private pick(exclude: ReadonlySet<number>): number | undefined {
    for (let i = 0; i < this.backends.length; i++) {
      const candidate = (this.next + i) % this.backends.length;
      if (!this.down.has(candidate) && !exclude.has(candidate)) {
        this.next = candidate + 1;
        return candidate;
      }
    }
    return undefined;
  }

  private forward(req: IncomingMessage, res: ServerResponse, tried = new Set<number>()): void {
    const index = this.pick(tried);
    if (index === undefined) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('no backend available');
      return;
    }
    tried.add(index);
    const target = new URL(req.url ?? '/', this.backends[index]);
    const upstream = httpRequest(
      target,
      {
        method: req.method,
        headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress },
        agent: this.agent,
      },
      (answer) => {
        this.served[index]!++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') this.down.add(index);
      const idempotent = req.method === 'GET' || req.method === 'HEAD';
      if (
        !res.headersSent &&
        idempotent &&
        error.code !== undefined &&
        ['ECONNREFUSED', 'ECONNRESET'].includes(error.code)
      ) {
        this.forward(req, res, tried);
      } else if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
      } else {
        res.destroy();
      }
    });
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
