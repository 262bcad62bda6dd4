import type { HttpRouter, RouteProvider } from '../../../sdk/http.js';
import type { HttpContext } from '../http-context.js';
import { adminListRoutes } from './admin-list-routes.js';
import { extensionAdminRoutes } from './extension-admin-routes.js';
import { loginRoutes } from './login-routes.js';
import { logoutRoutes } from './logout-routes.js';
import { metadataRoutes } from './metadata-routes.js';
import { portalAdminRoutes } from './portal-admin-routes.js';
import { portalRoutes } from './portal-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { teamAdminRoutes } from './team-admin-routes.js';
import { userAdminRoutes } from './user-admin-routes.js';
import { userRoutes } from './user-routes.js';

/** The host's own API under `/api/v1/`. */
export class CoreRoutes implements RouteProvider {
  constructor(private readonly ctx: HttpContext) {}

  register(router: HttpRouter): void {
    const groups = [userRoutes, loginRoutes, logoutRoutes, settingsRoutes, metadataRoutes, adminListRoutes];
    for (const group of [
      ...groups,
      portalAdminRoutes,
      portalRoutes,
      teamAdminRoutes,
      userAdminRoutes,
      extensionAdminRoutes,
    ]) {
      for (const route of group(this.ctx)) router.route(route);
    }
  }
}
