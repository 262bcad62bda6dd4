import type { User } from '../../../sdk/entities/User.js';
import type { RouteDefinition } from '../../../sdk/http.js';
import type { HttpContext } from '../http-context.js';

/** `GET|PATCH /api/v1/Settings` (admin). Secrets come back as `{ isSet }`; a refused save changes nothing. */
export function settingsRoutes(ctx: HttpContext): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/Settings',
      access: 'admin',
      async handler(_request, reply) {
        await ctx.config.refresh();
        reply.json(ctx.settings.view());
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/Settings',
      access: 'admin',
      accepts: ['json'],
      async handler(request, reply) {
        const view = await ctx.settings.save(request.body, request.user as User, request.language);
        ctx.logger.info('Settings saved', {
          by: (request.user as User).userName,
          fields: Object.keys(request.body as object),
        });
        reply.json(view);
      },
    },
  ];
}
