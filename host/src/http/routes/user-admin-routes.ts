import { HostError } from '../../../sdk/errors.js';
import type { HttpRequest, RouteDefinition } from '../../../sdk/http.js';
import { UserAdminService } from '../../users/user-admin-service.js';
import type { HttpContext } from '../http-context.js';
import { queryValue } from '../request-adapter.js';
import { pageOf } from './admin-list-routes.js';

function teamOf(body: unknown): string {
  const data = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const team = data['teamId'] ?? data['team'];
  if (typeof team !== 'string' || team.trim() === '' || team.length > 255) {
    throw new HostError('ERR_TEAM_INVALID', 'Give the team: { "teamId": "<id>" } or { "team": "<name>" }', {
      status: 400,
      i18nKey: 'Team.messages.ERR_TEAM_INVALID',
      fields: { teamId: 'required' },
    });
  }
  return team.trim();
}

/**
 * Admin API of users: `GET /api/v1/User` (`q`, `offset`, `maxSize`; each user with teams, membership
 * sources and identity links), `GET /api/v1/User/:id`, `POST /api/v1/User/:id/activate|deactivate`
 * (deactivate ends the sessions; never the last active admin, never yourself), `POST
 * /api/v1/User/:id/teams` `{ teamId }` (a manual membership), `DELETE /api/v1/User/:id/teams/:teamId`,
 * `DELETE /api/v1/User/:id/identity-links/:linkId`.
 */
export function userAdminRoutes(ctx: HttpContext): RouteDefinition[] {
  const users = new UserAdminService(ctx.services);
  const by = (request: HttpRequest): string | undefined => request.user?.userName;
  return [
    {
      method: 'GET',
      path: '/api/v1/User',
      access: 'admin',
      async handler(request, reply) {
        const { offset, limit } = pageOf(request);
        const query = queryValue(request, 'q')?.slice(0, 255);
        reply.json(await users.list({ offset, limit, query }));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/User/:id',
      access: 'admin',
      async handler(request, reply) {
        reply.json(await users.get(request.params['id']!));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/User/:id/activate',
      access: 'admin',
      async handler(request, reply) {
        const user = await users.activate(request.params['id']!);
        ctx.logger.info('User activated', { userId: user.id, userName: user.userName, by: by(request) });
        reply.json(user);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/User/:id/deactivate',
      access: 'admin',
      async handler(request, reply) {
        const done = await users.deactivate(request.params['id']!, request.user?.id);
        ctx.logger.info('User deactivated', {
          userId: done.user.id,
          userName: done.user.userName,
          endedSessions: done.endedSessions,
          by: by(request),
        });
        reply.json({ ...done.user, endedSessions: done.endedSessions });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/User/:id/teams',
      access: 'admin',
      accepts: ['json'],
      async handler(request, reply) {
        const team = await users.addToTeam(request.params['id']!, teamOf(request.body));
        ctx.logger.info('Team membership added', { userId: request.params['id'], teamId: team.id, by: by(request) });
        reply.status(201).json(team);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/User/:id/teams/:teamId',
      access: 'admin',
      async handler(request, reply) {
        const team = await users.removeFromTeam(request.params['id']!, request.params['teamId']!);
        ctx.logger.info('Team membership removed', {
          userId: request.params['id'],
          teamId: team.id,
          source: team.source,
          by: by(request),
        });
        reply.json({ removed: true, ...team });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/User/:id/identity-links/:linkId',
      access: 'admin',
      async handler(request, reply) {
        const done = await users.unlink(request.params['id']!, request.params['linkId']!);
        ctx.logger.info('Identity link removed', {
          userId: request.params['id'],
          linkId: done.link.id,
          issuer: done.link.issuer,
          endedSessions: done.endedSessions,
          by: by(request),
        });
        reply.json({ unlinked: true, ...done });
      },
    },
  ];
}
