import { HostError, type ConfigValue, type HttpRequest, type HttpRouter, type RouteProvider } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { LoginStarter } from '../login-starter.js';
import { isHead } from '../routes.js';
import { OIDC_TYPES } from '../tokens.js';
import type { TestLoginDrafting } from './drafting.js';
import { DRAFT_PROVIDER_PREFIX, type TestLoginDraft, type TestLoginDraftStore } from './drafts.js';
import { TEST_LOGIN_TYPES } from './tokens.js';

export const TEST_LOGIN_API = '/api/v1/Oidc/testLogin';
export const TEST_LOGIN_START = '/oidc/test-login';

const notFound = (): HostError =>
  new HostError('ERR_NOT_FOUND', 'No such test login', { status: 404, i18nKey: 'Global.messages.notFound' });

/**
 * `POST /api/v1/Oidc/testLogin` (admin): `{ values }` = the form's unsaved changes -> `{ id, url }`; the
 * settings page opens `url` (`GET /oidc/test-login?draft=<id>`) in a popup, which signs in at the IdP with
 * those settings (transaction mode `test`). `GET /api/v1/Oidc/testLogin?draft=<id>` -> `{ report }`.
 *
 * The start URL of a draft made by the settings page works only for the admin who made it (their
 * session). A draft made by `crm-host oidc test-login` is started by its URL alone (the 128-bit id is the
 * capability, printed only to whoever can run the CLI on the instance; it lives 10 minutes): the admin who
 * runs the CLI may open it in any browser, signed in to the CRM or not. Nothing a test login does changes
 * a user, a team or a session.
 */
@injectable()
export class TestLoginRoutes implements RouteProvider {
  constructor(
    @inject(TEST_LOGIN_TYPES.DraftStore) private readonly drafts: TestLoginDraftStore,
    @inject(TEST_LOGIN_TYPES.Drafting) private readonly drafting: TestLoginDrafting,
    @inject(OIDC_TYPES.LoginStarter) private readonly starter: LoginStarter,
  ) {}

  register(router: HttpRouter): void {
    router.route({
      method: 'POST',
      path: TEST_LOGIN_API,
      access: 'admin',
      bodyLimit: 64 * 1024,
      handler: async (request, reply) => {
        const body = request.body as { values?: unknown } | undefined;
        const patch = body?.values;
        if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
          throw new HostError('ERR_BAD_REQUEST', 'values must be an object of settings', {
            status: 400,
            i18nKey: 'Global.messages.badRequest',
          });
        }
        const user = request.user!;
        const draft = await this.drafting.create(patch as Record<string, ConfigValue>, {
          origin: 'ui',
          adminId: user.id,
          adminUserName: user.userName,
        });
        reply.json({ id: draft.id, url: `${TEST_LOGIN_START}?draft=${draft.id}` });
      },
    });
    router.route({
      method: 'GET',
      path: TEST_LOGIN_API,
      access: 'admin',
      handler: async (request, reply) => {
        const draft = await this.drafts.get(request.query['draft']);
        if (!draft || draft.adminId !== request.user?.id) throw notFound();
        reply.header('Cache-Control', 'no-store').json({ report: draft.report });
      },
    });
    router.route({
      method: 'GET',
      path: TEST_LOGIN_START,
      access: 'none',
      handler: async (request, reply) => {
        if (isHead(request, reply)) return;
        const draft = await this.drafts.get(request.query['draft']);
        if (!draft || !mayStart(draft, request)) throw notFound();
        await this.starter.start(request, reply, {
          mode: 'test',
          providerId: `${DRAFT_PROVIDER_PREFIX}${draft.id}`,
          returnTo: '/admin/settings',
        });
      },
    });
  }
}

function mayStart(draft: TestLoginDraft, request: HttpRequest): boolean {
  if (draft.origin === 'cli') return true;
  return request.user?.type === 'admin' && request.user.isActive && draft.adminId === request.user.id;
}
