import type { RouteDefinition } from '../../../sdk/http.js';
import { HostError } from '../../../sdk/errors.js';
import type { HttpContext } from '../http-context.js';

/**
 * Admin CRUD of portals: `GET/POST /api/v1/Portal`, `GET/PUT/PATCH/DELETE /api/v1/Portal/:id`, and the
 * portal's users: `GET/POST /api/v1/Portal/:id/users` (`{ userId }`, a `portal` user), `DELETE
 * /api/v1/Portal/:id/users/:userId` (also ends that user's sessions in the portal).
 */
export function portalAdminRoutes(ctx: HttpContext): RouteDefinition[] {
  const portals = ctx.portals;
  const update: RouteDefinition['handler'] = async (request, reply) => {
    reply.json(await portals.update(request.params['id']!, request.body));
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/Portal',
      access: 'admin',
      async handler(_request, reply) {
        const list = await portals.list();
        reply.json({ total: list.length, list });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/Portal',
      access: 'admin',
      accepts: ['json'],
      async handler(request, reply) {
        reply.status(201).json(await portals.create(request.body));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/Portal/:id',
      access: 'admin',
      async handler(request, reply) {
        reply.json(await portals.get(request.params['id']!));
      },
    },
    { method: 'PUT', path: '/api/v1/Portal/:id', access: 'admin', accepts: ['json'], handler: update },
    { method: 'PATCH', path: '/api/v1/Portal/:id', access: 'admin', accepts: ['json'], handler: update },
    {
      method: 'DELETE',
      path: '/api/v1/Portal/:id',
      access: 'admin',
      async handler(request, reply) {
        await portals.delete(request.params['id']!);
        reply.json({ deleted: true });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/Portal/:id/users',
      access: 'admin',
      async handler(request, reply) {
        const list = await portals.users(request.params['id']!);
        reply.json({ total: list.length, list });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/Portal/:id/users',
      access: 'admin',
      accepts: ['json'],
      async handler(request, reply) {
        const userId = (request.body as Record<string, unknown> | undefined)?.['userId'];
        if (typeof userId !== 'string' || userId === '' || userId.length > 255) {
          throw new HostError('ERR_PORTAL_INVALID', 'Give the userId of a portal user', {
            status: 400,
            i18nKey: 'Portal.messages.ERR_PORTAL_INVALID',
            fields: { userId: 'required' },
          });
        }
        await portals.addUser(request.params['id']!, userId);
        reply.json({ linked: true });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/Portal/:id/users/:userId',
      access: 'admin',
      async handler(request, reply) {
        reply.json({ unlinked: await portals.removeUser(request.params['id']!, request.params['userId']!) });
      },
    },
  ];
}
