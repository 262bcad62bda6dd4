import type { FastifyInstance } from 'fastify';

/**
 * Raw binary bodies (`accepts: ['zip']`, e.g. an extension package upload): read into a Buffer up to the
 * route's `bodyLimit` (fastify answers 413 `ERR_BODY_TOO_LARGE` past it, before the handler runs). Every
 * other route refuses these types with 415 in `dispatch`, so the parser only ever feeds routes that asked.
 */
export const RAW_BODY_TYPES: readonly string[] = ['application/zip', 'application/octet-stream'];

export function registerRawBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser([...RAW_BODY_TYPES], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}
