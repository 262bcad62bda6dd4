import { expect } from 'chai';
import net from 'node:net';
import { SHUTDOWN_GRACE_MS, startHttpServer } from '../../src/http/server.js';
import { bootHttpTestHost, type HttpTestHost } from './support/test-host.js';

/** `crm-host start` stops on SIGTERM by closing its server: that must end even while a client holds a request open. */
describe('http: server-stop-hangs-on-open-connection', function () {
  this.timeout(SHUTDOWN_GRACE_MS + 20_000);
  let host: HttpTestHost;
  before(async () => {
    host = await bootHttpTestHost();
  });
  after(() => host.cleanup());

  it('close() ends within the grace period although a request is still being sent', async () => {
    const server = await startHttpServer(host, { port: 0, purge: false });
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    // Headers never finished: a request in flight that would keep the server open for ever.
    socket.write('GET /api/v1/App/loginData HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await server.close();
    const took = Date.now() - started;
    expect(took).to.be.below(SHUTDOWN_GRACE_MS + 3_000);
    await closed;
  });
});
