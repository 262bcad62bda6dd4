import type { HttpRequest, RouteDefinition } from '../../../sdk/http.js';
import type { TeamDirectory, TeamInfo } from '../../../sdk/teams.js';
import { TYPES } from '../../../sdk/tokens.js';
import type { HttpContext } from '../http-context.js';
import { queryValue } from '../request-adapter.js';
import { teamError } from '../../teams/team-errors.js';
import { pageOf } from './admin-list-routes.js';

function teamJson(team: TeamInfo): Record<string, unknown> {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    memberCount: team.memberCount,
    createdAt: team.createdAt.toISOString(),
  };
}

function nameOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['name'] : undefined;
}

/**
 * Admin API of teams, through `TYPES.TeamDirectory`: `GET /api/v1/Team` (every team by name with
 * `memberCount`; `offset`/`maxSize` page it), `POST /api/v1/Team` `{ name }`, `GET /api/v1/Team/:id`,
 * `PUT|PATCH /api/v1/Team/:id` `{ name }` (rename: the id stays), `DELETE /api/v1/Team/:id` (with its
 * memberships; answers `removedMemberships`).
 */
export function teamAdminRoutes(ctx: HttpContext): RouteDefinition[] {
  const teams = (): TeamDirectory => ctx.services.get<TeamDirectory>(TYPES.TeamDirectory);
  const actor = (request: HttpRequest): string | undefined => request.user?.userName;
  const rename: RouteDefinition['handler'] = async (request, reply) => {
    const before = await teams().findById(request.params['id']!);
    const team = await teams().rename(request.params['id']!, nameOf(request.body) as string);
    ctx.logger.info('Team renamed', { teamId: team.id, from: before?.name, to: team.name, by: actor(request) });
    reply.json(teamJson(team));
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/Team',
      access: 'admin',
      async handler(request, reply) {
        const all = await teams().list();
        const paged = queryValue(request, 'offset') !== undefined || queryValue(request, 'maxSize') !== undefined;
        const { offset, limit } = paged ? pageOf(request) : { offset: 0, limit: all.length };
        reply.json({ total: all.length, list: all.slice(offset, offset + limit).map(teamJson) });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/Team',
      access: 'admin',
      accepts: ['json'],
      async handler(request, reply) {
        const team = await teams().create(nameOf(request.body) as string);
        ctx.logger.info('Team created', { teamId: team.id, name: team.name, by: actor(request) });
        reply.status(201).json(teamJson(team));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/Team/:id',
      access: 'admin',
      async handler(request, reply) {
        const team = await teams().findById(request.params['id']!);
        if (!team) {
          throw teamError('ERR_TEAM_NOT_FOUND', 'No such team', 404);
        }
        reply.json(teamJson(team));
      },
    },
    { method: 'PUT', path: '/api/v1/Team/:id', access: 'admin', accepts: ['json'], handler: rename },
    { method: 'PATCH', path: '/api/v1/Team/:id', access: 'admin', accepts: ['json'], handler: rename },
    {
      method: 'DELETE',
      path: '/api/v1/Team/:id',
      access: 'admin',
      async handler(request, reply) {
        const before = await teams().findById(request.params['id']!);
        const { removedMemberships } = await teams().delete(request.params['id']!);
        ctx.logger.info('Team deleted', {
          teamId: request.params['id'],
          name: before?.name,
          removedMemberships,
          by: actor(request),
        });
        reply.json({ deleted: true, removedMemberships });
      },
    },
  ];
}
