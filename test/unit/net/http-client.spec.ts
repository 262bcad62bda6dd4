import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { NodeHttpClient, NetError } from '../../../src/net/index.js';

type Handler = Parameters<typeof createServer>[1];

describe('net bounded HTTP client', () => {
  let server: Server;
  let base: string;
  let handler: NonNullable<Handler>;
  const client = new NodeHttpClient();

  before(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function failure(promise: Promise<unknown>): Promise<NetError> {
    try {
      await promise;
    } catch (error) {
      expect(NetError.isNetError(error), String(error)).to.equal(true);
      return error as NetError;
    }
    expect.fail('expected a NetError');
  }

  it('returns a JSON object on 200', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
    expect((await client.json(`${base}/x`)).json).to.deep.equal({ a: 1 });
  });

  it('ERR_HTTP_TIMEOUT covers a slow body too, and the message has no query string', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
    };
    const error = await failure(client.json(`${base}/slow?code=SECRET`, { timeoutMs: 150 }));
    expect(error.code).to.equal('ERR_HTTP_TIMEOUT');
    expect(error.message).to.contain(`${base}/slow`).and.not.contain('SECRET');
  });

  it('ERR_HTTP_BODY_TOO_LARGE on a declared or streamed oversize body', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-length': '2000' }).end('x'.repeat(2000));
    expect((await failure(client.request(`${base}/big`, { maxBytes: 1000 }))).code).to.equal('ERR_HTTP_BODY_TOO_LARGE');
    handler = (_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 20; i++) res.write('y'.repeat(100));
      res.end();
    };
    expect((await failure(client.request(`${base}/chunked`, { maxBytes: 1000 }))).code).to.equal(
      'ERR_HTTP_BODY_TOO_LARGE',
    );
  });

  it('never follows redirects', async () => {
    let followed = 0;
    handler = (req, res) => {
      if (req.url === '/target') followed += 1;
      res.writeHead(302, { location: '/target' }).end();
    };
    const error = await failure(client.json(`${base}/start`));
    expect(error.code).to.equal('ERR_HTTP_REDIRECT_REFUSED');
    expect(error.httpStatus).to.equal(302);
    expect(followed).to.equal(0);
  });

  it('ERR_HTTP_STATUS on non-200, ERR_HTTP_INVALID_JSON on bad JSON or a non-object', async () => {
    handler = (_req, res) => res.writeHead(500).end('oops');
    expect((await failure(client.json(`${base}/e`))).code).to.equal('ERR_HTTP_STATUS');
    handler = (_req, res) => res.writeHead(200).end('<html>');
    expect((await failure(client.json(`${base}/h`))).code).to.equal('ERR_HTTP_INVALID_JSON');
    handler = (_req, res) => res.writeHead(200).end('[1]');
    expect((await failure(client.json(`${base}/a`))).code).to.equal('ERR_HTTP_INVALID_JSON');
  });

  it('only http(s) URLs; network errors are ERR_HTTP_NETWORK', async () => {
    expect((await failure(client.request('file:///etc/passwd'))).code).to.equal('ERR_HTTP_URL_INVALID');
    expect((await failure(client.request('not a url'))).code).to.equal('ERR_HTTP_URL_INVALID');
    handler = (req) => req.socket.destroy();
    expect((await failure(client.request(`${base}/reset`))).code).to.equal('ERR_HTTP_NETWORK');
  });

  it('sends method, headers and body (token endpoint style)', async () => {
    handler = (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ method: req.method, ct: req.headers['content-type'], body })),
      );
    };
    const { json } = await client.json(`${base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(json).to.deep.equal({ method: 'POST', ct: 'application/x-www-form-urlencoded', body: 'a=1' });
  });

  it('decodes a gzip or brotli body a server compressed unasked, and caps the decoded size', async () => {
    const payload = JSON.stringify({ a: 'z'.repeat(500) });
    handler = (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(payload));
    expect((await client.json(`${base}/gz`)).json).to.deep.equal(JSON.parse(payload));
    handler = (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(payload));
    expect((await client.json(`${base}/br`)).json).to.deep.equal(JSON.parse(payload));
    // 1 MB of zeros compresses to about 1 KB: the cap applies to what is decoded.
    const bomb = gzipSync(Buffer.alloc(1024 * 1024));
    handler = (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
    expect(bomb.length).to.be.below(10_000);
    expect((await failure(client.request(`${base}/bomb`, { maxBytes: 64 * 1024 }))).code).to.equal(
      'ERR_HTTP_BODY_TOO_LARGE',
    );
    handler = (_req, res) => res.writeHead(200, { 'content-encoding': 'zstd-unknown' }).end('x');
    expect((await failure(client.request(`${base}/enc`))).message).to.contain('unsupported content encoding');
  });

  it('keeps connections alive, and still answers after the server closed the idle one', async () => {
    const sockets = new Set<unknown>();
    handler = (req, res) => {
      sockets.add(req.socket);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    };
    await client.json(`${base}/a`);
    await client.json(`${base}/b`);
    expect(sockets.size, 'the second call reused the first connection').to.equal(1);
    // The server drops its idle connections; the client's pooled socket is now stale.
    server.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await client.json(`${base}/c`)).json).to.deep.equal({ ok: true });
  });
});
