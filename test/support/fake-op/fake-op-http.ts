import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_REQUEST_BODY, type Exchange } from './exchange.js';
import type { FakeOpEndpoint, RecordedRequest } from './fake-op-types.js';

/** Paths below the issuer and the endpoint each one counts as. */
export const ROUTES: Record<string, FakeOpEndpoint> = {
  '/.well-known/openid-configuration': 'discovery',
  '/jwks': 'jwks',
  '/jwks-moved': 'jwksMoved',
  '/authorize': 'authorize',
  '/token': 'token',
  '/token-moved': 'tokenMoved',
  '/userinfo': 'userinfo',
  '/end-session': 'endSession',
};

export function newCounts(): Record<FakeOpEndpoint, number> {
  return Object.fromEntries([...Object.values(ROUTES), 'unknown'].map((e) => [e, 0])) as Record<FakeOpEndpoint, number>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface DispatcherInputs {
  origin: string;
  /** Origin plus issuer path without a trailing slash: every endpoint is `${base}/<path>`. */
  base: string;
  handlers: Record<FakeOpEndpoint, (ex: Exchange) => Promise<void> | void>;
  counts: Record<FakeOpEndpoint, number>;
  requests: RecordedRequest[];
  delayMs: () => number;
}

/** Routes a request to its endpoint handler, counting and recording it first. */
export function createDispatcher(inputs: DispatcherInputs): (req: IncomingMessage, res: ServerResponse) => void {
  const mount = new URL(inputs.base).pathname.replace(/\/$/, '');
  return (req, res) => {
    const url = new URL(req.url ?? '/', inputs.origin);
    const path = mount && url.pathname.startsWith(mount) ? url.pathname.slice(mount.length) : url.pathname;
    const endpoint = (mount && !url.pathname.startsWith(mount) ? undefined : ROUTES[path]) ?? 'unknown';
    inputs.counts[endpoint]++;
    readBody(req)
      .then(async (body) => {
        inputs.requests.push({
          endpoint,
          method: req.method ?? 'GET',
          url: url.href,
          headers: req.headers,
          body,
          at: Date.now(),
        });
        const isForm = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
        const form = new URLSearchParams(isForm ? body : '');
        const ex: Exchange = { req, res, url, body, form, base: inputs.base, delayMs: inputs.delayMs() };
        await inputs.handlers[endpoint](ex);
      })
      .catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed)
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`fake-op error: ${(err as Error).message}`);
      });
  };
}
