/**
 * A second host process for the e2e tests: boots a host with the extension on DATABASE_URL (shared with
 * the test process) and SITE_URL, serves HTTP on a free loopback port, reports `{ url }` over IPC and stops
 * on the message `stop`.
 */
import 'reflect-metadata';
import { withHttp } from 'crm-host/internal/http/core-module';
import { startHttpServer } from 'crm-host/internal/http/server';
import { bootOidcHost } from '../../../support/oidc-host.js';

const host = await bootOidcHost(
  withHttp({ databaseUrl: process.env['DATABASE_URL'], siteUrl: process.env['SITE_URL'], logLevel: 'warn' }),
);
const server = await startHttpServer(host, { port: 0 });
process.send?.({ url: server.url });
process.on('message', (message) => {
  if (message !== 'stop') return;
  void (async () => {
    await server.close();
    await host.cleanup();
    process.exit(0);
  })();
});
