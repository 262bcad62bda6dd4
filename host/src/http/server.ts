import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceIdentifier } from 'inversify';
import type { AddressInfo } from 'node:net';
import { HostError } from '../../sdk/errors.js';
import type { HttpRouter, RouteDefinition, RouteProvider } from '../../sdk/http.js';
import { TYPES } from '../../sdk/tokens.js';
import type { Clock } from '../../sdk/logger.js';
import type { Host } from '../app/host.js';
import { PurgeRunner } from '../maintenance/purge-runner.js';
import { dispatch } from './dispatch.js';
import { errorHandler, sendError } from './error-reply.js';
import { HttpContext } from './http-context.js';
import { CoreRoutes } from './routes/core-routes.js';
import { registerRawBodyParser } from './raw-body.js';
import { securityHeaders } from './security-headers.js';
import { staticFile } from './static-files.js';

export const DEFAULT_BODY_LIMIT = 64 * 1024;
const MAX_BODY_LIMIT = 16 * 1024 * 1024;

function checkRoute(definition: RouteDefinition): void {
  const problem = !definition.path.startsWith('/')
    ? 'path must start with /'
    : definition.csrfExempt && definition.access !== 'none'
      ? 'csrfExempt is only allowed on routes with access "none"'
      : definition.bodyLimit !== undefined && !(definition.bodyLimit > 0 && definition.bodyLimit <= MAX_BODY_LIMIT)
        ? 'bodyLimit out of range'
        : null;
  if (problem) {
    throw new HostError('ERR_ROUTE_INVALID', `Route ${definition.method} ${definition.path}: ${problem}`, {
      status: 500,
      i18nKey: 'Global.messages.internalError',
    });
  }
}

/**
 * Builds the host's fastify app: core routes, then the routes of every `TYPES.RouteProvider` binding,
 * the static UI, sessions, CSRF, security headers and one error format. Not listening yet.
 */
export interface HttpAppOptions {
  /**
   * Addresses/CIDR ranges of reverse proxies whose `X-Forwarded-*` headers are believed (see
   * `parseTrustedProxies`); default none: the socket address is the client.
   */
  readonly trustedProxies?: readonly string[];
}

export async function buildHttpApp(host: Host, options: HttpAppOptions = {}): Promise<FastifyInstance> {
  const ctx = new HttpContext(host);
  await ctx.csrf.ensureSecret();
  const proxies = options.trustedProxies ?? [];
  const app = Fastify({
    logger: false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: proxies.length > 0 ? [...proxies] : false,
    return503OnClosing: true,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: DEFAULT_BODY_LIMIT });
  registerRawBodyParser(app);
  app.setErrorHandler(errorHandler(ctx.logger));
  app.addHook(
    'onSend',
    securityHeaders(() => ({ siteUrl: ctx.siteUrl(), hstsMaxAge: ctx.config.get('hstsMaxAge') })),
  );

  const router: HttpRouter = {
    route(definition) {
      checkRoute(definition);
      app.route({
        method: definition.method,
        url: definition.path,
        bodyLimit: definition.bodyLimit ?? DEFAULT_BODY_LIMIT,
        handler: (request, reply) => dispatch(ctx, definition, request, reply),
      });
    },
  };
  new CoreRoutes(ctx).register(router);
  for (const provider of ctx.services.getAll<RouteProvider>(TYPES.RouteProvider)) provider.register(router);

  app.setNotFoundHandler(async (request, reply) => {
    const urlPath = request.url.split('?')[0];
    if ((request.method === 'GET' || request.method === 'HEAD') && !urlPath.startsWith('/api/')) {
      const file = await staticFile(urlPath);
      if (file) return reply.code(200).type(file.contentType).header('Cache-Control', 'no-cache').send(file.body);
    }
    return sendError(reply, 404, { code: 'ERR_NOT_FOUND', message: 'Not found', i18nKey: 'Global.messages.notFound' });
  });
  return app;
}

/** How long a stopping server lets open connections finish before it closes them. */
export const SHUTDOWN_GRACE_MS = 5_000;

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  /** The periodic purge of expired rows this server runs (see `PurgeRunner`). */
  purge: PurgeRunner;
  close(): Promise<void>;
}

/** The purge job of a host (its own tasks plus every `TYPES.PurgeTask` binding). */
export function purgeRunnerOf(host: Host): PurgeRunner {
  const container = host.container;
  return new PurgeRunner({
    persistence: host.persistence,
    config: host.config,
    clock: container.isBound(TYPES.Clock) ? container.get<Clock>(TYPES.Clock) : { now: () => Date.now() },
    logger: host.logger.child('purge'),
    services: {
      get: <T>(id: ServiceIdentifier<T>) => container.get<T>(id),
      getAll: <T>(id: ServiceIdentifier<T>) => container.getAll<T>(id, { optional: true }),
      isBound: (id: ServiceIdentifier) => container.isBound(id),
    },
  });
}

/**
 * Builds the app and listens (port 0 picks a free port). Every serving process also runs the purge job
 * every `purgeInterval` (`purge: false` turns it off, e.g. for tests that drive it themselves).
 */
export async function startHttpServer(
  host: Host,
  options: { port: number; hostname?: string; purge?: boolean } & HttpAppOptions,
): Promise<RunningServer> {
  const app = await buildHttpApp(host, { trustedProxies: options.trustedProxies });
  await app.listen({ port: options.port, host: options.hostname ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const purge = purgeRunnerOf(host);
  if (options.purge !== false) purge.start();
  return {
    url: `http://${hostname}:${address.port}`,
    app,
    purge,
    async close() {
      await purge.stop();
      // A stop must end: requests in flight get SHUTDOWN_GRACE_MS, then every connection still open (a
      // browser tab polling on a kept-alive connection) is closed, so SIGTERM always stops the process.
      const deadline = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      deadline.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(deadline);
      }
    },
  };
}
