import { AuthLogRecord } from '../../../sdk/entities/AuthLogRecord.js';
import { HostError } from '../../../sdk/errors.js';
import type { HttpRequest, RouteDefinition } from '../../../sdk/http.js';
import type { HttpContext } from '../http-context.js';
import { queryValue } from '../request-adapter.js';
import { floodLimits } from '../../sessions/flood-config.js';

export const MAX_PAGE_SIZE = 200;

/** `offset` and `maxSize` query parameters (non-negative integers; maxSize 1..200, default 50). */
export function pageOf(request: HttpRequest): { offset: number; limit: number } {
  const read = (name: string, fallback: number): number => {
    const raw = queryValue(request, name);
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d{1,9}$/.test(raw)) {
      throw new HostError('ERR_BAD_REQUEST', `${name} must be a non-negative integer`, {
        status: 400,
        i18nKey: 'Global.messages.badRequest',
        fields: { [name]: 'must be a non-negative integer' },
      });
    }
    return Number(raw);
  };
  return { offset: read('offset', 0), limit: Math.min(Math.max(read('maxSize', 50), 1), MAX_PAGE_SIZE) };
}

/**
 * `GET /api/v1/AuthLogRecord` (newest first; failure rows aggregate the attempts of one address and
 * reason per `failureWindowSeconds`: `attemptCount`, `createdAt` = first, `lastSeenAt` = last), admin
 * only, paginated. Teams: team-admin-routes.ts.
 */
export function adminListRoutes(ctx: HttpContext): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/AuthLogRecord',
      access: 'admin',
      async handler(request, reply) {
        const { offset, limit } = pageOf(request);
        const [records, total] = await ctx.persistence.em().findAndCount(
          AuthLogRecord,
          {},
          {
            orderBy: { createdAt: 'desc', id: 'desc' },
            offset,
            limit,
          },
        );
        reply.json({
          total,
          failureWindowSeconds: Math.round(floodLimits(ctx.config).authLogFailureWindowMs / 1000),
          list: records.map((r) => ({
            id: r.id,
            createdAt: r.createdAt.toISOString(),
            userName: r.userName,
            userId: r.user?.id ?? null,
            method: r.method,
            result: r.result,
            reasonCode: r.reasonCode,
            detail: r.detail,
            ipAddress: r.ipAddress,
            // Aggregated failures: how many attempts the row stands for, first (createdAt) and last sight.
            attemptCount: r.attemptCount,
            lastSeenAt: r.lastSeenAt ? r.lastSeenAt.toISOString() : null,
            aggregated: r.windowKey !== null,
          })),
        });
      },
    },
  ];
}
