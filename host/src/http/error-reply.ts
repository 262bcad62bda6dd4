import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HostError } from '../../sdk/errors.js';
import type { Logger } from '../../sdk/logger.js';

/** Fastify's own 4xx errors -> stable codes with messages that never echo the request body. */
const CLIENT_ERRORS: Readonly<Record<number, { code: string; message: string }>> = {
  400: { code: 'ERR_BAD_REQUEST', message: 'The request could not be read' },
  404: { code: 'ERR_NOT_FOUND', message: 'Not found' },
  405: { code: 'ERR_METHOD_NOT_ALLOWED', message: 'Method not allowed' },
  413: { code: 'ERR_BODY_TOO_LARGE', message: 'The request body is too large' },
  415: { code: 'ERR_UNSUPPORTED_MEDIA_TYPE', message: 'This content type is not accepted here' },
};

export function sendError(reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

export function sendHostError(reply: FastifyReply, error: HostError): FastifyReply {
  return sendError(reply, error.status, error.toJSON());
}

/**
 * The one error handler: a HostError answers with its status and `{ code, message, i18nKey, fields }`;
 * fastify's request errors with a stable 4xx code; anything else with 500 `{ code: "ERR_INTERNAL" }` and
 * the error in the log (never a stack to the client).
 */
export function errorHandler(logger: Logger) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (HostError.is(error)) return sendHostError(reply, error);
    const status = (error as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const known = CLIENT_ERRORS[status] ?? CLIENT_ERRORS[400];
      return sendError(reply, status, {
        code: known.code,
        message: known.message,
        i18nKey: 'Global.messages.badRequest',
      });
    }
    logger.error('Request failed', {
      method: request.method,
      path: request.url.split('?')[0],
      error: error.message,
      stack: error.stack,
    });
    return sendError(reply, 500, {
      code: 'ERR_INTERNAL',
      message: 'Something went wrong on the server',
      i18nKey: 'Global.messages.internalError',
    });
  };
}
