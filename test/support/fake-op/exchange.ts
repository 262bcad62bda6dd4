import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request/response at the fake OP, with small helpers for behaviours. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Raw request body (capped at 1 MB). */
  body: string;
  /** Body parsed as a form (empty for other bodies). */
  form: URLSearchParams;
  /** Origin plus issuer path without a trailing slash: endpoints are `${base}/<path>`. */
  base: string;
  /** Delay used by the `slow` behaviours. */
  delayMs: number;
}

export const MAX_REQUEST_BODY = 1024 * 1024;

export function send(ex: Exchange, status: number, body: string, headers: Record<string, string> = {}): void {
  if (ex.res.writableEnded || ex.res.destroyed) return;
  ex.res.writeHead(status, { 'cache-control': 'no-store', ...headers });
  ex.res.end(body);
}

export function sendJson(ex: Exchange, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(ex, status, JSON.stringify(value), { 'content-type': 'application/json', ...headers });
}

/** Waits `ms` unless the client goes away first (so slow behaviours never keep the process busy). */
export function delay(ex: Exchange, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    ex.res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Streams `totalBytes` of a JSON object (one huge string member) in 64 KB chunks. */
export function sendHugeJson(ex: Exchange, totalBytes: number): void {
  ex.res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  const chunk = 'x'.repeat(64 * 1024);
  let sent = 0;
  ex.res.write('{"pad":"');
  const pump = (): void => {
    while (sent < totalBytes && !ex.res.destroyed) {
      sent += chunk.length;
      if (!ex.res.write(chunk)) {
        ex.res.once('drain', pump);
        return;
      }
    }
    if (!ex.res.destroyed) ex.res.end('"}');
  };
  pump();
}
