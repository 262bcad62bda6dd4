import { TeamMembership } from '../../../sdk/entities/TeamMembership.js';
import type { User } from '../../../sdk/entities/User.js';
import type { RouteDefinition } from '../../../sdk/http.js';
import type { Persistence } from '../../../sdk/persistence.js';
import type { HttpContext } from '../http-context.js';
import type { FastifyHttpRequest } from '../request-adapter.js';

export function userSummary(user: User): Record<string, unknown> {
  return {
    id: user.id,
    userName: user.userName,
    name: user.name,
    firstName: user.firstName,
    lastName: user.lastName,
    emailAddress: user.emailAddress,
    type: user.type,
    isAdmin: user.isAdmin,
  };
}

export async function teamsOf(persistence: Persistence, userId: string): Promise<Array<{ id: string; name: string }>> {
  const links = await persistence
    .em()
    .find(TeamMembership, { user: userId }, { populate: ['team'], orderBy: { team: { name: 'asc' } } });
  return links.map((link) => ({ id: link.team.id, name: link.team.name }));
}

/** `GET /api/v1/App/user`: the signed-in user, teams and (for sessions) the CSRF token. */
export function userRoutes(ctx: HttpContext): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/App/user',
      access: 'user',
      async handler(request, reply) {
        const { auth } = request as FastifyHttpRequest;
        const user = auth.user as User;
        reply.json({
          user: userSummary(user),
          teams: await teamsOf(ctx.persistence, user.id),
          method: auth.method,
          methodLabel: (auth.method ? ctx.loginMethod(auth.method)?.sessionLabel?.(request.language) : null) ?? null,
          csrfToken: auth.session ? ctx.csrf.tokenFor(auth.session.id) : null,
        });
      },
    },
  ];
}
